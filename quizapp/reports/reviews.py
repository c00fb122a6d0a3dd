"""Review statistics aggregated in SQL, for one learner or for every member of a class.

The same definitions as tests/oracles/review_stats.py (the tests' reference), but
counted by the database so a class's year of reviews is not loaded into Python. Days are
UTC calendar days. `users` is a SELECT of user ids: one learner, or a class's members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from ..extensions import db
from ..models import Bank, CardProgress, ReviewLog, servable
from ..scheduling import STATES, start_of_day

HISTORY_DAYS = 90
RETENTION_DAYS = 30
FORECAST_DAYS = 30


def _utc_date(column):
    """The UTC calendar date of a UTC timestamp column, on SQLite and PostgreSQL."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)  # SQLite keeps UTC timestamps as naive ISO text


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(count)]


@dataclass(frozen=True)
class DayRetention:
    day: dt.date
    passed: int
    counted: int

    @property
    def percent(self) -> float:
        return 100 * self.passed / self.counted


@dataclass(frozen=True)
class Report:
    today: dt.date
    per_day: list[tuple[dt.date, int]]  # reviews, last HISTORY_DAYS days, oldest first
    retention_days: list[DayRetention]  # days with counted reviews, last RETENTION_DAYS days
    states: dict[str, int]
    forecast: list[tuple[dt.date, int]]  # due reviews, next FORECAST_DAYS days, today first

    @property
    def reviews_today(self) -> int:
        return self.per_day[-1][1]

    @property
    def reviews_total(self) -> int:
        return sum(count for _, count in self.per_day)

    @property
    def retention_passed(self) -> int:
        return sum(day.passed for day in self.retention_days)

    @property
    def retention_counted(self) -> int:
        return sum(day.counted for day in self.retention_days)

    @property
    def retention(self) -> float | None:
        """Anki's true retention over the last RETENTION_DAYS days, 0..1, or None."""
        counted = self.retention_counted
        return self.retention_passed / counted if counted else None


def reviews_per_day(users, today: dt.date, days: int = HISTORY_DAYS) -> list[tuple[dt.date, int]]:
    first = today - dt.timedelta(days=days - 1)
    day = _utc_date(ReviewLog.reviewed_at)
    rows = db.session.execute(
        select(day, func.count())
        .where(
            ReviewLog.user_id.in_(users),
            ReviewLog.reviewed_at >= _midnight(first),
            ReviewLog.reviewed_at < _midnight(today + dt.timedelta(days=1)),
        )
        .group_by(day)
    ).all()
    counts = {_as_date(value): count for value, count in rows}
    return [(d, counts.get(d, 0)) for d in _days(first, days)]


def retention_by_day(users, today: dt.date, days: int = RETENTION_DAYS) -> list[DayRetention]:
    """Per day, each item's first review of the day when it was in review state, and passes."""
    first = today - dt.timedelta(days=days - 1)
    day = _utc_date(ReviewLog.reviewed_at)
    ranked = (
        select(
            day.label("day"),
            ReviewLog.rating,
            ReviewLog.state_before,
            func.row_number()
            .over(
                partition_by=(ReviewLog.progress_id, day),
                order_by=(ReviewLog.reviewed_at, ReviewLog.id),
            )
            .label("rank"),
        )
        .where(
            ReviewLog.user_id.in_(users),
            ReviewLog.reviewed_at >= _midnight(first),
            ReviewLog.reviewed_at < _midnight(today + dt.timedelta(days=1)),
        )
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.day, func.sum(case((ranked.c.rating > 1, 1), else_=0)), func.count())
        .where(ranked.c.rank == 1, ranked.c.state_before == "review")
        .group_by(ranked.c.day)
    ).all()
    found = sorted((_as_date(value), int(passed), count) for value, passed, count in rows)
    return [DayRetention(d, passed, count) for d, passed, count in found]


def _progress_rows(users):
    return (
        select(CardProgress.id)
        .join(Bank, Bank.id == CardProgress.bank_id)
        .where(CardProgress.user_id.in_(users), *servable(None))
    )


def cards_by_state(users) -> dict[str, int]:
    rows = db.session.execute(
        select(CardProgress.state, func.count())
        .where(CardProgress.id.in_(_progress_rows(users)))
        .group_by(CardProgress.state)
    ).all()
    found = dict(rows)
    return {state: found.get(state, 0) for state in STATES}


def due_forecast(users, now: dt.datetime, days: int = FORECAST_DAYS) -> list[tuple[dt.date, int]]:
    """Reviews falling due on each of the next `days` days, overdue ones today; new left out."""
    today = now.astimezone(dt.UTC).date()
    day = _utc_date(CardProgress.due)
    rows = db.session.execute(
        select(day, func.count())
        .where(
            CardProgress.id.in_(_progress_rows(users)),
            CardProgress.state != "new",
            CardProgress.due < _midnight(today + dt.timedelta(days=days)),
        )
        .group_by(day)
    ).all()
    counts: dict[dt.date, int] = {}
    for value, count in rows:
        key = max(_as_date(value), today)
        counts[key] = counts.get(key, 0) + count
    return [(d, counts.get(d, 0)) for d in _days(today, days)]


def _midnight(day: dt.date) -> dt.datetime:
    return start_of_day(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))


def report(users, now: dt.datetime) -> Report:
    today = now.astimezone(dt.UTC).date()
    return Report(
        today=today,
        per_day=reviews_per_day(users, today),
        retention_days=retention_by_day(users, today),
        states=cards_by_state(users),
        forecast=due_forecast(users, now),
    )
