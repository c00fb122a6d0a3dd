"""Who may change a bank: the teacher who published it, or any teacher if nobody did."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from ..extensions import db
from ..models import Bank, User


def may_change(bank: Bank) -> bool:
    """The one rule: a bank with an owner is theirs; the shared folder's banks are everyone's."""
    return bank.owner_id is None or bank.owner_id == current_user.id


def owner_name(bank: Bank) -> str:
    """The display name of the teacher who published the bank, for "Only … can change it"."""
    owner = db.session.get(User, bank.owner_id) if bank.owner_id is not None else None
    return owner.display_name if owner is not None else "the teacher who published it"


def refuse_unless_changeable(bank: Bank) -> None:
    """Stop the request with a 403 page that names the owner, unless the teacher may change it."""
    if not may_change(bank):
        abort(
            403,
            description=(
                f"Only {owner_name(bank)} can change “{bank.title}”: they published it."
                " Nothing was changed. You can still read the bank and its questions."
            ),
        )
