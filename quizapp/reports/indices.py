"""Item analysis as in Moodle's quiz statistics: pure maths over per-item sums.

The database adds up, per question, over the first finished attempt of each student:
x = the item's score as a fraction of its points (0..1) and y = the rest of the test, the
attempt's score minus the points this item earned. From those sums come the facility index
(mean x) and the discrimination index (Pearson's r between x and y). Nothing here touches
Flask or the database.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

TOO_EASY = 0.95
TOO_HARD = 0.2
# Variances this close to zero are rounding noise from summing floats: r is undefined there.
_EPSILON = 1e-9


@dataclass(frozen=True)
class ItemSums:
    """Sums over the answers to one item: n, Σx, Σy, Σxy, Σx², Σy²."""

    n: int
    sum_x: float
    sum_y: float
    sum_xy: float
    sum_xx: float
    sum_yy: float


@dataclass(frozen=True)
class ItemIndices:
    facility: float | None  # mean fraction, 0..1
    discrimination: float | None  # Pearson's r with the rest of the test, -1..1

    @property
    def flags(self) -> list[str]:
        return flags_for(self)


def facility(sums: ItemSums) -> float | None:
    """The mean fraction of the item's points earned; None without answers."""
    if sums.n <= 0:
        return None
    return sums.sum_x / sums.n


def discrimination(sums: ItemSums) -> float | None:
    """Pearson's r between the item score and the rest of the test.

    None when it is undefined: fewer than two answers, or no spread in either the item's
    scores (everyone right, or everyone wrong) or the rest of the test.
    """
    n = sums.n
    if n < 2:
        return None
    covariance = n * sums.sum_xy - sums.sum_x * sums.sum_y
    spread_x = n * sums.sum_xx - sums.sum_x**2
    spread_y = n * sums.sum_yy - sums.sum_y**2
    # Scale the tolerance with the sums so that large classes are judged alike.
    if spread_x <= _EPSILON * max(1.0, n * sums.sum_xx) or spread_y <= _EPSILON * max(
        1.0, n * sums.sum_yy
    ):
        return None
    r = covariance / math.sqrt(spread_x * spread_y)
    return max(-1.0, min(1.0, r))


def indices(sums: ItemSums) -> ItemIndices:
    return ItemIndices(facility=facility(sums), discrimination=discrimination(sums))


def flags_for(item: ItemIndices) -> list[str]:
    """Words for what a teacher should look at: too easy, too hard, negative discrimination."""
    found = []
    if item.facility is not None and item.facility > TOO_EASY:
        found.append("too easy")
    if item.facility is not None and item.facility < TOO_HARD:
        found.append("too hard")
    if item.discrimination is not None and item.discrimination < 0:
        found.append("negative discrimination")
    return found


def sums_of(pairs: Iterable[tuple[float, float]]) -> ItemSums:
    """Add up (x, y) pairs in Python: the reference the SQL sums are tested against."""
    n = 0
    sx = sy = sxy = sxx = syy = 0.0
    for x, y in pairs:
        n += 1
        sx += x
        sy += y
        sxy += x * y
        sxx += x * x
        syy += y * y
    return ItemSums(n, sx, sy, sxy, sxx, syy)


@dataclass(frozen=True)
class ResponseCount:
    label: str
    count: int
    correct: bool | None = None  # for choices: whether this choice is a right one

    def share(self, total: int) -> float:
        return self.count / total if total else 0.0


def top_responses(counts: Counter[str], limit: int = 5) -> list[ResponseCount]:
    """The most common responses, most frequent first, ties in alphabetical order."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [ResponseCount(label, count) for label, count in ranked[:limit]]
