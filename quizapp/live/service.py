"""Live sessions in the database: create, join, answer, the teacher's actions, and what
the projector and the phones show. The rules are game.py's; events go out by broker.py."""

from __future__ import annotations

import datetime as dt
import secrets

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Attempt, Bank, LiveAnswer, LiveParticipant, LiveSession, Question
from ..planning import Candidate, plan_questions
from ..quiz.attempts import servable_questions
from ..quiz.storing import finish_attempt
from . import game
from .game import NotNow

PIN_TRIES = 20


class NoQuestions(ValueError):
    """The chosen selection leaves no question to ask."""


class Closed(Exception):
    """No answer can be taken now: time is up, the question was revealed, or it is over."""


class Removed(Exception):
    """The teacher removed this participant from the session."""


def broker():
    return current_app.extensions["live_broker"]


def announce(live_id: int, kind: str, version: int = 0) -> None:
    """Tell every process's streams of a change; sent when the current transaction commits."""
    broker().publish(db.session(), live_id, kind, version)


# --- creating and joining -------------------------------------------------------------


def create_session(
    teacher_id: int,
    bank: Bank,
    *,
    draw: int | None,
    tag: str | None,
    seconds: int,
    ranking: bool,
    now: dt.datetime,
) -> LiveSession:
    """A new session in the lobby with a 6-digit PIN no open session has."""
    rows = servable_questions(bank)
    ids = plan_questions(
        [Candidate(row.id, tuple(row.data.get("tags", []))) for row in rows],
        seed=secrets.token_hex(8),
        draw=draw,
        tags=[tag] if tag else [],
    )
    if not ids:
        raise NoQuestions("No questions match this choice. Choose another tag or draw more.")
    selection = f"tag {tag}" if tag else (f"{len(ids)} drawn" if draw else "all")
    for _ in range(PIN_TRIES):
        pin = game.new_pin()
        live = LiveSession(
            pin=pin,
            open_pin=pin,
            teacher_id=teacher_id,
            bank_id=bank.id,
            question_ids=ids,
            selection=selection,
            seconds_per_question=seconds,
            ranking=ranking,
            created_at=now,
        )
        db.session.add(live)
        try:
            db.session.commit()
            return live
        except IntegrityError:  # an open session has this PIN: draw another
            db.session.rollback()
    raise RuntimeError("could not find a free PIN")


def open_session(pin: str) -> LiveSession | None:
    """The open session with this PIN; an ended session's PIN finds nothing."""
    return db.session.scalar(select(LiveSession).where(LiveSession.open_pin == pin))


def session_for(pin: str, user_id: int | None) -> LiveSession | None:
    """The open session with this PIN, or the last ended one this learner took part in:
    a student who reloads after the end still sees how it went."""
    live = open_session(pin)
    if live is not None or user_id is None:
        return live
    return db.session.scalar(
        select(LiveSession)
        .join(LiveParticipant, LiveParticipant.session_id == LiveSession.id)
        .where(LiveSession.pin == pin, LiveParticipant.user_id == user_id)
        .order_by(LiveSession.id.desc())
        .limit(1)
    )


def participant_of(live: LiveSession, user_id: int | None) -> LiveParticipant | None:
    if user_id is None:
        return None
    return db.session.scalar(
        select(LiveParticipant).where(
            LiveParticipant.session_id == live.id, LiveParticipant.user_id == user_id
        )
    )


