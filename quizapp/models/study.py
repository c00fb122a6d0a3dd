"""The flashcard tables: a learner's spaced-repetition state, reviews and settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, ForeignKey, Index, String, UniqueConstraint, and_, exists, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import UTCDateTime, db
from . import Bank, Card, Question, utcnow


class CardProgress(db.Model):
    """One learner's spaced-repetition state for one card or question, by its stable key.

    The scheduling fields are quizapp.scheduling.CardState's. `version` grows by one with
    every review, so a rating sent from a stale page changes nothing (see cards/queue.py).
    """

    __tablename__ = "card_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "item_kind", "bank_id", "item_key"),
        Index("ix_card_progress_user_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    item_kind: Mapped[str] = mapped_column(String(10))  # "card" | "question"
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"))
    item_key: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20), default="new")
    step: Mapped[int | None]
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    bank: Mapped[Bank] = relationship()


class ReviewLog(db.Model):
    """One review, like Anki's revlog: the rating and the state before and after it."""

    __tablename__ = "review_log"
    __table_args__ = (Index("ix_review_log_user_reviewed", "user_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    progress_id: Mapped[int] = mapped_column(ForeignKey("card_progress.id"), index=True)
    rating: Mapped[int]
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    state_before: Mapped[str] = mapped_column(String(20))
    state_after: Mapped[str] = mapped_column(String(20))
    stability_before: Mapped[float | None]
    stability_after: Mapped[float | None]
    difficulty_before: Mapped[float | None]
    difficulty_after: Mapped[float | None]
    scheduled_seconds: Mapped[int]
    duration_ms: Mapped[int | None]


class StudySettings(db.Model):
    """A learner's flashcard settings; a learner without a row has the defaults."""

    __tablename__ = "study_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    desired_retention: Mapped[float] = mapped_column(default=0.9)
    new_cards_per_day: Mapped[int] = mapped_column(default=20)
    keyboard_shortcuts: Mapped[bool] = mapped_column(default=True)


def servable(bank_id: int | None) -> list[ColumnElement[bool]]:
    """The card rule: progress rows of an active bank whose card or question is served now."""
    card = exists().where(
        Card.bank_id == CardProgress.bank_id, Card.key == CardProgress.item_key, Card.active
    )
    question = exists().where(
        Question.bank_id == CardProgress.bank_id,
        Question.key == CardProgress.item_key,
        Question.served,
    )
    clauses = [
        Bank.listed,
        or_(
            and_(CardProgress.item_kind == "card", card),
            and_(CardProgress.item_kind == "question", question),
        ),
    ]
    if bank_id is not None:
        clauses.append(CardProgress.bank_id == bank_id)
    return clauses
