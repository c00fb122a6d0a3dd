"""What every lint check shares: where a flag points, what it says, what a learner sees.

Kept apart from lint.py, which runs the checks, so that the check modules import this and
lint.py imports them, without a circle.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Bank

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Flag:
    """A warning before its line is known: where in the bank (as a path of keys) and what."""

    at: Loc
    check: str
    message: str
    fix: str


@dataclass(frozen=True)
class Context:
    bank: Bank
    article: list[str] | None  # the source article's sentences, when given


def shown_texts(question) -> list[tuple[Loc, str]]:
    """What a learner reads before answering, each with its place in the question."""
    texts: list[tuple[Loc, str]] = [(("prompt",), question.prompt)]
    kind = question.type
    if kind in ("single", "multiple"):
        texts += [(("choices", i, "text"), c.text) for i, c in enumerate(question.choices)]
    elif kind == "ordering":
        texts += [(("items", i), item) for i, item in enumerate(question.items)]
    elif kind == "matching":
        texts += [(("pairs", i, "left"), p.left) for i, p in enumerate(question.pairs)]
        texts += [(("pairs", i, "right"), p.right) for i, p in enumerate(question.pairs)]
        texts += [(("distractors", i), d) for i, d in enumerate(question.distractors)]
    elif kind == "cloze":
        texts.append((("text",), question.text))
        for number, blank in enumerate(question.blanks):
            for i, option in enumerate(getattr(blank, "options", [])):
                texts.append((("blanks", number, "options", i), option))
    return texts


def at_question(index: int, *rest: str | int) -> Loc:
    return ("questions", index, *rest)
