"""The tables of live class sessions: the session, its players and their answers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import UTCDateTime, db
from . import Attempt, Bank, User, utcnow


class LiveSession(db.Model):
    """A live class session: a teacher projects a bank's questions, the class answers.

    Everything a projector or a phone shows is derived from this row and its answers, so
    a reload, another app instance or a restarted server carries on where it was.
    `version` grows with every change of what the class sees; events name it.
    """

    __tablename__ = "live_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    pin: Mapped[str] = mapped_column(String(6), index=True)
    # The PIN while the session is open; NULL once it has ended, so the PIN stops working
    # and may be handed out again. Unique: two open sessions never share a PIN.
    open_pin: Mapped[str | None] = mapped_column(String(6), unique=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"))
    question_ids: Mapped[list[int]] = mapped_column(JSON)
    selection: Mapped[str] = mapped_column(String(120), default="all")
    seconds_per_question: Mapped[int] = mapped_column(default=30)
    ranking: Mapped[bool] = mapped_column(default=True)
    state: Mapped[str] = mapped_column(String(20), default="lobby")
    position: Mapped[int] = mapped_column(default=-1)  # index into question_ids; -1 in lobby
    question_started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    deadline: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    paused_state: Mapped[str | None] = mapped_column(String(20))
    paused_remaining_ms: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    teacher: Mapped[User] = relationship()
    bank: Mapped[Bank] = relationship()


class LiveParticipant(db.Model):
    """A student in a live session, under a nickname; their answers form one attempt."""

    __tablename__ = "live_participant"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"))
    nickname: Mapped[str] = mapped_column(String(40))
    # The question on screen when they joined: missed questions are counted from there.
    first_position: Mapped[int] = mapped_column(default=0)
    score: Mapped[int] = mapped_column(default=0)  # ranking points: more for faster
    removed: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    attempt: Mapped[Attempt] = relationship()


class LiveAnswer(db.Model):
    """A participant's answer to one question of a live session: one, by the database."""

    __tablename__ = "live_answer"
    __table_args__ = (UniqueConstraint("session_id", "participant_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_session.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("live_participant.id"))
    position: Mapped[int]
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id"))
    correct: Mapped[bool]
    fraction: Mapped[float]
    points: Mapped[int]  # ranking points
    elapsed_ms: Mapped[int]
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
