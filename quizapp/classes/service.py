"""Classes: create one with a fresh join code, join one by its code. Views call these."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Class, Membership, User
from .codes import new_code, normalise_code

CODE_TRIES = 20


class UnknownCode(LookupError):
    """No class has this join code."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class AlreadyMember(Exception):
    """The learner is in this class already."""

    def __init__(self, school_class: Class):
        super().__init__(school_class.name)
        self.school_class = school_class


def create_class(teacher: User, name: str, *, make_code: Callable[[], str] = new_code) -> Class:
    """Create a class with a join code no other class has."""
    for _ in range(CODE_TRIES):
        code = make_code()
        if db.session.scalar(select(Class.id).where(Class.join_code == code)) is not None:
            continue
        school_class = Class(name=name.strip(), teacher_id=teacher.id, join_code=code)
        db.session.add(school_class)
        try:
            db.session.commit()
        except IntegrityError:
            # Another request took the same code a moment ago: draw again.
            db.session.rollback()
            continue
        return school_class
    raise RuntimeError(f"no free join code after {CODE_TRIES} tries")


def find_class(raw_code: str) -> Class | None:
    code = normalise_code(raw_code)
    return db.session.scalar(select(Class).where(Class.join_code == code)) if code else None


def join_class(user: User, raw_code: str) -> Class:
    """Add the learner to the class with this code."""
    school_class = find_class(raw_code)
    if school_class is None:
        raise UnknownCode(normalise_code(raw_code))
    existing = db.session.scalar(
        select(Membership.id).where(
            Membership.class_id == school_class.id, Membership.user_id == user.id
        )
    )
    if existing is not None:
        raise AlreadyMember(school_class)
    db.session.add(Membership(class_id=school_class.id, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError as error:
        # The same form sent twice at once: the first one joined.
        db.session.rollback()
        raise AlreadyMember(school_class) from error
    return school_class
