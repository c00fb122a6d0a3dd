"""Review statistics and small SVG charts for the history pages.

Pure functions over plain rows: the database layer turns its records into ReviewRow and
CardRow. A review's day is its calendar date in `tz`, UTC unless the caller passes the
learner's zone; naive datetimes raise ValueError.

The charts are inline SVG for a page whose Content Security Policy forbids inline styles:
colours and sizes are presentation attributes (fill="currentColor", so CSS can restyle them by
class) and never style="". Each chart is role="img", labelled by its <title> and <desc>; the
per-bar and per-point <title> elements are tooltips for pointer users only, so a page should
also offer the numbers as text or a table.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from html import escape

from quizapp.scheduling import STATES


@dataclass(frozen=True)
class ReviewRow:
    card_key: str
    rating: int  # 1 Again .. 4 Easy
    reviewed_at: datetime  # timezone-aware
    state_before: str  # "new" | "learning" | "review" | "relearning"


@dataclass(frozen=True)
class CardRow:
    card_key: str
    state: str
    due: datetime  # timezone-aware


def _day(moment: datetime, tz: tzinfo) -> date:
    if moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: pass a timezone-aware one")
    return moment.astimezone(tz).date()


def _days(first: date, count: int) -> list[date]:
    if count < 1:
        raise ValueError("days must be at least 1")
    return [first + timedelta(days=i) for i in range(count)]


def reviews_per_day(
    rows: Iterable[ReviewRow], today: date, days: int = 90, *, tz: tzinfo = UTC
) -> list[tuple[date, int]]:
    """Count reviews per day for the `days` days ending today, oldest first."""
    counts = Counter(_day(row.reviewed_at, tz) for row in rows)
    return [(day, counts[day]) for day in _days(today - timedelta(days=days - 1), days)]


def true_retention(
    rows: Iterable[ReviewRow], today: date, days: int = 30, *, tz: tzinfo = UTC
) -> float | None:
    """Return the share of review-state cards recalled over the `days` days ending today.

    Anki's true retention: only each card's first review of each day counts, and only when the
    card was in review state at that review, so a card forgotten and relearnt on one day counts
    once, as a fail, and a card learnt and then reviewed ahead the same day does not count.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    start = today - timedelta(days=days - 1)
    dated = sorted(
        ((_day(row.reviewed_at, tz), row) for row in rows), key=lambda p: p[1].reviewed_at
    )
    first: dict[tuple[str, date], ReviewRow] = {}
    for day, row in dated:
        first.setdefault((row.card_key, day), row)
    counted = [
        row
        for (_, day), row in first.items()
        if start <= day <= today and row.state_before == "review"
    ]
    if not counted:
        return None
    return sum(row.rating > 1 for row in counted) / len(counted)


def cards_by_state(cards: Iterable[CardRow]) -> dict[str, int]:
    """Count cards in each state, all four states present."""
    counts = dict.fromkeys(STATES, 0)
    for card in cards:
        if card.state not in counts:
            raise ValueError(f"unknown card state {card.state!r}")
        counts[card.state] += 1
    return counts


def due_forecast(
    cards: Iterable[CardRow], now: datetime, days: int = 30, *, tz: tzinfo = UTC
) -> list[tuple[date, int]]:
    """Count cards falling due on each of the next `days` days, overdue ones on day 0.

    New cards are left out, as in Anki's forecast: they wait to be introduced, not to be recalled.
    """
    today = _day(now, tz)
    counts = Counter(max(_day(card.due, tz), today) for card in cards if card.state != "new")
    return [(day, counts[day]) for day in _days(today, days)]


# Charts ------------------------------------------------------------------------------------

_LEFT, _RIGHT, _TOP, _BOTTOM = 52, 12, 12, 30
_EDGE = 34  # how close to the plot's edge an x label is aligned to the edge
_FONT = 13  # px at the chart's own size; pages scroll a chart sideways rather than shrink it
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


