"""Storing answers and finishing attempts: one row per (attempt, question), and a score
that is always the sum of the stored answers (answering and finishing hold the attempt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..answering.grading import Result, grade
from ..cards.reviews import queue_mistake
from ..extensions import db
from ..models import Answer, Attempt, Question
from ..web.group_commit import begin_write
from .attempts import answers_by_question, attempt_questions, is_over, numbers_of


def locked_attempt(attempt_id: int) -> Attempt | None:
    """Read an attempt and hold it until the next commit (begin_write() first).

    Answering and finishing one attempt then happen one after the other, so a finish
    never totals the answers while the last one is being stored (the score would leave
    it out). populate_existing reads the row afresh even when this session holds it.
    """
    query = select(Attempt).where(Attempt.id == attempt_id)
    query = query.execution_options(populate_existing=True)
    if db.session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update()
    return db.session.scalars(query).one_or_none()


def lock_attempt(attempt: Attempt) -> None:
    """Hold an attempt this request has read already, and read it afresh."""
    begin_write()
    locked_attempt(attempt.id)


@dataclass(frozen=True)
class Stored:
    """What one submit leaves: the answer kept, its grade, and the questions answered now.

    time_is_up: the answer came after the time limit and was not stored (the attempt is
    finished instead, and answer and result are None).
    """

    answer: Answer | None
    result: Result | None
    answered: set[int]
    time_is_up: bool = False


def submit_answer(
    attempt: Attempt, row: Question, number: int, read_response, now: dt.datetime
) -> Stored:
    """Grade and store an answer: one row per question of an attempt; the caller commits.

    The attempt is held already (begin_write, locked_attempt). `read_response()` gives the
    learner's response; it is called only when the answer will be stored, and may raise
    InvalidResponse. Practice mode keeps the first answer (a repeat returns it unchanged);
    test mode keeps the last one given until the attempt is finished. Past the time limit
    the attempt is finished and nothing stored (time_is_up). Each row is read once and the
    response graded once. Nothing is committed: a group commit carries many submits.
    """
    answers = answers_by_question(attempt)
    existing = answers.get(row.id)
    changeable = attempt.mode == "test" and attempt.finished_at is None
    if existing is not None and not changeable:
        return Stored(existing, grade(row.spec, existing.response), _numbers(attempt, answers))
    if attempt.finished_at is not None or is_over(attempt, now):
        if attempt.finished_at is None:
            finish_attempt(attempt, now, commit=False, answers=list(answers.values()))
        return Stored(None, None, _numbers(attempt, answers), time_is_up=True)
    response = read_response()
    result = grade(row.spec, response)
    if existing is not None:
        answer = _change_answer(existing, response, result, now)
    else:
        answer = _insert_answer(attempt, row, number, response, result, now, answers)
        if answer.response != response:  # another request stored its answer first
            result = grade(row.spec, answer.response)
    answers[row.id] = answer
    return Stored(answer, result, _numbers(attempt, answers))


def _numbers(attempt: Attempt, answers: dict[int, Answer]) -> set[int]:
    return numbers_of(attempt, answers)


def _insert_answer(
    attempt: Attempt,
    row: Question,
    number: int,
    response,
    result: Result,
    now: dt.datetime,
    answers: dict[int, Answer],
) -> Answer:
    """Store a first answer; finish a practice attempt whose last question it answers."""
    previous = max((a.answered_at for a in answers.values()), default=attempt.started_at)
    since = max(previous, attempt.started_at)
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
    try:
        # A savepoint of its own: a clash undoes this insert only, not the transaction
        # (which may carry other learners' answers, see web/group_commit.py).
        with db.session.begin_nested():
            db.session.add(answer)
    except IntegrityError:
        # The unique (attempt, question) index decides: keep the answer stored first.
        return _after_race(attempt, row, response, result, now)
    if attempt.mode != "test":
        # Test mode finishes when the learner says so, and queues mistakes then.
        if not answer.correct:
            queue_mistake(attempt.user_id, row, now)
        if len(answers) + 1 >= len(attempt.question_ids):
            finish_attempt(attempt, now, commit=False, answers=[*answers.values(), answer])
    return answer


def _after_race(attempt: Attempt, row: Question, response, result: Result, now) -> Answer:
    existing = db.session.scalar(
        select(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id == row.id)
    )
    if attempt.mode == "test" and attempt.finished_at is None:
        return _change_answer(existing, response, result, now)
    return existing


def _change_answer(answer: Answer, response, result: Result, now: dt.datetime) -> Answer:
    """Replace a test-mode answer with a later one (its time taken keeps the first answer's)."""
    answer.response = response
    answer.correct = result.correct
    answer.fraction = result.fraction
    answer.points = result.points
    answer.answered_at = now
    return answer


def toggle_flag(attempt: Attempt, number: int) -> bool:
    """Flag a question for review, or unflag it; return whether it is flagged now."""
    flagged = set(attempt.flagged or [])
    flagged ^= {number}
    attempt.flagged = sorted(flagged)
    db.session.commit()
    return number in flagged


def finish_attempt(
    attempt: Attempt,
    now: dt.datetime,
    *,
    commit: bool = True,
    answers: list[Answer] | None = None,
) -> None:
    """Close an attempt and total its score from the stored answers.

    With commit=False the caller holds the attempt already (lock_attempt) and may pass
    the attempt's answers it has read under that hold.
    """
    if commit:
        lock_attempt(attempt)
    if attempt.mode == "test" and attempt.finished_at is None:
        _queue_test_mistakes(attempt, now)
    if answers is None:
        total = db.session.scalar(
            select(func.coalesce(func.sum(Answer.points), 0.0)).where(
                Answer.attempt_id == attempt.id
            )
        )
    else:
        total = sum(answer.points for answer in answers)
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
