"""Database models (SQLAlchemy 2, typed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_login import UserMixin
from pydantic import TypeAdapter
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, and_, exists, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import DateTime, TypeDecorator

from .banks.schema import Question as QuestionSpec
from .extensions import db


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            value = value.astimezone(dt.UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


class User(UserMixin, db.Model):
    """A student or teacher account, or a guest learner known only by a display name.

    A guest has no username and no password; signing up in the same browser turns the
    guest into an account, so the guest's attempts stay theirs.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(80))
    username: Mapped[str | None] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="student")
    extra_time: Mapped[float] = mapped_column(default=1.0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    attempts: Mapped[list[Attempt]] = relationship(back_populates="user")

    @property
    def is_guest(self) -> bool:
        return self.username is None

    @property
    def is_teacher(self) -> bool:
        return self.role == "teacher" and not self.is_guest


class Class(db.Model):
    """A teacher's class; students join it once with its join code."""

    __tablename__ = "school_class"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    teacher: Mapped[User] = relationship()
    memberships: Mapped[list[Membership]] = relationship(back_populates="school_class")


class Membership(db.Model):
    """A student in a class."""

    __table_args__ = (UniqueConstraint("class_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    school_class: Mapped[Class] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class Bank(db.Model):
    """A question bank as last imported; `slug` is the bank id from the YAML file."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    path: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The teacher who published it on the site (None for a bank put in the folder by hand):
    # only they may replace it.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), default=None)

    questions: Mapped[list[Question]] = relationship(
        back_populates="bank", order_by="Question.position"
    )


# Parsed question models by content digest: a digest names one content for ever.
_question_adapter = TypeAdapter(QuestionSpec)
_specs: dict[str, QuestionSpec] = {}
_SPEC_CACHE_LIMIT = 20_000


class Question(db.Model):
    """One version of a question: a new row whenever its content changes."""

    __table_args__ = (
        UniqueConstraint("bank_id", "key", "digest"),
        Index("ix_question_bank_active", "bank_id", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"))
    key: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    bank: Mapped[Bank] = relationship(back_populates="questions")

    @property
    def spec(self) -> QuestionSpec:
        """The validated question model of this version."""
        spec = _specs.get(self.digest)
        if spec is None:
            if len(_specs) >= _SPEC_CACHE_LIMIT:
                _specs.clear()
            spec = _specs[self.digest] = _question_adapter.validate_python(self.data)
        return spec


class Card(db.Model):
    """One version of a flashcard, versioned like questions."""

    __table_args__ = (
        UniqueConstraint("bank_id", "key", "digest"),
        Index("ix_card_bank_active", "bank_id", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"))
    key: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class BankProblem(db.Model):
    """A validation problem found by the last import, shown on the problems page."""

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    line: Mapped[int]
    column: Mapped[int]
    message: Mapped[str] = mapped_column(Text)
    found_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attempt(db.Model):
    """One sitting of a bank: the questions asked, in order, and the outcome."""

    __table_args__ = (Index("ix_attempt_user_bank", "user_id", "bank_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"))
    mode: Mapped[str] = mapped_column(String(20), default="practice")
    seed: Mapped[str] = mapped_column(String(32))
    shuffle_choices: Mapped[bool] = mapped_column(default=False)
    question_ids: Mapped[list[int]] = mapped_column(JSON)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[float] = mapped_column(default=0.0)
    max_score: Mapped[float] = mapped_column(default=0.0)

    user: Mapped[User] = relationship(back_populates="attempts")
    bank: Mapped[Bank] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", order_by="Answer.position"
    )

    @property
    def percent(self) -> float:
        return round(100 * self.score / self.max_score, 1) if self.max_score else 0.0


class Answer(db.Model):
    """One learner's answer to one question version within an attempt: stored once."""

    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id"),
        Index("ix_answer_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    position: Mapped[int]
    response: Mapped[Any] = mapped_column(JSON)
    correct: Mapped[bool]
    fraction: Mapped[float]
    points: Mapped[float]
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    time_taken_ms: Mapped[int] = mapped_column(default=0)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()


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


class PendingBank(db.Model):
    """An uploaded bank waiting for its teacher to publish it: the YAML to write."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    source_format: Mapped[str] = mapped_column(String(20), default="yaml")
    yaml_text: Mapped[str] = mapped_column(Text)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DraftArticle(db.Model):
    """The article a bank was drafted from, so reviewers see each question's sentence."""

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_slug: Mapped[str] = mapped_column(String(100), unique=True)
    text: Mapped[str] = mapped_column(Text)
    # "paragraph.sentence" -> the sentence, numbered as the drafted questions cite them
    sentences: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


def start_of_day(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def servable(bank_id: int | None):
    """Progress rows whose bank is active and whose item has an active version."""
    card = exists().where(
        Card.bank_id == CardProgress.bank_id, Card.key == CardProgress.item_key, Card.active
    )
    question = exists().where(
        Question.bank_id == CardProgress.bank_id,
        Question.key == CardProgress.item_key,
        Question.active,
    )
    clauses = [
        Bank.active,
        or_(
            and_(CardProgress.item_kind == "card", card),
            and_(CardProgress.item_kind == "question", question),
        ),
    ]
    if bank_id is not None:
        clauses.append(CardProgress.bank_id == bank_id)
    return clauses


class SignInTry(db.Model):
    """A sign-in that failed (or is being checked), counted by every worker and instance.

    Rows older than the longest window are deleted as new ones come in.
    """

    __tablename__ = "sign_in_try"
    __table_args__ = (
        Index("ix_sign_in_try_address_at", "address", "at"),
        Index("ix_sign_in_try_username_at", "username", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(80))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
