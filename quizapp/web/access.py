"""Who may see a page: role checks on the server, and `next` targets that stay on this site."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user, login_required

from ..extensions import db
from ..models import User


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the account with this id; guests never sign in."""
    # "id.version": a session from before the account's last sign-out or new password
    # names an old version and signs nobody in.
    ident, _, version = user_id.partition(".")
    if not (ident.isdigit() and version.isdigit()) or len(user_id) > 40:
        return None
    user = db.session.get(User, int(ident))
    if user is None or user.is_guest or user.session_version != int(version):
        return None
    return user


def teacher_required(view):
    """Let only signed-in teachers through: others get 403, anonymous users sign in first."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_teacher:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def safe_next(target: str | None, default: str) -> str:
    """Return `target` if it is a path on this site, else `default` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    # Browsers read a backslash as a slash, so "/\\evil.example" leaves the site.
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
