"""Question builders: each turns a fact in a sentence into one draft question."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .quality import (
    PRIORITY,
    answerable,
    fair_distractor,
    nearest,
    normalise,
    spelled_out,
    tolerance,
)
from .spans import LABELS, Span

GAP = "_____"
MAX_PER_SENTENCE = 2  # one more in a sentence of over LONG_SENTENCE words
LONG_SENTENCE = 25
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
# The question types each kind of fact rotates through, so a bank is not all one type.
ROTATION = {
    "quantity": ("numeric", "single"),
    "year": ("numeric", "single", "cloze"),
    "date": ("cloze", "single"),
    "person": ("single", "cloze"),
    "org": ("single", "cloze"),
    "place": ("single", "cloze"),
    "name": ("cloze",),
}

Key = tuple[int, int]


@dataclass(frozen=True)
class Fact:
    span: Span
    where: Key
    sentence: str


class Drafter:
    """Draft questions from the spans of every sentence of one article."""

    def __init__(self, sentences: dict[Key, str], spans: dict[Key, list[Span]]):
        self.sentences = sentences
        self.spans = spans
        self.pools: dict[str, list[Span]] = {}
        for found in spans.values():
            for span in found:
                pool = self.pools.setdefault(_pool(span), [])
                if all(other.key != span.key for other in pool):
                    pool.append(span)
        self.turns: Counter[str] = Counter()
        self._choices: dict[tuple[str, int], list[Span]] = {}

    def questions(self) -> list[dict]:
        asked: Counter[str] = Counter()
        drafted: list[dict] = []
        for paragraph in sorted({p for p, _ in self.sentences}):
            keys = [key for key in self.sentences if key[0] == paragraph]
            count = len(drafted)
            for key in keys:
                drafted += self._sentence(key, asked, strict=True)
            drafted += self._true_false(keys, drafted[count:])
            # Every paragraph with a fact gets a question, even on a fact asked before.
            for key in keys if len(drafted) == count else ():
                drafted += self._sentence(key, asked, strict=False)
                if len(drafted) > count:
                    break
        return _unique(drafted)

    def _sentence(self, key: Key, asked: Counter[str], *, strict: bool) -> list[dict]:
        sentence = self.sentences[key]
        candidates = [s for s in self.spans[key] if answerable(s, sentence)]
        candidates.sort(key=lambda s: (PRIORITY[s.kind], s.start))
        chosen: list[Span] = []
        limit = MAX_PER_SENTENCE + (len(sentence.split()) > LONG_SENTENCE)
        for span in candidates:
            if len(chosen) == limit:
                break
            if (strict and asked[span.key] >= 1) or any(o.key == span.key for o in chosen):
                continue
            chosen.append(span)
            asked[span.key] += 1
        cloze: list[Span] = []
        questions = []
        for span in sorted(chosen, key=lambda s: s.start):
            kind = self._turn(span, sentence)
            if kind == "cloze":
                cloze.append(span)
            elif kind == "numeric":
                questions.append(numeric(Fact(span, key, sentence)))
            else:
                choices = self._distractors(span, sentence)
                questions.append(single(Fact(span, key, sentence), choices))
        if cloze:
            blanks = [(span, self._distractors(span, sentence)) for span in cloze]
            questions.insert(0, cloze_question(key, sentence, blanks))
        return questions

    def _turn(self, span: Span, sentence: str) -> str:
        if spelled_out(span, sentence):
            return "cloze"
        if span.kind == "quantity" and span.text[:1].isalpha():
            return "numeric"  # "three summers": type 3; words make odd choices
        options = [
            kind
            for kind in ROTATION[span.kind]
            if kind != "single" or len(self._distractors(span, sentence)) >= 2
        ]
        turn = options[self.turns[span.kind] % len(options)]
        self.turns[span.kind] += 1
        return turn

    def _distractors(self, span: Span, sentence: str) -> list[Span]:
        key = (sentence, span.start)
        if key not in self._choices:
            self._choices[key] = self._find_distractors(span, sentence)
        return self._choices[key]

    def _find_distractors(self, span: Span, sentence: str) -> list[Span]:
        if span.kind == "name":
            return []
        pool = [o for o in self.pools.get(_pool(span), []) if fair_distractor(span, o, sentence)]
        chosen: list[Span] = []
        for other in nearest(span, pool):
            if all(not _echo(other.text, c.text) for c in chosen):
                chosen.append(other)
            if len(chosen) == MAX_CHOICES - 1:
                break
        return chosen

    def _true_false(self, keys: list[Key], drafted: list[dict]) -> list[dict]:
        """One true/false pair per paragraph, on a sentence with no question yet if possible."""
        used = Counter((q["source"]["paragraph"], q["source"]["sentence"]) for q in drafted)
        for key in sorted(keys, key=lambda k: (used[k], k)):
            sentence = self.sentences[key]
            spans = [
                s
                for s in self.spans[key]
                if s.kind != "name" and answerable(s, sentence) and not spelled_out(s, sentence)
            ]
            # A town swapped for another may still be true (it may lie inside the other).
            spans = [s for s in spans if s.kind != "place" or s.shape == "country"]
            for span in sorted(spans, key=lambda s: (PRIORITY[s.kind], s.start)):
                swaps = self._distractors(span, sentence)
                if swaps:
                    return true_false(Fact(span, key, sentence), swaps[0])
        return []


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
        if span.kind in ("date", "year") and len(distractors) >= 2:
            options = _shuffled(span.text, [d.text for d in distractors], sentence)
            parts.insert(0, {"options": options, "answer": span.text})
        else:
            parts.insert(0, {"answers": _unique_texts([span.text, *span.aliases])})
    labels = _and_list([LABELS[span.kind] for span, _ in blanks])
    where = f"paragraph {key[0]}, sentence {key[1]}"
    prompt = f"Fill in the missing {labels} ({where})."
    fact = Fact(blanks[0][0], key, sentence)
    tags = [span.kind for span, _ in blanks]
    return _question(
        "cloze", prompt, {"text": text, "blanks": parts}, fact, _source_note(fact), tags
    )


def true_false(fact: Fact, swap: Span) -> list[dict]:
    span, sentence = fact.span, fact.sentence
    false_statement = sentence[: span.start] + swap.text + sentence[span.end :]
    note = _source_note(fact)
    wrong = f"False. {note} It says “{span.text}”, not “{swap.text}”."
    return [
        _question(
            "true_false",
            f"True or false? “{sentence}”",
            {"answer": True},
            fact,
            f"True. {note}",
            [span.kind],
        ),
        _question(
            "true_false",
            f"True or false? “{false_statement}”",
            {"answer": False},
            fact,
            wrong,
            [span.kind],
        ),
    ]


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


def _pool(span: Span) -> str:
    return f"{span.kind}:{span.shape}" if span.kind in ("date", "place") else span.kind


def _echo(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a in b or b in a


def _unique_texts(texts: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(text.casefold(), text)
    return list(seen.values())


def _and_list(words: list[str]) -> str:
    words = _unique_texts(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _unique(questions: list[dict]) -> list[dict]:
    """Drop a question whose prompt repeats an earlier one's."""
    seen: set[str] = set()
    kept = []
    for question in questions:
        key = normalise(question["prompt"])
        if key not in seen and question["id"] not in seen:
            seen.update((key, question["id"]))
            kept.append(question)
    return kept