def join(live: LiveSession, user_id: int, nickname: str, now: dt.datetime) -> LiveParticipant:
    """Add a learner under a nickname (made unique in the session); rejoining is a no-op."""
    existing = participant_of(live, user_id)
    if existing is not None:
        if existing.removed:
            raise Removed()
        return existing
    taken = db.session.scalars(
        select(LiveParticipant.nickname).where(LiveParticipant.session_id == live.id)
    ).all()
    points = dict(
        db.session.execute(
            select(Question.id, Question.data).where(Question.id.in_(live.question_ids))
        ).all()
    )
    attempt = Attempt(
        user_id=user_id,
        bank_id=live.bank_id,
        mode="live",
        kind="live",
        seed=secrets.token_hex(8),
        question_ids=list(live.question_ids),
        started_at=now,
        max_score=sum(float(points[i].get("points", 1)) for i in live.question_ids),
    )
    db.session.add(attempt)
    db.session.flush()
    participant = LiveParticipant(
        session_id=live.id,
        user_id=user_id,
        attempt_id=attempt.id,
        nickname=game.unique_nickname(nickname, taken),
        first_position=max(live.position, 0),
        joined_at=now,
    )
    db.session.add(participant)
    announce(live.id, "people")
    try:
        db.session.commit()
    except IntegrityError:  # the same learner joined from two tabs at once
        db.session.rollback()
        return participant_of(live, user_id)
    return participant


def remove(live: LiveSession, participant_id: int) -> bool:
    participant = db.session.get(LiveParticipant, participant_id)
    if participant is None or participant.session_id != live.id or participant.removed:
        return False
    participant.removed = True
    live.version += 1
    announce(live.id, "people")
    announce(live.id, "state", live.version)
    db.session.commit()
    return True


# --- the teacher's actions ------------------------------------------------------------


def act(live: LiveSession, action: str, now: dt.datetime) -> None:
    """Apply a teacher's action (start, reveal, next, pause, resume, end); NotNow if stale."""
    total = len(live.question_ids)
    new_state = game.next_state(live.state, action, position=live.position, total=total)
    # The row is locked while it changes, so two clicks (or two tabs) apply once.
    fresh = db.session.scalar(
        select(LiveSession).where(LiveSession.id == live.id).with_for_update()
    )
    if fresh.state != live.state or fresh.version != live.version:
        db.session.rollback()
        raise NotNow("The session changed in the meantime; here it is as it is now.")
    seconds = dt.timedelta(seconds=live.seconds_per_question)
    if action in ("start", "next") and new_state == "question":
        live.position += 1
        live.question_started_at = now
        live.deadline = now + seconds
    elif action == "reveal":
        live.deadline = min(live.deadline, now) if live.deadline else now
    elif action == "pause":
        live.paused_state = live.state
        live.paused_remaining_ms = (
            max(0, int((live.deadline - now).total_seconds() * 1000))
            if live.state == "question" and live.deadline
            else None
        )
    elif action == "resume":
        new_state = live.paused_state or "question"
        if new_state == "question" and live.paused_remaining_ms is not None:
            live.deadline = now + dt.timedelta(milliseconds=live.paused_remaining_ms)
            # Time paused does not count as time taken to answer.
            live.question_started_at = live.deadline - seconds
        live.paused_state = None
        live.paused_remaining_ms = None
    live.state = new_state
    live.version += 1
    if new_state == "ended":
        _finish(live, now)
    announce(live.id, "state", live.version)
    db.session.commit()


def _finish(live: LiveSession, now: dt.datetime) -> None:
    """Close the PIN and every attempt; queue each participant's missed questions."""
    from ..cards.reviews import queue_mistake

    live.open_pin = None
    live.ended_at = now
    asked = live.question_ids[: live.position + 1]
    rows = {
        row.id: row for row in db.session.scalars(select(Question).where(Question.id.in_(asked)))
    }
    right = {
        (participant_id, position)
        for participant_id, position in db.session.execute(
            select(LiveAnswer.participant_id, LiveAnswer.position).where(
                LiveAnswer.session_id == live.id, LiveAnswer.correct
            )
        )
    }
    for participant in db.session.scalars(
        select(LiveParticipant).where(LiveParticipant.session_id == live.id)
    ):
        finish_attempt(participant.attempt, now, commit=False)
        for position in range(participant.first_position, len(asked)):
            if (participant.id, position) not in right:
                queue_mistake(participant.user_id, rows[asked[position]], now)
