"""Moodle's list of grades: an answer worth any other fraction stops Moodle's whole import."""

from __future__ import annotations

# question_bank::fraction_options(): the only positive fractions Moodle accepts on import.
FRACTIONS = (
    *(1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3),
    *(0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05),
)


def nearest(fraction: float) -> float:
    """The fraction on Moodle's list nearest to `fraction` (negatives mirror positives)."""
    size = abs(fraction)
    if size == 0:
        return 0.0
    best = min(FRACTIONS, key=lambda allowed: (abs(allowed - size), -allowed))
    return best if fraction > 0 else -best


def multiple_weights(count: int) -> tuple[list[float], float, str | None]:
    """Fractions for `count` right choices, the penalty for a wrong one, and a note if changed.

    Each right choice is worth 1/count where Moodle allows it; otherwise the right choices
    get the two allowed fractions around 1/count, as many of each as make exactly 100%.
    """
    share = 1 / count
    exact = nearest(share)
    if abs(exact - share) < 1e-6:
        return [exact] * count, -exact, None
    low = max((f for f in FRACTIONS if f < share), default=FRACTIONS[-1])
    high = min((f for f in FRACTIONS if f > share), default=low)
    for high_count in range(count + 1):
        total = high_count * high + (count - high_count) * low
        if abs(total - 1) < 1e-6:
            weights = [high] * high_count + [low] * (count - high_count)
            return (
                weights,
                -exact,
                (
                    f"Moodle allows no weight of {100 * share:.5g}% per right choice:"
                    f" {high_count} right choices are worth {100 * high:g}% and"
                    f" {count - high_count} are worth {100 * low:g}%"
                ),
            )
    return (
        [low] * count,
        -exact,
        (
            f"Moodle allows no weight of {100 * share:.5g}% per right choice: each is worth"
            f" {100 * low:g}%, so in Moodle the right choices add up to {100 * low * count:g}%"
            " (Moodle gives at most full marks)"
        ),
    )


def as_percent(fraction: float) -> str:
    """A fraction as a percentage Moodle reads back exactly: 0.3333333 -> 33.33333."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return text or "0"
