"""Schedule flashcard reviews with FSRS, by wrapping the `fsrs` package.

Pure functions: no Flask, no database and no clock. Every function takes `now`, a
timezone-aware datetime (naive datetimes raise ValueError; other zones are converted to UTC).
The database stores a CardState per learner per card and one ReviewOutcome row per review.

fsrs has no "new" state: a never-reviewed fsrs Card is Learning at step 0 with no stability.
CardState calls that "new" so views and statistics can tell unseen cards from cards in learning.

Scheduler settings, one fsrs.Scheduler per desired retention (cached):

- learning_steps = (1 min,). With fsrs's default (1 min, 10 min) a new card rated Good moves to
  the 10-minute step and comes back the same day, but the product wants Good on a new card to
  mean "I know this": with a single step, Good and Easy graduate the card to review with an
  interval of at least a day (2 and 8 days at retention 0.9), Again repeats the 1-minute step
  and Hard waits 1.5 minutes.
- relearning_steps = (10 min,), fsrs's default: a forgotten review card comes back in 10 minutes.
- enable_fuzzing = False: a review always gives the same due date, so the intervals shown on the
  buttons are the ones the learner gets and tests can compare with fsrs. The cost is that cards
  learned together stay due together.
- maximum_interval = 36500 days and the default FSRS-6 parameters, as in fsrs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import fsrs

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
STATES = ("new", "learning", "review", "relearning")
LEARNING_STEPS = (timedelta(minutes=1),)
RELEARNING_STEPS = (timedelta(minutes=10),)
MAXIMUM_INTERVAL_DAYS = 36500

_TO_FSRS = {
    "new": fsrs.State.Learning,
    "learning": fsrs.State.Learning,
    "review": fsrs.State.Review,
    "relearning": fsrs.State.Relearning,
}
_FROM_FSRS = {
    fsrs.State.Learning: "learning",
    fsrs.State.Review: "review",
    fsrs.State.Relearning: "relearning",
}


def _utc(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)


@dataclass(frozen=True)
class CardState:
    """What the database stores per learner per card."""

    state: str  # "new" | "learning" | "review" | "relearning"
    step: int | None  # learning or relearning step; 0 for new, None in review
    stability: float | None  # days; None until the first review
    difficulty: float | None  # 1..10; None until the first review
    due: datetime  # timezone-aware UTC
    last_review: datetime | None
    reps: int
    lapses: int

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"unknown card state {self.state!r}")
        object.__setattr__(self, "due", _utc(self.due, "due"))
        if self.last_review is not None:
            object.__setattr__(self, "last_review", _utc(self.last_review, "last_review"))
        if self.reps < 0 or self.lapses < 0:
            raise ValueError("reps and lapses cannot be negative")
        reviewed = (self.stability, self.difficulty, self.last_review)
        if self.state == "new" and any(v is not None for v in reviewed):
            raise ValueError("a new card has no stability, difficulty or last review")
        if self.state != "new" and any(v is None for v in reviewed):
            raise ValueError(f"a {self.state} card needs stability, difficulty and last review")
        if self.state in ("learning", "relearning") and self.step is None:
            raise ValueError(f"a {self.state} card needs a step")
        if self.state == "review" and self.step is not None:
            raise ValueError("a review card has no step")

    @classmethod
    def new(cls, now: datetime) -> CardState:
        """Return a never-reviewed card, due now."""
        return cls("new", 0, None, None, now, None, 0, 0)

    def to_fsrs(self) -> fsrs.Card:
        # An explicit card_id: fsrs's default reads the clock and sleeps for a millisecond.
        return fsrs.Card(
            card_id=0,
            state=_TO_FSRS[self.state],
            step=0 if self.state == "new" else self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    @classmethod
    def from_fsrs(cls, card: fsrs.Card, reps: int, lapses: int) -> CardState:
        new = card.state == fsrs.State.Learning and card.last_review is None
        return cls(
            state="new" if new else _FROM_FSRS[card.state],
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
            reps=reps,
            lapses=lapses,
        )


@dataclass(frozen=True)
class ReviewOutcome:
    """One review log row, like Anki's revlog."""

    rating: int
    reviewed_at: datetime
    state_before: str
    state_after: str
    stability_before: float | None
    stability_after: float | None
    difficulty_before: float | None
    difficulty_after: float | None
    scheduled_seconds: int  # new_state.due - reviewed_at
    duration_ms: int | None  # time the learner took to answer, if measured
    new_state: CardState


