"""Jinja filters for dates, numbers and cloze texts."""

from __future__ import annotations

import datetime as dt
import os

from ..banks.fields import BLANK_RE
from ..models import KIND_NAMES


def number(value: float) -> str:
    """1.0 -> '1', 0.5 -> '0.5', 66.666 -> '66.7'."""
    return f"{round(float(value), 1):g}"


def long_date(value) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


def long_datetime(value: dt.datetime) -> str:
    return f"{value.day} {value:%b %Y, %H:%M}"


def clock(value: dt.datetime) -> str:
    return f"{value:%H:%M:%S}"


def duration(value: dt.timedelta) -> str:
    seconds = int(value.total_seconds())
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {seconds} s"
    return f"{seconds} s"


def cloze_segments(text: str) -> list[tuple[str, int | None]]:
    """Split a cloze text into (text, None) and (marker, blank number) pieces."""
    pieces: list[tuple[str, int | None]] = []
    last = 0
    for match in BLANK_RE.finditer(text):
        pieces.append((text[last : match.start()], None))
        pieces.append((match.group(0), int(match.group(1))))
        last = match.end()
    pieces.append((text[last:], None))
    return pieces


def cloze_plain(text: str) -> str:
    """The cloze text with each blank shown as [1], [2], ..."""
    return BLANK_RE.sub(lambda m: f"[{m.group(1)}]", text)


def attempt_kind(kind: str) -> str:
    """'retry' -> 'Retry of missed questions': what an attempt asked, in words."""
    return KIND_NAMES.get(kind, kind)


def basename(path: str) -> str:
    return os.path.basename(path)


FILTERS = {
    name: globals()[name]
    for name in (
        "number",
        "long_date",
        "long_datetime",
        "clock",
        "duration",
        "cloze_segments",
        "cloze_plain",
        "basename",
        "attempt_kind",
    )
}
