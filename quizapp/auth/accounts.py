"""Accounts: create, authenticate, take over a guest's attempts. Views call these."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import Attempt, CardProgress, ReviewLog, SignInTry, User
from .rules import normalise_username

_dummy_hash: str | None = None


class UsernameTaken(ValueError):
    """Another account already has this username."""


def find_account(username: str) -> User | None:
    """Return the account with this username (case-insensitive), if any."""
    name = normalise_username(username)
    if not name:
        return None
    return db.session.scalar(select(User).where(User.username == name))


def authenticate(username: str, password: str) -> User | None:
    """Return the account if the password is right; the same work is done either way."""
    global _dummy_hash
    user = find_account(username)
    if user is None or not user.password_hash:
        # Hash anyway, so the time taken does not tell whether the username exists.
        if _dummy_hash is None:
            _dummy_hash = generate_password_hash(secrets.token_hex(16))
        check_password_hash(_dummy_hash, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def create_account(
    username: str,
    display_name: str,
    password: str,
    *,
    role: str = "student",
    guest: User | None = None,
) -> User:
    """Create an account; given a guest, turn that guest into it so its attempts stay."""
    name = normalise_username(username)
    if find_account(name) is not None:
        raise UsernameTaken(name)
    user = guest if guest is not None and guest.is_guest else User()
    user.username = name
    user.display_name = display_name.strip()
    user.password_hash = generate_password_hash(password)
    user.role = role
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:
        # Someone took the name between the check and the insert.
        db.session.rollback()
        raise UsernameTaken(name) from error
    return user


def set_password(user: User, password: str) -> None:
    user.password_hash = generate_password_hash(password)
    db.session.commit()


def password_matches(user: User, password: str) -> bool:
    return bool(user.password_hash) and check_password_hash(user.password_hash, password)


def attempt_count(user: User | None) -> int:
    if user is None:
        return 0
    return db.session.scalar(select(func.count()).where(Attempt.user_id == user.id))


guest_progress = aliased(CardProgress)


def move_attempts(guest: User, account: User) -> int:
    """Give a guest's attempts, and flashcard progress, to an account; return attempts moved.

    Flashcard items the account already studies keep the account's own schedule; the
    guest's other items, with their review logs, move across.
    """
    if not guest.is_guest or guest.id == account.id:
        return 0
    result = db.session.execute(
        update(Attempt).where(Attempt.user_id == guest.id).values(user_id=account.id)
    )
    theirs = select(CardProgress.id).where(
        CardProgress.user_id == account.id,
        CardProgress.item_kind == guest_progress.item_kind,
        CardProgress.bank_id == guest_progress.bank_id,
        CardProgress.item_key == guest_progress.item_key,
    )
    movable = select(guest_progress.id).where(guest_progress.user_id == guest.id, ~theirs.exists())
    moving = list(db.session.scalars(movable))
    if moving:
        db.session.execute(
            update(CardProgress).where(CardProgress.id.in_(moving)).values(user_id=account.id)
        )
        db.session.execute(
            update(ReviewLog).where(ReviewLog.progress_id.in_(moving)).values(user_id=account.id)
        )
    db.session.commit()
    return result.rowcount


# Sign-in limits, as the README documents them. The tries are rows in the database, so
# every worker process and every instance counts the same ones.
ADDRESS_LIMIT = (10, dt.timedelta(minutes=1))  # failed tries from one address
USERNAME_LIMIT = (20, dt.timedelta(hours=1))  # failed tries for one username


def reserve_sign_in(address: str, username: str, now: dt.datetime, *, known_device: bool):
    """Count this try before checking its password; None when a limit refuses it.

    The row is written first and the limits counted afterwards, so tries arriving at
    the same moment on other workers can never all slip under a limit. A sign-in that
    succeeds gives its row back (release_sign_in): successes never count. On a device
    where the account signed in before, the username limit does not apply, so that
    nobody can lock the owner out by failing on purpose; the address limit still does.
    """
    name = normalise_username(username)[:80]
    address = address[:64]
    db.session.execute(delete(SignInTry).where(SignInTry.at < now - USERNAME_LIMIT[1]))
    row = SignInTry(address=address, username=name, at=now)
    db.session.add(row)
    db.session.commit()
    tries = select(func.count()).select_from(SignInTry)
    from_address = db.session.scalar(
        tries.where(SignInTry.address == address, SignInTry.at > now - ADDRESS_LIMIT[1])
    )
    for_name = db.session.scalar(
        tries.where(SignInTry.username == name, SignInTry.at > now - USERNAME_LIMIT[1])
    )
    over_name = for_name > USERNAME_LIMIT[0] and not known_device
    if from_address > ADDRESS_LIMIT[0] or over_name:
        release_sign_in(row)
        return None
    return row


def release_sign_in(row: SignInTry) -> None:
    """Take back a counted try: it succeeded, or it was refused before any check."""
    db.session.execute(delete(SignInTry).where(SignInTry.id == row.id))
    db.session.commit()
