"""The review statistics written out plainly over rows: the reference reports/reviews.py's SQL
must agree with (tests only).

A review's day is its calendar date in `tz`, UTC unless the caller passes the learner's zone;
naive datetimes raise ValueError.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from quizapp.scheduling import STATES


@dataclass(frozen=True)
class ReviewRow:
    card_key: str
    rating: int  # 1 Again .. 4 Easy
    reviewed_at: datetime  # timezone-aware
    state_before: str  # "new" | "learning" | "review" | "relearning"


@dataclass(frozen=True)
class CardRow:
    card_key: str
    state: str
    due: datetime  # timezone-aware


def _day(moment: datetime, tz: tzinfo) -> date:
    if moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: pass a timezone-aware one")
    return moment.astimezone(tz).date()


def _days(first: date, count: int) -> list[date]:
    if count < 1:
        raise ValueError("days must be at least 1")
    return [first + timedelta(days=i) for i in range(count)]


def reviews_per_day(
    rows: Iterable[ReviewRow], today: date, days: int = 90, *, tz: tzinfo = UTC
) -> list[tuple[date, int]]:
    """Count reviews per day for the `days` days ending today, oldest first."""
    counts = Counter(_day(row.reviewed_at, tz) for row in rows)
    return [(day, counts[day]) for day in _days(today - timedelta(days=days - 1), days)]


def true_retention(
    rows: Iterable[ReviewRow], today: date, days: int = 30, *, tz: tzinfo = UTC
) -> float | None:
    """Return the share of review-state cards recalled over the `days` days ending today.

    Anki's true retention: only each card's first review of each day counts, and only when the
    card was in review state at that review, so a card forgotten and relearnt on one day counts
    once, as a fail, and a card learnt and then reviewed ahead the same day does not count.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    start = today - timedelta(days=days - 1)
    dated = sorted(
        ((_day(row.reviewed_at, tz), row) for row in rows), key=lambda p: p[1].reviewed_at
    )
    first: dict[tuple[str, date], ReviewRow] = {}
    for day, row in dated:
        first.setdefault((row.card_key, day), row)
    counted = [
        row
        for (_, day), row in first.items()
        if start <= day <= today and row.state_before == "review"
    ]
    if not counted:
        return None
    return sum(row.rating > 1 for row in counted) / len(counted)


def cards_by_state(cards: Iterable[CardRow]) -> dict[str, int]:
    """Count cards in each state, all four states present."""
    counts = dict.fromkeys(STATES, 0)
    for card in cards:
        if card.state not in counts:
            raise ValueError(f"unknown card state {card.state!r}")
        counts[card.state] += 1
    return counts


def due_forecast(
    cards: Iterable[CardRow], now: datetime, days: int = 30, *, tz: tzinfo = UTC
) -> list[tuple[date, int]]:
    """Count cards falling due on each of the next `days` days, overdue ones on day 0.

    New cards are left out, as in Anki's forecast: they wait to be introduced, not to be recalled.
    """
    today = _day(now, tz)
    counts = Counter(max(_day(card.due, tz), today) for card in cards if card.state != "new")
    return [(day, counts[day]) for day in _days(today, days)]


# Charts ------------------------------------------------------------------------------------

_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 10, 10, 24
