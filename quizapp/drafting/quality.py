"""The rules a drafted question must pass: answers worth asking, fair distractors."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from .lexicon import BOUND, COMMON_CAPITALISED, SCALES, STOP_WORDS, TITLES
from .spans import Span

PRIORITY = {"quantity": 0, "year": 1, "date": 2, "person": 3, "org": 4, "place": 5, "name": 6}
UPWARD = {"over", "more than", "at least", "upwards of", "in excess of", "as many as"}


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Fold case, accents, punctuation and spacing, to compare prompts and answers."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"\w+", text))


def is_stop_word(text: str) -> bool:
    return normalise(text) in STOP_WORDS or not re.search(r"[^\W_]", text)


def is_fragment(sentence: str, start: int, end: int, *, name: bool = True) -> bool:
    """True when the span is cut out of a longer word or name ('York' out of 'New York')."""
    if start > 0 and re.match(r"[\w’'-]", sentence[start - 1]):
        return True
    if end < len(sentence) and re.match(r"[\w-]", sentence[end]):
        return True
    if not name:
        return False
    before = re.search(r"([\w’'.-]+)\s+$", sentence[:start])
    after = re.match(r"\s+([\w’'.-]+)", sentence[end:])
    if before and _name_word(before.group(1), title_ok=True):
        return True
    return bool(after) and _name_word(after.group(1))


def _name_word(word: str, *, title_ok: bool = False) -> bool:
    lower = word.lower().rstrip(".")
    if title_ok and lower in TITLES:
        return False
    if lower in ("al", "el", "bin", "ibn", "van", "von", "de", "der", "da", "di", "du", "le", "la"):
        return True
    return word[:1].isupper() and lower not in COMMON_CAPITALISED


def echoes(a: str, b: str) -> bool:
    """Either text contains the other, ignoring case (a choice that gives the answer away)."""
    a, b = a.casefold().strip(), b.casefold().strip()
    return a in b or b in a


def visible(text: str, sentence: str) -> bool:
    """The text appears as a word in the sentence (so blanking it elsewhere gives it away)."""
    return bool(_word_pattern(text).search(sentence))


@lru_cache(maxsize=4096)
def _word_pattern(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])", re.IGNORECASE)


def answerable(span: Span, sentence: str) -> bool:
    """A span worth blanking: a whole name or number, not a stop word, not shown twice."""
    named = span.kind in ("person", "org", "place", "name")
    whole = span.kind != "quantity"  # "2,500 US troops": a capital after a number is fine
    if is_stop_word(span.text) or is_fragment(sentence, span.start, span.end, name=whole):
        return False
    if named and len(span.text) < 3:
        return False
    if sentence[span.start - 1 : span.start] == "(":  # an acronym being defined
        return False
    rest = sentence[: span.start] + " " + sentence[span.end :]
    return not any(visible(text, rest) for text in (span.text, *_long_aliases(span)))


def _long_aliases(span: Span) -> list[str]:
    return [alias for alias in span.aliases if len(alias) > len(span.text)]


def spelled_out(span: Span, sentence: str) -> bool:
    """The span is followed by its acronym ("European Space Agency (ESA)"): the acronym's
    letters would give a choice away, so it is only asked as a typed blank."""
    return bool(re.match(r"\s*\([A-Z][A-Za-z.]*[A-Z]\.?\)", sentence[span.end :]))


def tolerance(span: Span) -> float:
    """10% either way for 'about', 'around', 'some'...; none for exact or bounded numbers."""
    if not span.approximate or span.value is None:
        return 0
    raw = abs(span.value) * 0.1
    if raw == 0:
        return 0
    digits = 1 - int(math.floor(math.log10(raw)))
    rounded = round(raw, digits)
    return int(rounded) if rounded == int(rounded) else rounded


def fair_distractor(answer: Span, other: Span, sentence: str) -> bool:
    """A same-kind span that is plainly wrong and does not echo the answer."""
    if answer.kind in ("quantity", "year") and not _fair_number(answer, other):
        return False
    if other.canonical.casefold() == answer.canonical.casefold():
        return False
    if other.text in answer.related or answer.text in other.related:
        return False
    texts = (answer.text, *answer.aliases)
    if any(echoes(text, other.text) or _same_words(text, other.text) for text in texts):
        return False
    if any(visible(name, sentence) for name in (other.text, *other.aliases)):
        return False
    return not is_stop_word(other.text)


def _fair_number(answer: Span, other: Span) -> bool:
    assert answer.value is not None and other.value is not None
    if abs(other.value - answer.value) <= tolerance(answer):
        return False
    if number_format(other) != number_format(answer):
        return False
    if answer.hedge in BOUND:
        return (other.value > answer.value) == (answer.hedge in UPWARD)
    return True


def number_format(span: Span) -> tuple[str, ...]:
    """What must match for one number to stand in for another: '$', 'million', '%', a word."""
    parts = span.unit.split()
    marks = [p for p in parts if p in ("$", "£", "€", "%") or p in SCALES]
    return (*marks, "word" if span.text[:1].isalpha() else "digits")


def _same_words(a: str, b: str) -> bool:
    """'Millbrook Library' and 'Millbrook Public Library' are likely the same thing."""
    words_a, words_b = set(normalise(a).split()), set(normalise(b).split())
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def nearest(answer: Span, pool: list[Span]) -> list[Span]:
    """Order candidates by closeness: size for numbers, order in the article for names."""
    if answer.kind not in ("quantity", "year"):
        peers_first = sorted(enumerate(pool), key=lambda p: (p[1].text not in answer.peers, p[0]))
        return [other for _, other in peers_first]

    def distance(item: tuple[int, Span]) -> tuple[bool, float, int]:
        index, other = item
        assert answer.value is not None and other.value is not None
        gap = abs(math.log10(max(other.value, 1e-9)) - math.log10(max(answer.value, 1e-9)))
        if answer.kind == "year":
            gap = abs(other.value - answer.value)
        return (other.unit != answer.unit, gap, index)

    return [other for _, other in sorted(enumerate(pool), key=distance)]
