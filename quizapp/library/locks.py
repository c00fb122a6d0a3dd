"""Locks that serialise work on the bank folder and the schema across app instances."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from ..extensions import db

# Any fixed number works: it names the lock that serialises start-up across instances,
# and the bank imports that running instances do when the folder changes.
SETUP_LOCK_KEY = 7_040_211


@contextmanager
def setup_lock(*, wait: bool = True) -> Iterator[bool]:
    """Hold the PostgreSQL advisory lock of set-up and bank imports; yield whether it is held.

    With wait=False, give up at once (yield False) when another instance holds it. Other
    databases have no such lock: SQLite serialises writers itself, so this yields True.
    """
    engine = db.engine
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as connection:
        if wait:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SETUP_LOCK_KEY})
            held = True
        else:
            held = connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": SETUP_LOCK_KEY}
            )
        connection.commit()
        try:
            yield bool(held)
        finally:
            if held:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SETUP_LOCK_KEY})
                connection.commit()
