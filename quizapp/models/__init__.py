"""Database models (SQLAlchemy 2, typed): accounts, classes, banks, attempts, answers.

Question.served is the one rule for what a learner may be served; study.servable applies it
to the flashcard queue. Every table is importable from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    exists,
    func,
    not_,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..banks.schema import Question as QuestionSpec
from ..banks.schema import stored_question
from ..extensions import UTCDateTime, db
from .kinds import KIND_NAMES, WHOLE_BANK  # noqa: F401  (re-exported)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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
    # Part of every session's sign-in; raising it (sign-out, new password) ends all sessions.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    attempts: Mapped[list[Attempt]] = relationship(back_populates="user")

    def get_id(self) -> str:
        """What the session cookie holds: the id and the session version, '12.3'."""
        return f"{self.id}.{self.session_version}"

    def end_sessions(self) -> None:
        """Make every session cookie of this account, copies included, sign nobody in."""
        self.session_version += 1

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

    @hybrid_property
    def listed(self) -> bool:
        """The one rule for a bank students see: imported from a file, and not hidden."""
        return self.active and not (self.settings or {}).get("hidden")

    @listed.inplace.expression
    @classmethod
    def _listed(cls) -> ColumnElement[bool]:
        return and_(cls.active, not_(func.coalesce(cls.settings["hidden"].as_boolean(), False)))

    @classmethod
    def takeable(cls) -> ColumnElement[bool]:
        """Listed, with something a student can take: an approved question, or (a deck
        without questions) a card. A drafted bank stays out until a question is approved."""
        served = exists().where(Question.bank_id == cls.id, Question.served)
        questions = exists().where(Question.bank_id == cls.id, Question.active)
        cards = exists().where(Card.bank_id == cls.id, Card.active)
        return and_(cls.listed, or_(served, and_(not_(questions), cards)))


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

    @hybrid_property
    def served(self) -> bool:
        """The one rule for what a learner may be served: the current version, not a draft."""
        return self.active and not self.data.get("draft")

    @served.inplace.expression
    @classmethod
    def _served(cls) -> ColumnElement[bool]:
        return and_(cls.active, not_(func.coalesce(cls.data["draft"].as_boolean(), False)))

    @property
    def spec(self) -> QuestionSpec:
        """The validated question model of this version."""
        return stored_question(self.digest, self.data)


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
    # What the attempt asked: "bank" (the bank as its settings set it) counts for best and
    # latest scores; "draw", "tag", "retry", "selection" and "live" are practice rounds.
    kind: Mapped[str] = mapped_column(String(20), default="bank", server_default="bank")
    seed: Mapped[str] = mapped_column(String(32))
    shuffle_choices: Mapped[bool] = mapped_column(default=True)
    question_ids: Mapped[list[int]] = mapped_column(JSON)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[float] = mapped_column(default=0.0)
    max_score: Mapped[float] = mapped_column(default=0.0)
    # Test mode: the question numbers the learner flagged for review before finishing.
    flagged: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")

    user: Mapped[User] = relationship(back_populates="attempts")
    bank: Mapped[Bank] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", order_by="Answer.position"
    )

    @property
    def percent(self) -> float:
        return round(100 * self.score / self.max_score, 1) if self.max_score else 0.0


class Answer(db.Model):
    """One learner's answer to one question version within an attempt: one row.

    Practice mode stores it once; test mode updates the row until the attempt is finished.
    """

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


# Tables of one feature each; import them from here like the rest.
from .authoring import DraftArticle, PendingBank  # noqa: E402
from .live import LiveAnswer, LiveParticipant, LiveSession  # noqa: E402
from .signin import SignInTry  # noqa: E402
from .study import CardProgress, ReviewLog, StudySettings, servable  # noqa: E402

__all__ = [
    "Answer",
    "Attempt",
    "Bank",
    "BankProblem",
    "Card",
    "CardProgress",
    "Class",
    "DraftArticle",
    "LiveAnswer",
    "LiveParticipant",
    "LiveSession",
    "Membership",
    "PendingBank",
    "Question",
    "ReviewLog",
    "SignInTry",
    "StudySettings",
    "User",
    "servable",
    "utcnow",
]
