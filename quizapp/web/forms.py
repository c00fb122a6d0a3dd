"""Forms shared by every blueprint."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button that changes state (sign out, finish, retry, approve): CSRF only."""
