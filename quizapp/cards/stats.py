"""Review statistics aggregated in SQL, for one learner or for every member of a class.

The same definitions as quizapp/review_stats.py (which the tests use as the reference), but
counted by the database so a class's year of reviews is not loaded into Python. Days are
UTC calendar days. `users` is a SELECT of user ids: one learner, or a class's members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import case, func, select

from ..extensions import db
from ..models import Bank, CardProgress, ReviewLog
from ..review_stats import svg_bar_chart, svg_line_chart
from ..scheduling import STATES
from .queue import servable, start_of_day

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


def _label(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def charts(data: Report, who: str) -> dict[str, Markup]:
    """The report's SVG charts; review_stats escapes every text it draws."""
    busiest_day, busiest = max(data.per_day, key=lambda pair: pair[1])
    peak = f"; the busiest day was {_label(busiest_day)} with {busiest}" if busiest else ""
    history = svg_bar_chart(
        [(_label(day), count) for day, count in data.per_day],
        title=f"Reviews per day by {who}, last {HISTORY_DAYS} days",
        description=(
            f"{data.reviews_total} reviews in {HISTORY_DAYS} days, {data.reviews_today} today"
            f"{peak}."
        ),
        chart_id="chart-reviews",
    )
    forecast_total = sum(count for _, count in data.forecast)
    forecast = svg_bar_chart(
        [(_label(day), count) for day, count in data.forecast],
        title=f"Reviews falling due for {who}, next {FORECAST_DAYS} days",
        description=(
            f"{forecast_total} reviews fall due in the next {FORECAST_DAYS} days,"
            f" {data.forecast[0][1]} of them today (overdue ones included)."
        ),
        chart_id="chart-forecast",
    )
    result = {"history": Markup(history), "forecast": Markup(forecast)}
    if data.retention_days:
        retention = svg_line_chart(
            [(_label(day.day), round(day.percent, 1)) for day in data.retention_days],
            title=f"True retention per day for {who}, last {RETENTION_DAYS} days, in percent",
            description=(
                f"{data.retention_passed} of {data.retention_counted} reviews of cards in review"
                f" state were recalled over {len(data.retention_days)} days with such reviews."
            ),
            chart_id="chart-retention",
        )
        result["retention"] = Markup(retention)
    return result
