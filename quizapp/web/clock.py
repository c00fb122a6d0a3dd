"""The time now, as the views see it: tests set app.config["CLOCK"] to a function of theirs."""

from __future__ import annotations

import datetime as dt

from flask import current_app

from ..models import utcnow


def now() -> dt.datetime:
    """The current time: app.config["CLOCK"]() when set (tests), else the real UTC time."""
    return current_app.config.get("CLOCK", utcnow)()