@lru_cache(maxsize=16)
def _scheduler(desired_retention: float) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        desired_retention=desired_retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


def _check_retention(desired_retention: float) -> float:
    if isinstance(desired_retention, bool) or not isinstance(desired_retention, int | float):
        raise TypeError("desired_retention must be a number")
    if not 0 < desired_retention < 1:
        raise ValueError(f"desired_retention must be between 0 and 1, got {desired_retention}")
    return float(desired_retention)


def review(
    card: CardState,
    rating: int,
    now: datetime,
    *,
    desired_retention: float = 0.9,
    duration_ms: int | None = None,
) -> ReviewOutcome:
    """Apply one rating (1 Again .. 4 Easy) given at `now` and return the log row and new state."""
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS:
        raise ValueError(f"rating must be one of 1, 2, 3, 4, got {rating!r}")
    rating = int(rating)  # an fsrs.Rating is stored as a plain int
    if duration_ms is not None and duration_ms < 0:
        raise ValueError("duration_ms cannot be negative")
    now = _utc(now, "now")
    scheduler = _scheduler(_check_retention(desired_retention))
    after, _ = scheduler.review_card(card.to_fsrs(), fsrs.Rating(rating), now, duration_ms)
    lapsed = rating == 1 and card.state == "review"
    new_state = CardState.from_fsrs(after, reps=card.reps + 1, lapses=card.lapses + lapsed)
    return ReviewOutcome(
        rating=rating,
        reviewed_at=now,
        state_before=card.state,
        state_after=new_state.state,
        stability_before=card.stability,
        stability_after=new_state.stability,
        difficulty_before=card.difficulty,
        difficulty_after=new_state.difficulty,
        scheduled_seconds=round((new_state.due - now).total_seconds()),
        duration_ms=duration_ms,
        new_state=new_state,
    )


def preview_intervals(
    card: CardState, now: datetime, *, desired_retention: float = 0.9
) -> dict[int, timedelta]:
    """Return the interval each rating would give, for labelling the answer buttons."""
    now = _utc(now, "now")
    return {
        rating: review(card, rating, now, desired_retention=desired_retention).new_state.due - now
        for rating in RATINGS
    }


def is_due(card: CardState, now: datetime) -> bool:
    return card.due <= _utc(now, "now")


_DAY = 86400
_MONTH = 365 / 12 * _DAY  # as Anki: a month is a twelfth of a year
_YEAR = 365 * _DAY


def _round_half_up(value: float, places: int = 0) -> float:
    scale = 10**places
    return math.floor(value * scale + 0.5) / scale


def _one_place(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def format_interval(delta: timedelta) -> str:
    """Format an interval for an answer button, Anki style: "10 min", "3 d", "1.2 y"."""
    seconds = delta.total_seconds()
    if seconds < 0:
        raise ValueError("an interval cannot be negative")
    if seconds < 60:
        return "<1 min"
    # Pick the unit after rounding, so that 59.7 minutes reads "1 h" rather than "60 min".
    if (minutes := _round_half_up(seconds / 60)) < 60:
        return f"{minutes:.0f} min"
    if (hours := _round_half_up(seconds / 3600)) < 24:
        return f"{hours:.0f} h"
    if (days := _round_half_up(seconds / _DAY)) * _DAY < _MONTH:
        return f"{days:.0f} d"
    if (months := _round_half_up(seconds / _MONTH, 1)) < 12:
        return f"{_one_place(months)} mo"
    return f"{_one_place(_round_half_up(seconds / _YEAR, 1))} y"


def start_of_day(now: datetime) -> datetime:
    """Midnight UTC of the day `now` falls on: daily limits count from there."""
    return now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
