"""The review queue in the database: what is due, what is new today, what comes next.

Every function takes `now`; the views pass their clock's time. An item is a flashcard
(item_kind "card") or a quiz question missed in a quiz ("question"), known by its bank and
stable key, so edits to the bank keep the learner's progress. Only items whose current
version is active are served.

Counting rules:

- due: items due by `now`, except cards still new (introduced, never rated);
- new: flashcards never rated, introduced in bank order up to the learner's
  new_cards_per_day per UTC day (counting cards first rated since midnight UTC);
- a question missed in a quiz is queued "new" but due at once, outside the daily limit:
  the learner has already met it and got it wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, not_, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Bank, Card, CardProgress, ReviewLog, servable
from ..scheduling import CardState, start_of_day
from .reviews import state_columns


def _progress(user_id: int, bank_id: int | None):
    return (
        select(CardProgress)
        .join(Bank, Bank.id == CardProgress.bank_id)
        .where(CardProgress.user_id == user_id, *servable(bank_id))
    )


_IS_NEW_CARD = and_(CardProgress.item_kind == "card", CardProgress.state == "new")


def _unseen_cards(user_id: int, bank_id: int | None):
    """Active cards of active banks this learner has no progress row for, in bank order."""
    seen = exists().where(
        CardProgress.user_id == user_id,
        CardProgress.item_kind == "card",
        CardProgress.bank_id == Card.bank_id,
        CardProgress.item_key == Card.key,
    )
    query = (
        select(Card)
        .join(Bank, Bank.id == Card.bank_id)
        .where(Card.active, Bank.listed, not_(seen))
        .order_by(Bank.title, Bank.id, Card.position)
    )
    if bank_id is not None:
        query = query.where(Card.bank_id == bank_id)
    return query


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def new_left_today(user_id: int, now: dt.datetime, per_day: int) -> int:
    """How many more never-rated cards this learner may start today (UTC)."""
    started = db.session.scalar(
        select(func.count())
        .select_from(ReviewLog)
        .join(CardProgress, CardProgress.id == ReviewLog.progress_id)
        .where(
            ReviewLog.user_id == user_id,
            ReviewLog.reviewed_at >= start_of_day(now),
            ReviewLog.state_before == "new",
            CardProgress.item_kind == "card",
        )
    )
    return max(0, per_day - started)


@dataclass(frozen=True)
class Counts:
    due: int  # due now
    new: int  # new cards still to start today
    done_today: int  # reviews since midnight UTC


def counts(user_id: int, now: dt.datetime, per_day: int, bank_id: int | None = None) -> Counts:
    """Count what is due, what is new for today and what was done today."""
    new_cards = _count(_progress(user_id, bank_id).where(_IS_NEW_CARD)) + _count(
        _unseen_cards(user_id, bank_id)
    )
    done = select(ReviewLog.id).where(
        ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= start_of_day(now)
    )
    if bank_id is not None:
        done = done.join(CardProgress, CardProgress.id == ReviewLog.progress_id).where(
            CardProgress.bank_id == bank_id
        )
    new = min(new_cards, new_left_today(user_id, now, per_day))
    return Counts(due=due_count(user_id, now, bank_id), new=new, done_today=_count(done))


def due_count(user_id: int, now: dt.datetime, bank_id: int | None = None) -> int:
    return _count(_progress(user_id, bank_id).where(CardProgress.due <= now, not_(_IS_NEW_CARD)))


def card_count(bank_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Card).where(Card.bank_id == bank_id, Card.active)
    )


def unseen_count(user_id: int, bank_id: int | None = None) -> int:
    return _count(_unseen_cards(user_id, bank_id))


def next_item(
    user_id: int, now: dt.datetime, per_day: int, bank_id: int | None = None
) -> CardProgress | None:
    """Return the item to study now: the most overdue one, else a new card within the limit.

    Introducing a card stores its progress row (new, due now), so the page can name it.
    """
    due = db.session.scalar(
        _progress(user_id, bank_id)
        .where(CardProgress.due <= now, not_(_IS_NEW_CARD))
        .order_by(CardProgress.due, CardProgress.id)
        .limit(1)
    )
    if due is not None or new_left_today(user_id, now, per_day) == 0:
        return due
    pending = db.session.scalar(
        _progress(user_id, bank_id).where(_IS_NEW_CARD).order_by(CardProgress.id).limit(1)
    )
    if pending is not None:
        return pending
    card = db.session.scalar(_unseen_cards(user_id, bank_id).limit(1))
    return None if card is None else _introduce(user_id, "card", card.bank_id, card.key, now)


def soonest_item(user_id: int, bank_id: int | None = None) -> CardProgress | None:
    """Return the item falling due next, for studying ahead."""
    return db.session.scalar(
        _progress(user_id, bank_id)
        .where(not_(_IS_NEW_CARD))
        .order_by(CardProgress.due, CardProgress.id)
        .limit(1)
    )


def _introduce(user_id: int, kind: str, bank_id: int, key: str, now: dt.datetime):
    """Store a new progress row, due now; a row stored meanwhile by another request wins."""
    fields = {"user_id": user_id, "item_kind": kind, "bank_id": bank_id, "item_key": key}
    try:
        with db.session.begin_nested():
            row = CardProgress(**fields, **state_columns(CardState.new(now)), created_at=now)
            db.session.add(row)
    except IntegrityError:
        row = db.session.scalar(select(CardProgress).filter_by(**fields))
    db.session.commit()
    return row


MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id from a form would be a database error


def own_progress(user_id: int, progress_id: int) -> CardProgress | None:
    """The learner's own progress row, or None for anyone else's or a made-up id."""
    if not 0 < progress_id <= MAX_ID:
        return None
    progress = db.session.get(CardProgress, progress_id)
    return progress if progress is not None and progress.user_id == user_id else None


def is_servable(progress: CardProgress) -> bool:
    query = _progress(progress.user_id, progress.bank_id).where(CardProgress.id == progress.id)
    return db.session.scalar(query) is not None
