"""Score charts for the history page, drawn by review_stats' accessible SVG helpers."""

from __future__ import annotations

from markupsafe import Markup

from ..filters import long_datetime, number
from ..review_stats import svg_line_chart
from ..stats import BankHistory


def score_chart(bank: BankHistory, whose: str = "your") -> Markup:
    """A line chart of the finished attempts' scores at one bank, oldest first."""
    points = [(f"{a.finished_at.day} {a.finished_at:%b}", a.percent) for a in bank.scores]
    if points:
        first, last = bank.scores[0], bank.scores[-1]
        best = max(a.percent for a in bank.scores)
        description = (
            f"{len(points)} finished attempt{'' if len(points) == 1 else 's'}, oldest first:"
            f" {number(first.percent)}% on {long_datetime(first.finished_at)},"
            f" latest {number(last.percent)}% on {long_datetime(last.finished_at)},"
            f" best {number(best)}%."
        )
    else:
        description = "No finished attempts yet."
    # svg_line_chart escapes every text it draws, so its markup is safe to insert.
    return Markup(
        svg_line_chart(
            points,
            title=f"Scores over time at {bank.title}, {whose} attempts, in percent",
            description=description,
            chart_id=f"scores-{bank.bank_id}",
        )
    )
