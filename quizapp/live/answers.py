"""Answering a live question: the server's clock decides, the database keeps one answer
per student and question, the quiz's grader grades it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..answering.grading import grade
from ..answering.layout import Layout, make_layout
from ..answering.parse import parse_response
from ..banks.schema import Question as QuestionSpec
from ..extensions import db
from ..models import Answer, LiveAnswer, LiveParticipant, LiveSession, Question
from . import game
from .service import Closed, Removed, announce


def layout_of(spec: QuestionSpec) -> Layout:
    # Everyone sees the options in the file's order: the projector's order.
    return make_layout(spec, "live", shuffle_choices=False)


def current_row(live: LiveSession) -> Question | None:
    if not 0 <= live.position < len(live.question_ids):
        return None
    return db.session.get(Question, live.question_ids[live.position])


def accepting(live: LiveSession, now: dt.datetime) -> bool:
    grace = dt.timedelta(milliseconds=game.GRACE_MS)
    return live.state == "question" and live.deadline is not None and now <= live.deadline + grace


def own_answer(live: LiveSession, participant: LiveParticipant) -> LiveAnswer | None:
    return db.session.scalar(
        select(LiveAnswer).where(
            LiveAnswer.session_id == live.id,
            LiveAnswer.participant_id == participant.id,
            LiveAnswer.position == live.position,
        )
    )


def submit(live: LiveSession, participant: LiveParticipant, form, now: dt.datetime) -> LiveAnswer:
    """Grade and store an answer once. Raises Closed, Removed or InvalidResponse."""
    if participant.removed:
        raise Removed()
    existing = own_answer(live, participant)
    if existing is not None:
        return existing
    if not accepting(live, now):
        raise Closed()
    row = current_row(live)
    spec = row.spec
    response = parse_response(spec, layout_of(spec), form)
    result = grade(spec, response)
    elapsed = max(0, int((now - live.question_started_at).total_seconds() * 1000))
    points = game.speed_points(result.fraction, elapsed, live.seconds_per_question * 1000)
    answer = Answer(
        attempt_id=participant.attempt_id,
        question_id=row.id,
        position=live.position + 1,
        response=response,
        correct=result.correct,
        fraction=result.fraction,
        points=result.points,
        answered_at=now,
        time_taken_ms=elapsed,
    )
    try:
        db.session.add(answer)
        db.session.flush()
        stored = LiveAnswer(
            session_id=live.id,
            participant_id=participant.id,
            position=live.position,
            answer_id=answer.id,
            correct=result.correct,
            fraction=result.fraction,
            points=points,
            elapsed_ms=elapsed,
            answered_at=now,
        )
        db.session.add(stored)
        db.session.flush()
    except IntegrityError:  # the same answer raced in from another tab: keep the first
        db.session.rollback()
        return own_answer(live, participant)
    if points:
        db.session.execute(
            update(LiveParticipant)
            .where(LiveParticipant.id == participant.id)
            .values(score=LiveParticipant.score + points)
            .execution_options(synchronize_session=False)
        )
    if not result.correct:
        from ..cards.reviews import queue_mistake

        queue_mistake(participant.user_id, row, now)
    announce(live.id, "count")
    db.session.commit()
    return stored
