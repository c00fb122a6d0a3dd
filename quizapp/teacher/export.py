"""CSV exports of a class's attempts and answers, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import func, select

from ..extensions import db
from ..models import Answer, Attempt, Bank, Membership, Question, User
from ..quiz.attempts import question_spec
from ..responses import describe_response

# A spreadsheet runs a cell starting with these as a formula (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

ATTEMPT_HEADER = [
    "attempt_id",
    "username",
    "student",
    "bank",
    "bank_title",
    "mode",
    "started_at",
    "finished_at",
    "score",
    "max_score",
    "percent",
    "questions",
    "answered",
]
ANSWER_HEADER = [
    "attempt_id",
    "username",
    "student",
    "bank",
    "question_key",
    "question_version",
    "question_type",
    "position",
    "response",
    "response_json",
    "correct",
    "fraction",
    "points",
    "answered_at",
    "time_taken_ms",
]


def safe_cell(value: object) -> object:
    """Quote text that a spreadsheet would run as a formula; leave numbers alone."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _iso(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def to_csv(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    """UTF-8 CSV with a byte order mark, so that spreadsheets read accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def filename(class_name: str, what: str, today: dt.date) -> str:
    """An ASCII attachment name such as `year-9-french-attempts-2024-01-06.csv`."""
    ascii_name = unicodedata.normalize("NFKD", class_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "class"
    return f"{slug}-{what}-{today.isoformat()}.csv"


def attempt_rows(class_id: int) -> Iterable[list[object]]:
    """One row per attempt of the class's students, oldest first."""
    answered = (
        select(Answer.attempt_id, func.count().label("answered"))
        .group_by(Answer.attempt_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Attempt, User.username, User.display_name, Bank.slug, Bank.title)
        .add_columns(func.coalesce(answered.c.answered, 0))
        .join(User, User.id == Attempt.user_id)
        .join(Membership, Membership.user_id == Attempt.user_id)
        .join(Bank, Bank.id == Attempt.bank_id)
        .outerjoin(answered, answered.c.attempt_id == Attempt.id)
        .where(Membership.class_id == class_id)
        .order_by(Attempt.started_at, Attempt.id)
    ).all()
    for attempt, username, name, slug, title, count in rows:
        finished = attempt.finished_at is not None
        yield [
            attempt.id,
            username or "",
            name,
            slug,
            title,
            attempt.mode,
            _iso(attempt.started_at),
            _iso(attempt.finished_at),
            attempt.score if finished else "",
            attempt.max_score,
            attempt.percent if finished else "",
            len(attempt.question_ids),
            count,
        ]


def answer_rows(class_id: int) -> Iterable[list[object]]:
    """One row per answer of the class's students, by attempt and position."""
    rows = db.session.execute(
        select(
            Answer.attempt_id,
            User.username,
            User.display_name,
            Bank.slug,
            Answer.question_id,
            Answer.position,
            Answer.response,
            Answer.correct,
            Answer.fraction,
            Answer.points,
            Answer.answered_at,
            Answer.time_taken_ms,
        )
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(User, User.id == Attempt.user_id)
        .join(Membership, Membership.user_id == Attempt.user_id)
        .join(Bank, Bank.id == Attempt.bank_id)
        .where(Membership.class_id == class_id)
        .order_by(Attempt.started_at, Attempt.id, Answer.position)
    ).all()
    # The few question versions asked, loaded once rather than joined to every answer.
    versions = {
        row.id: row
        for row in db.session.scalars(
            select(Question).where(Question.id.in_({row.question_id for row in rows}))
        )
    }
    for row in rows:
        question = versions[row.question_id]
        yield [
            row.attempt_id,
            row.username or "",
            row.display_name,
            row.slug,
            question.key,
            question.id,
            question.type,
            row.position,
            describe_response(question_spec(question), row.response),
            json.dumps(row.response, ensure_ascii=False),
            "yes" if row.correct else "no",
            row.fraction,
            row.points,
            _iso(row.answered_at),
            row.time_taken_ms,
        ]
