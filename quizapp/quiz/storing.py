"""Storing answers and finishing attempts: one row per (attempt, question), and a score
that is always the sum of the stored answers (answering and finishing hold the attempt)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..answering.grading import Result, grade
from ..cards.reviews import queue_mistake
from ..extensions import db
from ..models import Answer, Attempt, Question
from .attempts import TimeIsUp, answers_by_question, attempt_questions, is_over


def lock_attempt(attempt: Attempt) -> None:
    """Hold the attempt until the next commit, and read it afresh.

    Answering and finishing one attempt then happen one after the other, so a finish
    never totals the answers while the last one is being stored (the score would leave
    it out). PostgreSQL locks the row (SELECT ... FOR UPDATE); SQLite has one writer at
    a time, so the transaction starts as a write (BEGIN IMMEDIATE, waiting out the busy
    timeout) before it reads anything: a read transaction that later writes fails with
    "database is locked" when another write came in between.
    """
    query = select(Attempt).where(Attempt.id == attempt.id)
    query = query.execution_options(populate_existing=True)
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.commit()  # end this request's read transaction
        db.session.connection().exec_driver_sql("BEGIN IMMEDIATE")
    else:
        query = query.with_for_update()
    # Fetch the row: populate_existing refreshes the attempt only as its row is read.
    db.session.scalars(query).one()


def submit_answer(
    attempt: Attempt, row: Question, number: int, response, now: dt.datetime
) -> tuple[Answer, Result]:
    """Grade and store an answer: one row per question of an attempt.

    Practice mode keeps the first answer (a repeat returns it unchanged); test mode keeps
    the last one given until the attempt is finished.
    """
    spec = row.spec
    lock_attempt(attempt)
    existing = db.session.scalar(
        select(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id == row.id)
    )
    changeable = attempt.mode == "test" and attempt.finished_at is None
    if existing is not None and not changeable:
        return existing, grade(spec, existing.response)
    if attempt.finished_at is not None or is_over(attempt, now):
        if attempt.finished_at is None:
            finish_attempt(attempt, now)
        raise TimeIsUp()
    result = grade(spec, response)
    if existing is not None:
        return _change_answer(existing, response, result, now), result
    return _insert_answer(attempt, row, number, response, result, now)


def _insert_answer(
    attempt: Attempt, row: Question, number: int, response, result: Result, now: dt.datetime
) -> tuple[Answer, Result]:
    """Store a first answer; finish a practice attempt whose last question it answers."""
    changeable = attempt.mode == "test" and attempt.finished_at is None
    previous = db.session.scalar(
        select(func.max(Answer.answered_at)).where(Answer.attempt_id == attempt.id)
    )
    since = max(previous or attempt.started_at, attempt.started_at)
    answer = Answer(
        attempt_id=attempt.id,
        question_id=row.id,
        position=number,
        response=response,
        correct=result.correct,
        fraction=result.fraction,
        points=result.points,
        answered_at=now,
        time_taken_ms=max(0, int((now - since).total_seconds() * 1000)),
    )
    db.session.add(answer)
    try:
        db.session.flush()
    except IntegrityError:
        # The same answer raced in from another request: keep the one stored first.
        db.session.rollback()
        existing = db.session.scalar(
            select(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id == row.id)
        )
        if changeable:
            return _change_answer(existing, response, result, now), result
        return existing, grade(row.spec, existing.response)
    if attempt.mode == "test":
        # Test mode finishes when the learner says so, and queues mistakes then.
        db.session.commit()
        return answer, result
    if not answer.correct:
        queue_mistake(attempt.user_id, row, now)
    count = db.session.scalar(select(func.count()).where(Answer.attempt_id == attempt.id))
    if count >= len(attempt.question_ids):
        finish_attempt(attempt, now, commit=False)
    db.session.commit()
    return answer, result


def _change_answer(answer: Answer, response, result: Result, now: dt.datetime) -> Answer:
    """Replace a test-mode answer with a later one (its time taken keeps the first answer's)."""
    answer.response = response
    answer.correct = result.correct
    answer.fraction = result.fraction
    answer.points = result.points
    answer.answered_at = now
    db.session.commit()
    return answer


def toggle_flag(attempt: Attempt, number: int) -> bool:
    """Flag a question for review, or unflag it; return whether it is flagged now."""
    flagged = set(attempt.flagged or [])
    flagged ^= {number}
    attempt.flagged = sorted(flagged)
    db.session.commit()
    return number in flagged


def finish_attempt(attempt: Attempt, now: dt.datetime, *, commit: bool = True) -> None:
    """Close an attempt and total its score from the stored answers.

    With commit=False the caller holds the attempt already (lock_attempt).
    """
    if commit:
        lock_attempt(attempt)
    if attempt.mode == "test" and attempt.finished_at is None:
        _queue_test_mistakes(attempt, now)
    total = db.session.scalar(
        select(func.coalesce(func.sum(Answer.points), 0.0)).where(Answer.attempt_id == attempt.id)
    )
    attempt.score = float(total)
    if attempt.finished_at is None:
        attempt.finished_at = now
    if commit:
        db.session.commit()


def _queue_test_mistakes(attempt: Attempt, now: dt.datetime) -> None:
    answers = answers_by_question(attempt)
    for row in attempt_questions(attempt):
        answer = answers.get(row.id)
        if answer is not None and not answer.correct:
            queue_mistake(attempt.user_id, row, now)
