"""What a queued item shows: the current version of its card or question."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ..answering.layout import Layout, make_layout
from ..extensions import db
from ..models import Card, CardProgress, Question
from ..scheduling import RATINGS, format_interval, preview_intervals
from .reviews import state_of


def current_card(progress: CardProgress) -> Card | None:
    return db.session.scalar(
        select(Card).where(
            Card.bank_id == progress.bank_id, Card.key == progress.item_key, Card.active
        )
    )


def current_question(progress: CardProgress) -> Question | None:
    return db.session.scalar(
        select(Question)
        .where(
            Question.bank_id == progress.bank_id,
            Question.key == progress.item_key,
            Question.served,
        )
        .order_by(Question.id.desc())
        .limit(1)
    )


def layout(spec, progress: CardProgress) -> Layout:
    """Lay the question out the same way for the page and for the answer it posts."""
    return make_layout(spec, f"study:{progress.id}:{progress.version}", shuffle_choices=False)


def rating_buttons(
    progress: CardProgress, now: dt.datetime, retention: float, ratings=(1, 2, 3, 4)
) -> list[tuple[int, str, str]]:
    """(rating, label, next interval) for each answer button, e.g. (3, "Good", "2 d")."""
    intervals = preview_intervals(state_of(progress), now, desired_retention=retention)
    return [(rating, RATINGS[rating], format_interval(intervals[rating])) for rating in ratings]
