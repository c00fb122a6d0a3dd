"""Who is answering: a learner identified by a display name kept in the session."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import redirect, request, session, url_for
from flask_login import current_user

from ..extensions import db
from ..models import User
from .access import safe_next

SESSION_KEY = "learner_id"


def current_learner() -> User | None:
    """Return who is answering: the signed-in account, else this browser's guest."""
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return current_guest()


def current_guest() -> User | None:
    """Return the guest learner of this browser, if they have given a name."""
    learner_id = session.get(SESSION_KEY)
    if not isinstance(learner_id, int):
        return None
    user = db.session.get(User, learner_id)
    return user if user is not None and user.is_guest else None


def start_learner(display_name: str) -> User:
    """Create a guest learner with this display name and remember them in the session.

    A signed-in account is returned unchanged: it never becomes a guest.
    """
    if current_user.is_authenticated:
        return current_user._get_current_object()
    learner = current_guest()
    if learner is None:
        learner = User(display_name=display_name)
        db.session.add(learner)
    else:
        learner.display_name = display_name
    db.session.commit()
    session[SESSION_KEY] = learner.id
    session.permanent = True
    return learner


def require_learner(view):
    """Let only a known learner through; anyone else gives a display name first, then returns."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_learner() is None:
            return redirect(url_for("quiz.set_learner", next=_come_back_to()), 303)
        return view(*args, **kwargs)

    return wrapped


def _come_back_to() -> str:
    """This page for a GET; for a form post (which cannot be replayed) the page it came from."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    page = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    if referrer.netloc != request.host:
        page = ""
    return safe_next(page, url_for("quiz.list_banks"))
