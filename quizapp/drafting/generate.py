"""Question builders: each turns a fact in a sentence into one draft question."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from .quality import normalise, tolerance
from .spans import LABELS, Span

GAP = "_____"
MAX_CHOICES = 4
TAGS = {
    "person": "people",
    "org": "organisations",
    "place": "places",
    "name": "names",
    "date": "dates",
    "year": "dates",
    "quantity": "numbers",
}
Key = tuple[int, int]


@dataclass(frozen=True)
class Fact:
    span: Span
    where: Key
    sentence: str


def numeric(fact: Fact) -> dict:
    span = fact.span
    assert span.value is not None
    label = "year" if span.kind == "year" else "number"
    body: dict = {"answer": _number(span.value)}
    allowed = tolerance(span)
    note = ""
    if allowed:
        body["tolerance"] = allowed
        note = f" Answers within {_number(allowed)} count, as the article says “{span.hedge}”."
    if span.unit and span.unit != "%":
        body["unit"] = span.unit
    prompt = f"What {label} goes in the gap? “{_gapped(fact)}”"
    return _question("numeric", prompt, body, fact, _source_note(fact) + note, [span.kind])


def single(fact: Fact, distractors: list[Span]) -> dict:
    span = fact.span
    texts = _shuffled(span.text, [d.text for d in distractors], fact.sentence)
    choices = [
        {"text": text, "correct": True} if text == span.text else {"text": text} for text in texts
    ]
    prompt = f"Which {LABELS[span.kind]} goes in the gap? “{_gapped(fact)}”"
    return _question("single", prompt, {"choices": choices}, fact, _source_note(fact), [span.kind])


def cloze_question(key: Key, sentence: str, blanks: list[tuple[Span, list[Span]]]) -> dict:
    text, parts = sentence, []
    for number, (span, distractors) in reversed(list(enumerate(blanks, start=1))):
        text = text[: span.start] + f"[[{number}]]" + text[span.end :]
        options = _shuffled(span.text, [d.text for d in distractors], sentence)
        parts.insert(0, {"options": options, "answer": span.text})
    labels = _and_list([LABELS[span.kind] for span, _ in blanks])
    where = f"paragraph {key[0]}, sentence {key[1]}"
    prompt = f"Fill in the missing {labels} ({where})."
    fact = Fact(blanks[0][0], key, sentence)
    tags = [span.kind for span, _ in blanks]
    return _question(
        "cloze", prompt, {"text": text, "blanks": parts}, fact, _source_note(fact), tags
    )


def _question(
    kind: str, prompt: str, body: dict, fact: Fact, explanation: str, tags: list[str]
) -> dict:
    question = {"type": kind, "prompt": prompt, **body, "explanation": explanation}
    question["source"] = {"paragraph": fact.where[0], "sentence": fact.where[1]}
    question["tags"] = _unique_texts([TAGS[tag] for tag in tags])
    question["draft"] = True
    return {"id": stable_id(kind, fact.span.text, question), **question}


def stable_id(kind: str, answer: str, content: dict) -> str:
    """An id from the question's content: the same draft always gets the same id."""
    prefix = {"numeric": "num", "single": "choice", "true_false": "tf"}.get(kind, kind)
    digest = hashlib.sha1(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:8]
    slug = slugify(answer)[:40].strip("-")
    return f"{prefix}-{slug}-{digest}" if slug else f"{prefix}-{digest}"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _source_note(fact: Fact) -> str:
    paragraph, sentence = fact.where
    return f"From paragraph {paragraph}, sentence {sentence}: “{fact.sentence}”"


def _gapped(fact: Fact) -> str:
    return fact.sentence[: fact.span.start] + GAP + fact.sentence[fact.span.end :]


def _shuffled(answer: str, others: list[str], seed: str) -> list[str]:
    """Put the answer at a position fixed by the sentence, so it is not always first."""
    position = int(hashlib.sha1(f"{seed}|{answer}".encode()).hexdigest(), 16) % (len(others) + 1)
    return [*others[:position], answer, *others[position:]]


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def pool_name(span: Span) -> str:
    return f"{span.kind}:{span.shape}" if span.kind in ("date", "place") else span.kind


def _unique_texts(texts: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(text.casefold(), text)
    return list(seen.values())


def _and_list(words: list[str]) -> str:
    words = _unique_texts(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def unique_prompts(questions: list[dict]) -> list[dict]:
    """Drop a question whose prompt repeats an earlier one's."""
    seen: set[str] = set()
    kept = []
    for question in questions:
        key = normalise(question["prompt"])
        if key not in seen and question["id"] not in seen:
            seen.update((key, question["id"]))
            kept.append(question)
    return kept
