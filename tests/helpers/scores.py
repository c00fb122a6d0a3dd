"""Build classes and graded attempts directly in the database for the report tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from quizapp.answering.grading import grade
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Bank, Class, Membership, Question

START = dt.datetime(2024, 1, 6, 9, 0, tzinfo=dt.UTC)


def make_class(app, teacher_id: int, name: str, members: list[int], code: str) -> int:
    with app.app_context():
        school_class = Class(name=name, teacher_id=teacher_id, join_code=code)
        db.session.add(school_class)
        db.session.flush()
        for user_id in members:
            db.session.add(Membership(class_id=school_class.id, user_id=user_id))
        db.session.commit()
        return school_class.id


def response_for(spec, right: bool):
    """A response in original indices that grades right, or wrong, for this question."""
    kind = spec.type
    if kind == "single":
        wrong = next(i for i, c in enumerate(spec.choices) if not c.correct)
        return spec.correct_indices[0] if right else wrong
    if kind == "multiple":
        wrong = next(i for i, c in enumerate(spec.choices) if not c.correct)
        return list(spec.correct_indices) if right else [wrong]
    if kind == "true_false":
        return spec.answer if right else not spec.answer
    if kind == "short":
        return spec.answers[0] if right else "zzzzzzzzzz"
    if kind == "numeric":
        return f"{spec.answer:g}" if right else "99999999"
    if kind in ("ordering", "matching"):
        count = len(spec.items) if kind == "ordering" else len(spec.pairs)
        order = list(range(count))
        return order if right else order[1:] + order[:1]
    if kind == "cloze":
        texts = [b.answer if hasattr(b, "options") else b.answers[0] for b in spec.blanks]
        return texts if right else ["zzzzzzzzzz"] * len(texts)
    raise AssertionError(kind)


def record_attempt(
    app,
    user_id: int,
    answers: dict[str, object],
    *,
    bank: str = "sample",
    started_at: dt.datetime = START,
    finished: bool = True,
) -> int:
    """Store a graded attempt: `answers` maps question keys to True (right), False (wrong)
    or a raw response. Returns the attempt id."""
    with app.app_context():
        bank_row = db.session.scalar(select(Bank).where(Bank.slug == bank))
        rows = {
            row.key: row
            for row in db.session.scalars(
                select(Question).where(Question.bank_id == bank_row.id, Question.active)
            )
        }
        chosen = [rows[key] for key in answers]
        attempt = Attempt(
            user_id=user_id,
            bank_id=bank_row.id,
            seed="0" * 16,
            question_ids=[row.id for row in chosen],
            started_at=started_at,
            max_score=float(sum(row.data.get("points", 1) for row in chosen)),
        )
        db.session.add(attempt)
        db.session.flush()
        total = 0.0
        for position, row in enumerate(chosen, start=1):
            spec = row.spec
            given = answers[row.key]
            response = response_for(spec, given) if isinstance(given, bool) else given
            result = grade(spec, response)
            total += result.points
            db.session.add(
                Answer(
                    attempt_id=attempt.id,
                    question_id=row.id,
                    position=position,
                    response=response,
                    correct=result.correct,
                    fraction=result.fraction,
                    points=result.points,
                    answered_at=started_at + dt.timedelta(seconds=30 * position),
                    time_taken_ms=30_000,
                )
            )
        if finished:
            attempt.score = total
            attempt.finished_at = started_at + dt.timedelta(seconds=30 * len(chosen))
        db.session.commit()
        return attempt.id
