"""CSV exports of attempts, answers and review logs, safe to open in a spreadsheet.

Teachers export a class; a learner exports their own.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import func, select

from ..answering.describe import describe_response
from ..extensions import db
from ..models import Answer, Attempt, Bank, CardProgress, Membership, Question, ReviewLog, User

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
    # Every text cell in quotes: a spreadsheet that splits at ";" (or a tab) would otherwise
    # start a new cell inside "x;=1+1;" and run the formula found there.
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def filename(class_name: str, what: str, today: dt.date) -> str:
    """An ASCII attachment name such as `year-9-french-attempts-2024-01-06.csv`."""
    ascii_name = unicodedata.normalize("NFKD", class_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "class"
    return f"{slug}-{what}-{today.isoformat()}.csv"


def _scoped(query, class_id: int | None, user_id: int | None):
    """Restrict a query over attempts to one class's students or to one learner."""
    if (class_id is None) == (user_id is None):
        raise ValueError("give exactly one of class_id and user_id")
    if class_id is not None:
        return query.join(Membership, Membership.user_id == Attempt.user_id).where(
            Membership.class_id == class_id
        )
    return query.where(Attempt.user_id == user_id)


def attempt_rows(class_id: int | None = None, *, user_id: int | None = None):
    """One row per attempt of a class's students, or of one learner, oldest first."""
    answered = (
        select(Answer.attempt_id, func.count().label("answered"))
        .group_by(Answer.attempt_id)
        .subquery()
    )
    query = (
        select(Attempt, User.username, User.display_name, Bank.slug, Bank.title)
        .add_columns(func.coalesce(answered.c.answered, 0))
        .join(User, User.id == Attempt.user_id)
        .join(Bank, Bank.id == Attempt.bank_id)
        .outerjoin(answered, answered.c.attempt_id == Attempt.id)
    )
    rows = db.session.execute(
        _scoped(query, class_id, user_id).order_by(Attempt.started_at, Attempt.id)
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


def answer_rows(class_id: int | None = None, *, user_id: int | None = None):
    """One row per answer of a class's students, or of one learner, by attempt and position."""
    query = (
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
        .join(Bank, Bank.id == Attempt.bank_id)
    )
    rows = db.session.execute(
        _scoped(query, class_id, user_id).order_by(Attempt.started_at, Attempt.id, Answer.position)
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
            describe_response(question.spec, row.response),
            json.dumps(row.response, ensure_ascii=False),
            "yes" if row.correct else "no",
            row.fraction,
            row.points,
            _iso(row.answered_at),
            row.time_taken_ms,
        ]


REVIEW_HEADER = [
    "reviewed_at",
    "bank",
    "item_kind",
    "item_key",
    "rating",
    "state_before",
    "state_after",
    "stability_before",
    "stability_after",
    "difficulty_before",
    "difficulty_after",
    "scheduled_seconds",
    "duration_ms",
]
RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def review_rows(user_id: int) -> Iterable[list[object]]:
    """One row per flashcard review of a learner, like Anki's revlog, oldest first."""
    rows = db.session.execute(
        select(ReviewLog, Bank.slug, CardProgress.item_kind, CardProgress.item_key)
        .join(CardProgress, CardProgress.id == ReviewLog.progress_id)
        .join(Bank, Bank.id == CardProgress.bank_id)
        .where(ReviewLog.user_id == user_id)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ).all()
    for log, slug, kind, key in rows:
        yield [
            _iso(log.reviewed_at),
            slug,
            kind,
            key,
            RATING_NAMES.get(log.rating, log.rating),
            log.state_before,
            log.state_after,
            log.stability_before,
            log.stability_after,
            log.difficulty_before,
            log.difficulty_after,
            log.scheduled_seconds,
            log.duration_ms,
        ]
