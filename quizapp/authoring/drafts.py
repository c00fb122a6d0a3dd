"""What the draft review page shows: each draft with its sentence and answer. No Flask here."""

from __future__ import annotations

from dataclasses import dataclass

from ..drafting import highlight


def sentence_key(paragraph: int, sentence: int) -> str:
    return f"{paragraph}.{sentence}"


def number_sentences(sentences: dict[tuple[int, int], str]) -> dict[str, str]:
    """drafting's (paragraph, sentence) keys as JSON-friendly "p.s" strings."""
    return {sentence_key(p, s): text for (p, s), text in sentences.items()}


def answer_texts(question: dict) -> list[str]:
    """The texts a question's answer may appear as in its sentence, best first."""
    kind = question.get("type")
    if kind in ("single", "multiple"):
        return [c["text"] for c in question.get("choices", []) if c.get("correct")]
    if kind == "numeric":
        return [_number(question["answer"])] if "answer" in question else []
    if kind == "short":
        return list(question.get("answers", []))
    if kind == "cloze":
        texts: list[str] = []
        for blank in question.get("blanks", []):
            texts += [blank["answer"]] if "answer" in blank else list(blank.get("answers", []))
        return texts
    if kind == "matching":
        return [pair["right"] for pair in question.get("pairs", [])]
    return []


def _number(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else str(value)


@dataclass(frozen=True)
class Marked:
    """A source sentence split around the answer: `span` is empty when it is not found."""

    before: str
    span: str
    after: str


def mark_answer(sentence: str, question: dict) -> Marked:
    """Find the first of the question's answers that occurs in the sentence."""
    for text in answer_texts(question):
        before, span, after = highlight(sentence, str(text))
        if span:
            return Marked(before, span, after)
    return Marked(sentence, "", "")


def citation(question: dict) -> tuple[int, int | None]:
    source = question.get("source")
    if isinstance(source, dict):
        return source.get("paragraph", 1), source.get("sentence")
    return (source if isinstance(source, int) else 1), None
