"""A learner's score history: attempts, scores over time, accuracy per tag, most missed.

Queries aggregate in the database and return plain dataclasses, so the student's page and
the teacher's view of a student share them. Tags live in each question version's JSON data,
which SQL cannot group by portably: the database counts answers per question version and
Python folds those few rows into tags.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from ..extensions import db
from ..models import Answer, Attempt, Bank, Question

MISSED_LIMIT = 5
NO_TAG = "(no tag)"


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    bank_id: int
    bank_slug: str
    bank_title: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    score: float
    max_score: float
    answered: int
    question_count: int
    kind: str = "bank"

    @property
    def is_practice(self) -> bool:
        """A round that asked part of the bank: never a best, latest or charted score."""
        return self.kind != "bank"

    @property
    def percent(self) -> float | None:
        if self.finished_at is None or not self.max_score:
            return None
        return round(100 * self.score / self.max_score, 1)

    @property
    def duration(self) -> dt.timedelta | None:
        return None if self.finished_at is None else self.finished_at - self.started_at


@dataclass(frozen=True)
class TagAccuracy:
    tag: str
    answered: int
    right: int
    fraction_sum: float

    @property
    def percent(self) -> float:
        return round(100 * self.right / self.answered, 1) if self.answered else 0.0


@dataclass(frozen=True)
class MissedQuestion:
    key: str
    prompt: str
    answered: int
    missed: int
    current_id: int | None  # the version served now; None when the question was removed


@dataclass
class BankHistory:
    bank_id: int
    slug: str
    title: str
    scores: list[AttemptSummary] = field(default_factory=list)  # whole-bank, finished, oldest first
    practice_rounds: int = 0  # finished attempts that asked part of the bank
    tags: list[TagAccuracy] = field(default_factory=list)
    missed: list[MissedQuestion] = field(default_factory=list)

    @property
    def practice_ids(self) -> list[int]:
        return [item.current_id for item in self.missed if item.current_id is not None]


@dataclass(frozen=True)
class LearnerHistory:
    attempts: list[AttemptSummary]  # newest first
    banks: list[BankHistory]  # by title


def attempt_summaries(user_id: int) -> list[AttemptSummary]:
    """Every attempt of this learner with its bank and answer count, newest first."""
    answered = (
        select(Answer.attempt_id, func.count().label("answered"))
        .group_by(Answer.attempt_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Attempt.id,
            Attempt.bank_id,
            Bank.slug,
            Bank.title,
            Attempt.started_at,
            Attempt.finished_at,
            Attempt.score,
            Attempt.max_score,
            func.coalesce(answered.c.answered, 0),
            Attempt.question_ids,
            Attempt.kind,
        )
        .join(Bank, Bank.id == Attempt.bank_id)
        .outerjoin(answered, answered.c.attempt_id == Attempt.id)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
    ).all()
    return [AttemptSummary(*row[:9], question_count=len(row[9]), kind=row[10]) for row in rows]


def tag_accuracy(user_id: int) -> dict[int, list[TagAccuracy]]:
    """Per bank id, the share of this learner's answers that were right, per question tag."""
    per_version = (
        select(
            Answer.question_id,
            func.count().label("answered"),
            func.sum(case((Answer.correct, 1), else_=0)).label("right"),
            func.sum(Answer.fraction).label("fractions"),
        )
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .where(Attempt.user_id == user_id)
        .group_by(Answer.question_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Question.bank_id,
            Question.data,
            per_version.c.answered,
            per_version.c.right,
            per_version.c.fractions,
        ).join(per_version, per_version.c.question_id == Question.id)
    ).all()
    totals: dict[int, dict[str, list[float]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0, 0.0])
    )
    for bank_id, data, answered, right, fractions in rows:
        for tag in data.get("tags") or [NO_TAG]:
            total = totals[bank_id][tag]
            total[0] += answered
            total[1] += right
            total[2] += float(fractions or 0)
    return {
        bank_id: [
            TagAccuracy(tag, int(a), int(r), f)
            for tag, (a, r, f) in sorted(tags.items(), key=lambda item: item[0].casefold())
        ]
        for bank_id, tags in totals.items()
    }


def most_missed(user_id: int, limit: int = MISSED_LIMIT) -> dict[int, list[MissedQuestion]]:
    """Per bank id, the questions (by stable key) this learner got wrong most often."""
    missed = func.sum(case((Answer.correct, 0), else_=1)).label("missed")
    rows = db.session.execute(
        select(Question.bank_id, Question.key, func.count().label("answered"), missed)
        .join(Answer, Answer.question_id == Question.id)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .where(Attempt.user_id == user_id)
        .group_by(Question.bank_id, Question.key)
        .having(missed > 0)
        .order_by(Question.bank_id, missed.desc(), Question.key)
    ).all()
    top: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for bank_id, key, answered, count in rows:
        if len(top[bank_id]) < limit:
            top[bank_id].append((key, int(answered), int(count)))
    versions = current_versions(
        {(bank_id, key) for bank_id, keys in top.items() for key, *_ in keys}
    )
    result: dict[int, list[MissedQuestion]] = {}
    for bank_id, keys in top.items():
        result[bank_id] = []
        for key, answered, count in keys:
            current_id, prompt = versions.get((bank_id, key), (None, key))
            result[bank_id].append(MissedQuestion(key, prompt, answered, count, current_id))
    return result


def current_versions(keys: set[tuple[int, str]]) -> dict[tuple[int, str], tuple[int | None, str]]:
    """For (bank id, key) pairs: the id of the version served now (or None) and its prompt.

    A question removed from its bank has no served version; its newest prompt is shown.
    """
    if not keys:
        return {}
    rows = db.session.execute(
        select(Question.id, Question.bank_id, Question.key, Question.served, Question.data)
        .where(
            Question.bank_id.in_({bank_id for bank_id, _ in keys}),
            Question.key.in_({key for _, key in keys}),
        )
        .order_by(Question.id)
    ).all()
    found: dict[tuple[int, str], tuple[int | None, str]] = {}
    for question_id, bank_id, key, served, data in rows:
        if (bank_id, key) not in keys:
            continue
        previous = found.get((bank_id, key))
        # Rows come oldest first: a later version wins unless a served one is already found.
        if served or previous is None or previous[0] is None:
            found[(bank_id, key)] = (question_id if served else None, data.get("prompt", key))
    return found


def learner_history(user_id: int, *, missed_limit: int = MISSED_LIMIT) -> LearnerHistory:
    """Everything the score history page shows for one learner."""
    attempts = attempt_summaries(user_id)
    tags = tag_accuracy(user_id)
    missed = most_missed(user_id, missed_limit)
    banks: dict[int, BankHistory] = {}
    for attempt in reversed(attempts):
        bank = banks.setdefault(
            attempt.bank_id, BankHistory(attempt.bank_id, attempt.bank_slug, attempt.bank_title)
        )
        if attempt.percent is None:
            continue
        if attempt.is_practice:
            bank.practice_rounds += 1
        else:
            bank.scores.append(attempt)
    for bank in banks.values():
        bank.scores.sort(key=lambda a: (a.finished_at, a.id))
        bank.tags = tags.get(bank.bank_id, [])
        bank.missed = missed.get(bank.bank_id, [])
    ordered = sorted(banks.values(), key=lambda b: (b.title.casefold(), b.bank_id))
    return LearnerHistory(attempts=attempts, banks=ordered)
