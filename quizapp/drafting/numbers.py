"""Dates, years and quantities in a sentence, found by pattern."""

from __future__ import annotations

import re

from .dates import BARE_MONTH, DATE_FORMS
from .lexicon import (
    APPROXIMATE,
    BOUND,
    COMMON_CAPITALISED,
    MONTHS,
    NUMBER_WORDS,
    STOP_WORDS,
    word_set,
)
from .spans import Span

YEAR_RE = re.compile(r"(?<![\d,.$£€/])(?:1\d{3}|20\d{2}|2100)(?![\d%/]|[,.]\d|\w)")
MAX_DIGITS = 15  # beyond this a float no longer holds the number exactly
NUMBER_RE = re.compile(
    r"(?<![\w.,/:-])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?![\d:/]|[,.]\d|-\d|\w)"
    r"|\b(?:" + "|".join(NUMBER_WORDS) + r")\b(?!-)",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"(?:^|\s)(" + "|".join(sorted(APPROXIMATE | BOUND, key=len, reverse=True)) + r")\s+[$£€]?$",
    re.IGNORECASE,
)
UNIT = re.compile(
    r"^(\s?%|\s(?:per ?cent|percent))"
    r"|^(?:\s+(thousand|million|billion|trillion))?(?:\s+([a-z][a-z]*(?:-[a-z]+)?))?"
)
# A year after one of these words is a year even before a plural noun ("in 1850 people ...").
YEAR_CONTEXT = word_set(
    """
    in since by until till from of during year before after circa c. between and to early
    late mid around about spring summer autumn fall winter
    """
)
# Numbers that label rather than count ("page 12", "Apollo 11").
LABEL_WORDS = word_set(
    """
    page pages chapter section figure fig table no number route line platform room flight
    episode season volume vol step level grade year p pp version phase stage article item
    """
)
IRREGULAR_PLURALS = {"people", "children", "men", "women", "feet", "teeth", "staff", "police"}
UNIT_WORDS = {"km", "kg", "cm", "mm", "mg", "ml", "mph", "tonnes", "bn"}


def find_dates(sentence: str, taken: list[tuple[int, int]]) -> list[Span]:
    spans: list[Span] = []
    for pattern, shape in DATE_FORMS:
        for match in pattern.finditer(sentence):
            if _free(match.start(), match.end(), taken):
                spans.append(Span("date", match.group(0), match.start(), match.end(), shape))
                taken.append((match.start(), match.end()))
    for match in BARE_MONTH.finditer(sentence):
        start, end = match.span(1)
        if _free(start, end, taken) and match.group(1).lower() in MONTHS:
            spans.append(Span("date", match.group(1), start, end, "month-name"))
            taken.append((start, end))
    return spans


def find_years(sentence: str, taken: list[tuple[int, int]]) -> list[Span]:
    spans: list[Span] = []
    for match in YEAR_RE.finditer(sentence):
        start, end = match.span()
        if not _free(start, end, taken) or _labelled(sentence, start):
            continue
        before = _word_before(sentence, start)
        after = re.match(r"\s+([a-z]+)", sentence[end:])
        counts = after and _plural(after.group(1)) and after.group(1) not in STOP_WORDS
        if counts and before not in YEAR_CONTEXT:
            continue
        spans.append(Span("year", match.group(0), start, end, "year", float(match.group(0))))
        taken.append((start, end))
    return spans


def find_quantities(sentence: str, taken: list[tuple[int, int]]) -> list[Span]:
    spans: list[Span] = []
    for match in NUMBER_RE.finditer(sentence):
        start, end = match.span()
        if not _free(start, end, taken) or _labelled(sentence, start):
            continue
        number = match.group(0)
        if sum(c.isdigit() for c in number) > MAX_DIGITS:
            continue
        word = number.lower() in NUMBER_WORDS
        value = NUMBER_WORDS[number.lower()] if word else float(number.replace(",", ""))
        prefix = sentence[:start]
        hedge_match = HEDGE.search(prefix)
        hedge = hedge_match.group(1).lower() if hedge_match else ""
        currency = prefix.endswith(("$", "£", "€"))
        unit_match = UNIT.match(sentence[end:])
        percent = bool(unit_match and unit_match.group(1))
        scale = unit_match.group(2) if unit_match and not percent else None
        noun = unit_match.group(3) if unit_match and not percent else None
        unit = "%" if percent else _unit(noun, scale, currency, prefix)
        if not hedge:
            hedge = _shared_hedge(sentence, start, spans)
        if word and not (unit and unit != "%" and _plural(noun or "")):
            continue
        if not (unit or hedge or currency or value >= 10):
            continue
        phrase_start = hedge_match.start(1) if hedge_match else start - currency
        phrase_end = end
        if unit_match:
            for group in (1, 2, 3):
                if unit_match.group(group) and (group != 3 or unit.endswith(noun or "")):
                    phrase_end = end + unit_match.end(group)
        spans.append(
            Span(
                "quantity",
                number,
                start,
                end,
                unit or "",
                float(value),
                hedge,
                unit or "",
                sentence[phrase_start:phrase_end].strip(),
            )
        )
        taken.append((start, end))
    return spans


def _unit(noun: str | None, scale: str | None, currency: bool, prefix: str) -> str:
    symbol = prefix[-1] if currency else ""
    if noun and (noun in STOP_WORDS or not (_plural(noun) or noun in UNIT_WORDS)):
        noun = None
    parts = [p for p in (symbol, scale, noun) if p]
    return " ".join(parts)


def _plural(word: str) -> bool:
    return word in IRREGULAR_PLURALS or (
        len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))
    )


def _shared_hedge(sentence: str, start: int, earlier: list[Span]) -> str:
    """'around 2,500 in Iraq and 900 in Syria': the second number is hedged too."""
    if not earlier or earlier[-1].hedge.lower() not in APPROXIMATE:
        return ""
    between = sentence[earlier[-1].end : start]
    if len(between.split()) <= 6 and re.search(r"\b(?:and|or)\s+$", between):
        return earlier[-1].hedge
    return ""


def _labelled(sentence: str, start: int) -> bool:
    """A number after a label word or inside a name ('Apollo 11') does not count anything."""
    match = re.search(r"([\w.]+)\s+$", sentence[:start])
    if not match:
        return False
    word = match.group(1).rstrip(".")
    if word.lower() in LABEL_WORDS:
        return True
    at_start = not sentence[: match.start()].strip()
    return (
        word[:1].isupper()
        and word.lower() not in COMMON_CAPITALISED
        and word.lower() not in MONTHS
        and not at_start
    )


def _word_before(sentence: str, start: int) -> str:
    match = re.search(r"([\w.]+)[\s-]+$", sentence[:start])
    return match.group(1).lower() if match else ""


def _free(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return all(end <= a or start >= b for a, b in taken)
