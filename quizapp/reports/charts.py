"""Small SVG charts for the history, study and teacher pages.

The charts are inline SVG for a page whose Content Security Policy forbids inline styles:
colours and sizes are presentation attributes (fill="currentColor", so CSS can restyle them by
class) and never style="". Each chart is role="img", labelled by its <title> and <desc>; the
per-bar and per-point <title> elements are tooltips for pointer users only, so a page should
also offer the numbers as text or a table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from ..web.filters import long_datetime, number
from .reviews import FORECAST_DAYS, HISTORY_DAYS, RETENTION_DAYS, Report
from .scores import BankHistory

_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 10, 10, 24
_EDGE = 30  # how close to the plot's edge an x label is aligned to the edge
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHART_ID = re.compile(r"[A-Za-z][\w-]*")


def _text(value: object) -> str:
    return escape(_INVALID_XML.sub("", str(value)), quote=True)


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _px(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _nice_ceiling(value: float) -> float:
    """Round up to 1, 2 or 5 times a power of ten, for the top of the y axis."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(round(n * power, 12) for n in (1, 2, 5, 10) if n * power >= value)


def _values(series: Sequence[tuple[str, float]], y_max: float) -> list[float]:
    values = [float(value) for _, value in series]
    for value in values:
        if not (math.isfinite(value) and 0 <= value <= y_max):
            raise ValueError(f"chart value {value} is outside 0..{_number(y_max)}")
    return values


def _open(kind: str, title: str, description: str, width: int, height: int, chart_id, data):
    if chart_id is None:
        digest = hashlib.sha1(repr((kind, title, description, data)).encode()).hexdigest()
        chart_id = f"chart-{digest[:10]}"
    elif not _CHART_ID.fullmatch(chart_id):
        raise ValueError(f"chart_id {chart_id!r} is not a valid id")
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}"'
        f' width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
    ]


def _axes(width: int, height: int, top: float, labels: list[tuple[float, str]]) -> list[str]:
    """Draw the axis lines, 0 and `top` on the y axis, and up to six labels along x."""
    bottom, right = height - _BOTTOM, width - _RIGHT
    parts = [
        '<g class="chart-axes" fill="currentColor" stroke="none" font-size="10">',
        f'<line class="chart-axis" x1="{_LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}"'
        ' stroke="currentColor"/>',
        f'<line class="chart-axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{bottom}"'
        ' stroke="currentColor"/>',
        f'<line class="chart-grid" x1="{_LEFT}" y1="{_TOP}" x2="{right}" y2="{_TOP}"'
        ' stroke="currentColor" stroke-opacity="0.2"/>',
        f'<text x="{_LEFT - 4}" y="{bottom}" text-anchor="end" dominant-baseline="middle">0</text>',
        f'<text x="{_LEFT - 4}" y="{_TOP}" text-anchor="end" dominant-baseline="middle">'
        f"{_number(top)}</text>",
    ]
    count = len(labels)
    shown = sorted({round(i * (count - 1) / 5) for i in range(6)}) if count > 6 else range(count)
    for i in shown:
        x, label = labels[i]
        # A label centred near the edge of the plot would overflow it: align it to the edge.
        anchor = "middle"
        if i == 0 and x - _LEFT < _EDGE:
            anchor, x = "start", _LEFT
        elif i == count - 1 and right - x < _EDGE:
            anchor, x = "end", right
        parts.append(
            f'<text x="{_px(x)}" y="{height - 6}" text-anchor="{anchor}">{_text(label)}</text>'
        )
    if not labels:
        parts.append(
            f'<text x="{_px((_LEFT + right) / 2)}" y="{_px((_TOP + bottom) / 2)}"'
            ' text-anchor="middle">No data yet</text>'
        )
    parts.append("</g>")
    return parts


def svg_bar_chart(
    series: list[tuple[str, float]],
    *,
    title: str,
    description: str,
    width: int = 600,
    height: int = 160,
    chart_id: str | None = None,
) -> str:
    """Draw a bar per (label, value), values at least 0, as an accessible inline SVG."""
    values = _values(series, math.inf)
    top = _nice_ceiling(max(values, default=0))
    parts = _open("bar", title, description, width, height, chart_id, series)
    plot_width, plot_height = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    slot = plot_width / max(len(series), 1)
    gap = min(slot * 0.2, 4)
    parts.append('<g class="chart-bars" fill="currentColor">')
    for i, ((label, _), value) in enumerate(zip(series, values, strict=True)):
        bar = value / top * plot_height
        parts.append(
            f'<rect class="chart-bar" x="{_px(_LEFT + i * slot + gap / 2)}"'
            f' y="{_px(_TOP + plot_height - bar)}" width="{_px(slot - gap)}" height="{_px(bar)}">'
            f"<title>{_text(label)}: {_number(value)}</title></rect>"
        )
    parts.append("</g>")
    centres = [(_LEFT + (i + 0.5) * slot, label) for i, (label, _) in enumerate(series)]
    parts += _axes(width, height, top, centres)
    parts.append("</svg>")
    return "\n".join(parts)


def svg_line_chart(
    points: list[tuple[str, float]],
    *,
    title: str,
    description: str,
    y_max: float = 100.0,
    width: int = 600,
    height: int = 160,
    chart_id: str | None = None,
) -> str:
    """Draw a line through (label, value) points, values in 0..y_max, as an accessible SVG."""
    if not y_max > 0:
        raise ValueError("y_max must be positive")
    values = _values(points, y_max)
    parts = _open("line", title, description, width, height, chart_id, (points, y_max))
    plot_width, plot_height = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    step = plot_width / (len(points) - 1) if len(points) > 1 else 0
    xs = [_LEFT + i * step if step else _LEFT + plot_width / 2 for i in range(len(points))]
    ys = [_TOP + plot_height * (1 - value / y_max) for value in values]
    coords = " ".join(f"{_px(x)},{_px(y)}" for x, y in zip(xs, ys, strict=True))
    parts.append('<g class="chart-series" fill="currentColor" stroke="currentColor">')
    if len(points) > 1:
        parts.append(f'<polyline class="chart-line" points="{coords}" fill="none"/>')
    for (label, _), x, y, value in zip(points, xs, ys, values, strict=True):
        parts.append(
            f'<circle class="chart-point" cx="{_px(x)}" cy="{_px(y)}" r="3">'
            f"<title>{_text(label)}: {_number(value)}</title></circle>"
        )
    parts.append("</g>")
    parts += _axes(
        width, height, y_max, [(x, label) for x, (label, _) in zip(xs, points, strict=True)]
    )
    parts.append("</svg>")
    return "\n".join(parts)


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


def _label(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def review_charts(data: Report, who: str) -> dict[str, Markup]:
    """The study report's SVG charts; the helpers above escape every text they draw."""
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