def _axes(
    width: int, height: int, top: float, labels: list[tuple[float, str]], unit: str
) -> list[str]:
    """Draw grid lines with y labels in `unit`, the axes, and up to six labels along x."""
    bottom, right = height - _BOTTOM, width - _RIGHT
    parts = [f'<g class="chart-axes" fill="currentColor" stroke="none" font-size="{_FONT}">']
    for step in range(5):
        value = top * step / 4
        y = bottom - (bottom - _TOP) * step / 4
        kind, dashes = (
            ("chart-axis", "") if step == 0 else ("chart-grid", ' stroke-dasharray="3 3"')
        )
        parts.append(
            f'<line class="{kind}" x1="{_LEFT}" y1="{_px(y)}" x2="{right}" y2="{_px(y)}"'
            f' stroke="currentColor"{dashes}/>'
        )
        parts.append(
            f'<text x="{_LEFT - 6}" y="{_px(y)}" text-anchor="end" dominant-baseline="middle">'
            f"{_number(value)}{_text(unit)}</text>"
        )
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
            f'<text x="{_px(x)}" y="{height - 8}" text-anchor="{anchor}">{_text(label)}</text>'
        )
    parts.append("</g>")
    return parts


def _empty(kind: str, title: str, description: str, chart_id, words: str) -> str:
    """No axes for no data: one line of words says so instead."""
    width, height = 8 * len(words) + 16, 32
    parts = _open(f"{kind} chart-none", title, description, width, height, chart_id, words)
    parts.append(
        f'<text class="chart-empty" x="0" y="{height // 2}" dominant-baseline="middle"'
        f' fill="currentColor" font-size="{_FONT + 2}">{_text(words)}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def svg_bar_chart(
    series: list[tuple[str, float]],
    *,
    title: str,
    description: str,
    width: int = 600,
    height: int = 180,
    chart_id: str | None = None,
    unit: str = "",
    empty: str = "No data yet",
) -> str:
    """Draw a bar per (label, value), values at least 0, as an accessible inline SVG."""
    values = _values(series, math.inf)
    top = _nice_ceiling(max(values, default=0))
    if not any(values):
        return _empty("bar", title, description, chart_id, empty)
    parts = _open("bar", title, description, width, height, chart_id, series)
    plot_width, plot_height = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    slot = plot_width / max(len(series), 1)
    gap = min(slot * 0.2, 4)
    centres = [(_LEFT + (i + 0.5) * slot, label) for i, (label, _) in enumerate(series)]
    parts += _axes(width, height, top, centres, unit)
    parts.append('<g class="chart-bars" fill="currentColor">')
    for i, ((label, _), value) in enumerate(zip(series, values, strict=True)):
        bar = value / top * plot_height
        parts.append(
            f'<rect class="chart-bar" x="{_px(_LEFT + i * slot + gap / 2)}"'
            f' y="{_px(_TOP + plot_height - bar)}" width="{_px(slot - gap)}" height="{_px(bar)}">'
            f"<title>{_text(label)}: {_number(value)}</title></rect>"
        )
    parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


def svg_line_chart(
    points: list[tuple[str, float]],
    *,
    title: str,
    description: str,
    y_max: float = 100.0,
    width: int = 600,
    height: int = 180,
    chart_id: str | None = None,
    unit: str = "%",
    empty: str = "No data yet",
) -> str:
    """Draw a line through (label, value) points, values in 0..y_max, as an accessible SVG.

    One point is drawn as a level line across the plot, so a single attempt reads as a line.
    """
    if not y_max > 0:
        raise ValueError("y_max must be positive")
    values = _values(points, y_max)
    if not points:
        return _empty("line", title, description, chart_id, empty)
    parts = _open("line", title, description, width, height, chart_id, (points, y_max))
    plot_width, plot_height = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    step = plot_width / (len(points) - 1) if len(points) > 1 else 0
    xs = [_LEFT + i * step if step else _LEFT + plot_width / 2 for i in range(len(points))]
    ys = [_TOP + plot_height * (1 - value / y_max) for value in values]
    coords = " ".join(f"{_px(x)},{_px(y)}" for x, y in zip(xs, ys, strict=True))
    parts += _axes(
        width,
        height,
        y_max,
        [(x, label) for x, (label, _) in zip(xs, points, strict=True)],
        unit,
    )
    parts.append('<g class="chart-series" fill="currentColor" stroke="currentColor">')
    if len(points) == 1:
        coords = f"{_LEFT},{_px(ys[0])} {width - _RIGHT},{_px(ys[0])}"
    parts.append(
        f'<polyline class="chart-line" points="{coords}" fill="none" stroke-width="2.5"'
        ' stroke-linejoin="round"/>'
    )
    for (label, _), x, y, value in zip(points, xs, ys, values, strict=True):
        parts.append(
            f'<circle class="chart-point" cx="{_px(x)}" cy="{_px(y)}" r="4.5">'
            f"<title>{_text(label)}: {_number(value)}{_text(unit)}</title></circle>"
        )
    parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)
