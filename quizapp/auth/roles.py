"""Role checks for views: every teacher page is checked on the server."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def teacher_required(view):
    """Let only signed-in teachers through: others get 403, anonymous users sign in first."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_teacher:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
