"""Size limits on an article, and a sentence splitter whose work grows linearly with the text.

pysbd, the sentence splitter, is quadratic on some punctuation ("![" or "?(" repeated), so it
never sees more than PIECE_CHARS characters at once: a long paragraph is cut first at likely
sentence ends by a scan that looks at each character a bounded number of times.
"""

from __future__ import annotations

import re

import pysbd

MAX_ARTICLE_CHARS = 200_000  # the web form's limit too; a long feature is about 40,000
MAX_LINE_CHARS = 10_000  # a whole paragraph on one line is rarely over 3,000
# A longer "sentence" is a run-on paragraph: too long to quote, so never asked about.
MAX_SENTENCE_CHARS = 1_000
PIECE_CHARS = MAX_SENTENCE_CHARS
# A sentence end: one mark, closing quotes or brackets, then space. Each match starts at a
# mark and the classes after it exclude marks, so no character is scanned from two starts.
LIKELY_END = re.compile(r"[.!?][\"'”’)\]]{0,4}\s")


class TooLong(ValueError):
    """The article is longer than drafting reads; the message says where and what to do."""


def check_size(text: str) -> None:
    """Refuse an article or a line past the limits, before any pattern runs over it."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise TooLong(
            f"the article is {len(text):,} characters long and drafting reads at most"
            f" {MAX_ARTICLE_CHARS:,}: draft it in parts"
        )
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise TooLong(
                f"line {number} is {len(line):,} characters long and drafting reads lines of"
                f" at most {MAX_LINE_CHARS:,}: break it into paragraphs"
            )


def pieces(paragraph: str, limit: int = PIECE_CHARS) -> list[tuple[str, bool]]:
    """Cut `paragraph` into pieces of at most `limit` characters, at likely sentence ends
    where there are some, else at a space, else anywhere; each with whether it ends cleanly."""
    out: list[tuple[str, bool]] = []
    ends = [match.end() for match in LIKELY_END.finditer(paragraph)]
    start, index = 0, 0
    while len(paragraph) - start > limit:
        stop = start + limit
        cut = 0
        while index < len(ends) and ends[index] <= stop:
            cut = max(cut, ends[index])
            index += 1
        clean = cut > start
        if not clean:
            space = paragraph.rfind(" ", start + 1, stop)
            cut = space + 1 if space > start else stop
        out.append((paragraph[start:cut], clean))
        start = cut
    out.append((paragraph[start:], True))
    return out


class SentenceSplitter:
    """pysbd over bounded pieces of each paragraph."""

    def __init__(self) -> None:
        self.segmenter = pysbd.Segmenter(language="en", clean=False)

    def split(self, paragraph: str) -> list[str]:
        """The sentences of `paragraph`; a sentence cut between two pieces is joined again
        (it is then longer than a piece, too long to quote)."""
        sentences: list[str] = []
        joined = False
        for piece, clean in pieces(paragraph):
            parts = self.segmenter.segment(piece) if _has_letters(piece) else [piece]
            parts = [part.strip() for part in parts if part.strip()]
            if joined and parts and sentences:
                sentences[-1] += " " + parts.pop(0)
            sentences += parts
            joined = not clean
        return sentences


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)
