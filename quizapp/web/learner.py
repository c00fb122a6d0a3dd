"""Who is answering: a learner identified by a display name kept in the session."""

from __future__ import annotations

from flask import session
from flask_login import current_user

from ..extensions import db
from ..models import User

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
