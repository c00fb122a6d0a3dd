"""Hostile articles: lines built to make backtracking patterns and pysbd do quadratic work."""

from __future__ import annotations

import itertools
import string

from quizapp.drafting.limits import MAX_ARTICLE_CHARS, MAX_LINE_CHARS

# Each pattern, repeated to a whole line, once cost seconds to minutes in the old code.
PATTERNS = [
    "[",  # link text with no closing bracket: 43 s for a 40,000-character line
    "![",  # image markup, and pysbd's exclamation rules
    "?( ",
    " *a",  # emphasis that never closes
    "**a ",
    " _a",
    "ABC ",  # runs of capitals
    "St. ",  # abbreviations
    ".",
    "1234567890",
    "12 ",
    "{1:MC:",
]


def _line(pattern: str, width: int) -> str:
    body = (pattern * (width // len(pattern) + 1))[: width - 40]
    return f"The people said that {body} and then left."


def _names_and_numbers(count: int) -> list[str]:
    """Many distinct names and numbers: the distractor pools at their largest."""
    words = ("".join(p) for p in itertools.product(string.ascii_lowercase, repeat=3))
    return [
        f"Dr {word.title()} Okafor met {n * 7 + 13} people in {word.title()}ville in {1800 + n}."
        for n, word in zip(range(count), words, strict=False)
    ]


def hostile_article(size: int, width: int = MAX_LINE_CHARS - 1) -> str:
    """About `size` characters: hostile lines, then paragraphs of names and numbers."""
    paragraphs = ["A Hostile Article", "By Jane Doe"]
    total = 0
    for pattern in itertools.cycle(PATTERNS):
        if total > size // 2:
            break
        paragraphs.append(_line(pattern, width))
        total += width
    sentences = _names_and_numbers((size - total) // 50)
    paragraphs += [" ".join(sentences[i : i + 10]) for i in range(0, len(sentences), 10)]
    return "\n\n".join(paragraphs)[:size]


def within_limits() -> str:
    return hostile_article(MAX_ARTICLE_CHARS - 1_000)
