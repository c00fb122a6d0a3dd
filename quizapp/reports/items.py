"""Item analysis of one bank over a class: the SQL sums behind quizapp.item_analysis.

Only the first finished attempt of each student counts, as in Moodle's default. An item's
statistics cover the first attempts that answered it (a question left unanswered when time
ran out, or not drawn, is not counted for that item).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Text, cast, func, select

from ..answering.describe import describe_response
from ..extensions import db
from ..models import WHOLE_BANK, Answer, Attempt, Bank, Membership, Question
from .indices import ItemIndices, ItemSums, ResponseCount, indices, top_responses

CHOICE_TYPES = ("single", "multiple", "true_false")
TOP_RESPONSES = 5


@dataclass(frozen=True)
class ItemReport:
    key: str
    prompt: str
    type: str
    sums: ItemSums
    indices: ItemIndices
    responses: list[ResponseCount]  # every choice for choice types, else the most common

    @property
    def answered(self) -> int:
        return self.sums.n


@dataclass(frozen=True)
class BankAnalysis:
    attempts: int  # first finished attempts of the class's students
    mean_percent: float | None
    items: list[ItemReport]  # in the bank's order


def first_attempts(class_id: int, bank_id: int):
    """A subquery of each class member's first finished attempt at the bank: id and score."""
    ranked = (
        select(
            Attempt.id,
            Attempt.score,
            Attempt.max_score,
            func.row_number()
            .over(partition_by=Attempt.user_id, order_by=(Attempt.started_at, Attempt.id))
            .label("rank"),
        )
        .join(Membership, Membership.user_id == Attempt.user_id)
        .where(
            Membership.class_id == class_id,
            Attempt.bank_id == bank_id,
            Attempt.finished_at.is_not(None),
            # A retry of the missed questions is no first sitting of the bank.
            Attempt.kind == WHOLE_BANK,
        )
        .subquery()
    )
    return (
        select(ranked.c.id, ranked.c.score, ranked.c.max_score)
        .where(ranked.c["rank"] == 1)
        .subquery()
    )


def analyse_bank(class_id: int, bank: Bank) -> BankAnalysis:
    """Facility, discrimination and response counts per question key of a bank."""
    first = first_attempts(class_id, bank.id)
    count, mean = db.session.execute(
        select(
            func.count(),
            func.avg(
                first.c.score * 100.0 / func.nullif(first.c.max_score, 0),
            ),
        ).select_from(first)
    ).one()
    x = Answer.fraction
    y = first.c.score - Answer.points  # the rest of the test
    response_text = cast(Answer.response, Text)
    # One pass over the answers: the sums per distinct response, added up per key below,
    # serve both the indices and the response counts.
    groups = db.session.execute(
        select(
            Question.key,
            Answer.question_id,
            response_text,
            func.count(),
            func.sum(x),
            func.sum(y),
            func.sum(x * y),
            func.sum(x * x),
            func.sum(y * y),
        )
        .select_from(Answer)
        .join(first, first.c.id == Answer.attempt_id)
        .join(Question, Question.id == Answer.question_id)
        .group_by(Question.key, Answer.question_id, response_text)
    ).all()
    if not groups:
        return BankAnalysis(int(count), _round(mean), [])
    totals: dict[str, list[float]] = {}
    given: dict[str, list[tuple]] = {}
    for key, question_id, text, n, *group_sums in groups:
        total = totals.setdefault(key, [0] * 6)
        for index, value in enumerate((n, *group_sums)):
            total[index] += value or 0
        given.setdefault(key, []).append((question_id, text, n))
    versions = _versions(bank.id, set(totals))
    newest = _newest(versions.values())
    items = []
    for key, (n, sx, sy, sxy, sxx, syy) in totals.items():
        item_sums = ItemSums(int(n), *(float(v) for v in (sx, sy, sxy, sxx, syy)))
        head = newest[key]
        counts = _response_counts(head, versions, given[key])
        items.append(
            ItemReport(
                key, head.data.get("prompt", key), head.type, item_sums, indices(item_sums), counts
            )
        )
    items.sort(key=lambda item: (newest[item.key].position, item.key))
    return BankAnalysis(int(count), _round(mean), items)


def _round(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _versions(bank_id: int, keys: set[str]) -> dict[int, Question]:
    rows = db.session.scalars(
        select(Question).where(Question.bank_id == bank_id, Question.key.in_(keys))
    ).all()
    return {row.id: row for row in rows}


def _newest(rows) -> dict[str, Question]:
    """Per key, the version served now, else the most recent one."""
    best: dict[str, Question] = {}
    for row in sorted(rows, key=lambda r: r.id):
        current = best.get(row.key)
        # Oldest first: a later version wins unless only the earlier one is served.
        if current is None or row.served or not current.served:
            best[row.key] = row
    return best


def _response_counts(head: Question, versions: dict[int, Question], given) -> list[ResponseCount]:
    """Fold the distinct responses to every version of one item into labelled counts."""
    counts: Counter[str] = Counter()
    correct: dict[str, bool] = {}
    for question_id, text, number in given:
        spec = versions[question_id].spec
        response = json.loads(text) if text is not None else None
        for label in _labels(spec, response):
            counts[label] += int(number)
        if spec.type in CHOICE_TYPES:
            for label, is_right in _options(spec):
                correct.setdefault(label, is_right)
    if head.type not in CHOICE_TYPES:
        return top_responses(counts, TOP_RESPONSES)
    # Every choice of the newest version, in its order, then any only older versions had.
    options = _options(head.spec)
    correct.update(options)
    labels = [label for label, _ in options]
    order = labels + sorted(set(counts) - set(labels))
    return [ResponseCount(label, counts[label], correct.get(label)) for label in order]


def _options(spec) -> list[tuple[str, bool]]:
    """Every option of a choice question with whether it is right."""
    if spec.type == "true_false":
        return [("True", spec.answer is True), ("False", spec.answer is False)]
    return [(choice.text, bool(choice.correct)) for choice in spec.choices]


def _labels(spec, response) -> list[str]:
    """The labels one response counts towards: each choice picked, or the answer in words."""
    if spec.type in ("single", "multiple"):
        picked = [response] if spec.type == "single" else response
        try:
            return [spec.choices[i].text for i in picked]
        except (TypeError, IndexError):
            pass
    return [describe_response(spec, response)]
