"""What a teacher sees of a class: classes, students, and their scores per bank.

Aggregates run in the database (GROUP BY and window functions that SQLite and PostgreSQL
both have) and come back as plain dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from ..models import Attempt, Bank, Class, Membership, User


@dataclass(frozen=True)
class ClassSummary:
    id: int
    name: str
    join_code: str
    created_at: dt.datetime
    student_count: int


@dataclass(frozen=True)
class StudentRow:
    id: int
    display_name: str
    username: str | None
    extra_time: float


@dataclass(frozen=True)
class BankRef:
    id: int
    slug: str
    title: str


@dataclass(frozen=True)
class Cell:
    """One student's results at one bank."""

    started: int = 0  # attempts begun, finished or not
    finished: int = 0
    latest: float | None = None  # percent of the most recently finished attempt
    best: float | None = None

    @property
    def status(self) -> str:
        if not self.started:
            return "not started"
        if not self.finished:
            return "in progress"
        return "finished"


@dataclass(frozen=True)
class ClassOverview:
    students: list[StudentRow]
    banks: list[BankRef]
    cells: dict[tuple[int, int], Cell]

    def cell(self, student_id: int, bank_id: int) -> Cell:
        return self.cells.get((student_id, bank_id), Cell())

    def not_started(self, bank_id: int) -> list[StudentRow]:
        return [s for s in self.students if not self.cell(s.id, bank_id).started]


def teacher_classes(teacher_id: int) -> list[ClassSummary]:
    """The teacher's classes with how many students each has, by name."""
    rows = db.session.execute(
        select(Class.id, Class.name, Class.join_code, Class.created_at, func.count(Membership.id))
        .outerjoin(Membership, Membership.class_id == Class.id)
        .where(Class.teacher_id == teacher_id)
        .group_by(Class.id, Class.name, Class.join_code, Class.created_at)
        .order_by(Class.name, Class.id)
    ).all()
    return [ClassSummary(*row) for row in rows]


def class_students(class_id: int) -> list[StudentRow]:
    rows = db.session.execute(
        select(User.id, User.display_name, User.username, User.extra_time)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.class_id == class_id)
        .order_by(User.display_name, User.id)
    ).all()
    return [StudentRow(*row) for row in rows]


def is_member(class_id: int, user_id: int) -> bool:
    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.class_id == class_id, Membership.user_id == user_id
            )
        )
        is not None
    )


def active_banks() -> list[BankRef]:
    rows = db.session.execute(
        select(Bank.id, Bank.slug, Bank.title).where(Bank.active).order_by(Bank.title, Bank.id)
    ).all()
    return [BankRef(*row) for row in rows]


def class_overview(class_id: int) -> ClassOverview:
    """Every student of the class × every active bank: latest and best score, or not started."""
    members = select(Membership.user_id).where(Membership.class_id == class_id)
    partition = (Attempt.user_id, Attempt.bank_id)
    percent = Attempt.score * 100.0 / Attempt.max_score
    ranked = (
        select(
            Attempt.user_id,
            Attempt.bank_id,
            percent.label("percent"),
            func.row_number()
            .over(partition_by=partition, order_by=(Attempt.finished_at.desc(), Attempt.id.desc()))
            .label("recency"),
            func.max(percent).over(partition_by=partition).label("best"),
            func.count().over(partition_by=partition).label("finished"),
        )
        .where(
            Attempt.user_id.in_(members),
            Attempt.finished_at.is_not(None),
            Attempt.max_score > 0,
        )
        .subquery()
    )
    finished = {
        (user_id, bank_id): (int(count), round(latest, 1), round(best, 1))
        for user_id, bank_id, latest, best, count in db.session.execute(
            select(ranked.c.user_id, ranked.c.bank_id, ranked.c.percent, ranked.c.best)
            .add_columns(ranked.c.finished)
            .where(ranked.c.recency == 1)
        ).all()
    }
    started = db.session.execute(
        select(Attempt.user_id, Attempt.bank_id, func.count())
        .where(Attempt.user_id.in_(members))
        .group_by(Attempt.user_id, Attempt.bank_id)
    ).all()
    cells = {}
    for user_id, bank_id, count in started:
        done, latest, best = finished.get((user_id, bank_id), (0, None, None))
        cells[(user_id, bank_id)] = Cell(int(count), done, latest, best)
    return ClassOverview(class_students(class_id), active_banks(), cells)
