"""What must hold in the database after a load or fault test."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .driver import Tally
from .server import Database


@dataclass
class Outcome:
    acknowledged: int
    stored: int
    missing: list[tuple[int, int]]  # acknowledged (attempt id, number) not in the database
    duplicates: list[tuple]  # (attempt id, question id, count) stored more than once
    overfull: list[int]  # attempts with more answers than questions
    strays: int  # answers to a question their attempt never asked
    orphans: int  # answers whose attempt is gone
    unfinished: int  # attempts with every question answered but not closed
    wrong_scores: int  # closed attempts whose score is not the sum of their answers
    integrity: str

    def summary(self, tally: Tally) -> str:
        return (
            f"{len(tally.attempts)} students, {tally.requests} requests,"
            f" {self.acknowledged} answers acknowledged, {self.stored} stored,"
            f" {len(self.missing)} missing, {len(self.duplicates)} stored twice,"
            f" {len(tally.errors)} failed requests, integrity {self.integrity}"
        )


def question_ids(value) -> list[int]:
    return json.loads(value) if isinstance(value, str) else list(value)


def check(database: Database, tally: Tally) -> Outcome:
    """Compare what the students were told with what the database holds."""
    attempts = {
        row.id: (question_ids(row.question_ids), row.finished_at, row.score)
        for row in database.rows("SELECT id, question_ids, finished_at, score FROM attempt")
    }
    answers = database.rows("SELECT attempt_id, question_id, points FROM answer")
    stored = {(row.attempt_id, row.question_id) for row in answers}
    missing = [
        (attempt_id, number)
        for attempt_id, number in tally.acknowledged
        if attempt_id not in attempts
        or (attempt_id, attempts[attempt_id][0][number - 1]) not in stored
    ]
    duplicates = [
        tuple(row)
        for row in database.rows(
            "SELECT attempt_id, question_id, count(*) AS n FROM answer"
            " GROUP BY attempt_id, question_id HAVING count(*) > 1"
        )
    ]
    per_attempt: dict[int, list] = {}
    for row in answers:
        per_attempt.setdefault(row.attempt_id, []).append(row)
    overfull = [a for a, rows in per_attempt.items() if len(rows) > len(attempts[a][0])]
    strays = sum(
        1
        for row in answers
        if row.attempt_id in attempts and row.question_id not in attempts[row.attempt_id][0]
    )
    orphans = sum(1 for row in answers if row.attempt_id not in attempts)
    unfinished = sum(
        1
        for a, (ids, finished, _) in attempts.items()
        if len(per_attempt.get(a, [])) == len(ids) and finished is None
    )
    wrong_scores = sum(
        1
        for a, (_, finished, score) in attempts.items()
        if finished is not None
        and abs(score - sum(row.points for row in per_attempt.get(a, []))) > 1e-9
    )
    return Outcome(
        acknowledged=len(tally.acknowledged),
        stored=len(answers),
        missing=missing,
        duplicates=duplicates,
        overfull=overfull,
        strays=strays,
        orphans=orphans,
        unfinished=unfinished,
        wrong_scores=wrong_scores,
        integrity=integrity(database),
    )


def integrity(database: Database) -> str:
    """SQLite's own check; on PostgreSQL, the unique constraint on answers is in force."""
    if not database.postgresql:
        result = database.scalar("PRAGMA integrity_check")
        foreign = database.rows("PRAGMA foreign_key_check")
        return result if not foreign else f"{result}, {len(foreign)} foreign key problems"
    constraints = {
        row.conname
        for row in database.rows(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'answer'::regclass"
            " AND contype IN ('u', 'f') AND convalidated"
        )
    }
    needed = {"uq_answer_attempt_id_question_id", "fk_answer_attempt_id_attempt"}
    return "ok" if needed <= constraints else f"constraints missing: {needed - constraints}"


def assert_sound(outcome: Outcome) -> None:
    assert outcome.missing == [], f"acknowledged answers not stored: {outcome.missing[:10]}"
    assert outcome.duplicates == [], f"answers stored twice: {outcome.duplicates[:10]}"
    assert outcome.overfull == [], f"attempts with more answers than questions: {outcome.overfull}"
    assert outcome.strays == 0 and outcome.orphans == 0
    assert outcome.unfinished == 0, "attempts fully answered but left open"
    assert outcome.wrong_scores == 0, "scores that are not the sum of the answers"
    assert outcome.integrity == "ok"
