"""Find every fact in an article: dates, years and quantities by pattern, then names."""

from __future__ import annotations

from .classify import classify
from .limits import MAX_SENTENCE_CHARS
from .names import find_runs
from .numbers import find_dates, find_quantities, find_years
from .spans import Span


def detect(sentences: list[str]) -> list[list[Span]]:
    """The spans of each sentence, sorted by position; names are typed article-wide."""
    numeric: list[list[Span]] = []
    runs = []
    for sentence in sentences:
        if len(sentence) > MAX_SENTENCE_CHARS:  # never quoted, so not worth the work
            numeric.append([])
            runs.append([])
            continue
        taken: list[tuple[int, int]] = []
        found = find_dates(sentence, taken) + find_years(sentence, taken)
        found += find_quantities(sentence, taken)
        numeric.append(found)
        runs.append([] if _shouting(sentence) else find_runs(sentence, taken))
    named = classify(runs)
    return [sorted(a + b, key=lambda span: span.start) for a, b in zip(numeric, named, strict=True)]


def _shouting(sentence: str) -> bool:
    """An all-capitals sentence: every word is capitalised, so none can be told as a name."""
    letters = [c for c in sentence if c.isalpha()]
    return len(sentence.split()) >= 2 and sum(c.isupper() for c in letters) > 0.6 * len(letters)
