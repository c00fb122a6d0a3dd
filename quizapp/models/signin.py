"""Failed sign-ins, counted in the database so that every worker and instance sees them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import UTCDateTime, db


class SignInTry(db.Model):
    """A sign-in that failed (or is being checked), counted by every worker and instance.

    Rows older than the longest window are deleted as new ones come in.
    """

    __tablename__ = "sign_in_try"
    __table_args__ = (
        Index("ix_sign_in_try_address_at", "address", "at"),
        Index("ix_sign_in_try_username_at", "username", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(80))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
