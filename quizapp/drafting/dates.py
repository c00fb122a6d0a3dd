"""Date forms shared by the article header parser and the span detector."""

from __future__ import annotations

import datetime as dt
import re

from .lexicon import MONTHS

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_ABBR_DOT = r"(?<=[a-z])\.?"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1\d{3}|20\d{2}|2100)"

# Each form: (regex, shape). The shape tells which other dates make fair distractors.
DATE_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"), "day"),
    (re.compile(rf"\b{MONTH}{_ABBR_DOT}\s+{DAY},?\s+{YEAR}\b"), "day"),
    (re.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH}{_ABBR_DOT},?\s+{YEAR}\b"), "day"),
    (re.compile(rf"\b(?:early|mid|late)[- ]{YEAR}s?\b", re.IGNORECASE), "year-part"),
    (re.compile(rf"\b(?:early|mid|late)[- ]{MONTH}\b", re.IGNORECASE), "month-part"),
    (re.compile(rf"\b{MONTH}{_ABBR_DOT}\s+{YEAR}\b"), "month"),
    (re.compile(rf"\b{MONTH}{_ABBR_DOT}\s+{DAY}\b(?!,?\s*\d)"), "day-of-year"),
    (re.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH}\b"), "day-of-year"),
    (re.compile(r"\b(?:1\d|20)\d0s\b"), "decade"),
    (re.compile(r"\b(?:1[0-9]|2[01])(?:st|nd|rd|th) century\b"), "century"),
]

# A bare month name is a date only after words like these ("in March", "since October");
# group 1 is the month.
BARE_MONTH = re.compile(
    r"\b(?:in|since|by|until|till|from|during|through|last|next|this|of|to|before|after)"
    rf" ({MONTH})\b(?!\.?\s*\d)"
)


def parse_date(text: str) -> dt.date | None:
    """Find the first full date (day, month and year) in `text`, in any known form."""
    found: list[tuple[int, dt.date]] = []
    for pattern, shape in DATE_FORMS[:3]:
        assert shape == "day"
        for match in pattern.finditer(text):
            value = _to_date(match.group(0))
            if value is not None:
                found.append((match.start(), value))
    return min(found)[1] if found else None


def _to_date(text: str) -> dt.date | None:
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    try:
        if iso:
            return dt.date(*numbers)
        month = MONTHS[re.search(MONTH, text).group(0).lower()]  # type: ignore[union-attr]
        day, year = (numbers[0], numbers[1]) if numbers[0] <= 31 else (numbers[1], numbers[0])
        return dt.date(year, month, day)
    except ValueError:
        return None
