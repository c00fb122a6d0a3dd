"""Pick up edits to the bank folder without a restart, safely across threads and instances."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, request
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..banks.loader import SUFFIXES
from ..extensions import db
from .locks import setup_lock
from .sync import SyncReport, sync_folder

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 2.0  # seconds between looks at the folder; BANK_RELOAD_INTERVAL
EXTENSION_KEY = "quizapp.bank_watch"

# One thread of this process works on the folder at a time; the advisory lock (PostgreSQL)
# extends that to other processes and machines.
_folder_lock = threading.Lock()


@dataclass
class _Watch:
    checked: float = float("-inf")
    fingerprint: tuple | None = None


class FolderBusy(RuntimeError):
    """Another request or instance is changing the bank folder right now."""


def fingerprint(folder: Path) -> tuple:
    """Names, sizes and modification times of the bank files: cheap to take on every look."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return (str(folder), None)
    files = []
    for entry in entries:
        if not entry.name.endswith(SUFFIXES):
            continue
        try:
            stat = entry.stat()
        except OSError:  # removed between the listing and the stat
            continue
        files.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return (str(folder), tuple(sorted(files)))


def remember_folder(app: Flask, seen: tuple) -> None:
    """Record the folder as imported as it was `seen` (its fingerprint taken before the
    import): the set-up import runs before the workers fork, and each worker inherits this
    record, so its first look finds the folder unchanged instead of importing it again."""
    app.extensions.setdefault(EXTENSION_KEY, _Watch()).fingerprint = seen


def watch_banks() -> None:
    """Before a request: re-import the bank folder when its files have changed.

    Looks at most every BANK_RELOAD_INTERVAL seconds (0 turns it off). A request never
    waits for another one's import: if one is running here or in another instance, this
    request goes on with the banks as they are, and the next look tries again.
    """
    app = current_app._get_current_object()
    interval = float(app.config.get("BANK_RELOAD_INTERVAL", DEFAULT_INTERVAL) or 0)
    if interval <= 0 or request.endpoint == "static":
        return
    watch = app.extensions.setdefault(EXTENSION_KEY, _Watch())
    if time.monotonic() - watch.checked < interval:
        return
    if not _folder_lock.acquire(blocking=False):
        return
    try:
        if time.monotonic() - watch.checked < interval:
            return
        watch.checked = time.monotonic()
        folder = Path(app.config["QUESTIONS_DIR"])
        seen = fingerprint(folder)
        if seen == watch.fingerprint:
            return
        if _sync_quietly(folder):
            watch.fingerprint = seen
    finally:
        _folder_lock.release()


def _sync_quietly(folder: Path) -> bool:
    """Import the folder if no other instance is at it; never fail the request."""
    try:
        with setup_lock(wait=False) as held:
            if not held:
                return False
            sync_folder(folder)
            return True
    except SQLAlchemyError:
        # Two instances importing one new bank at once: the other one's rows won, and the
        # next look finds the folder unchanged. Nothing of this request is lost.
        db.session.rollback()
        log.warning("bank folder import failed; trying again at the next look", exc_info=True)
        return False


@contextmanager
def folder_lock() -> Iterator[None]:
    """Hold the bank folder for a change (publish, approve, ...) and the import after it."""
    # End this request's read transaction: an instance migrating under the advisory lock
    # must not wait on our table locks while we wait on its lock.
    db.session.commit()
    if not _folder_lock.acquire(timeout=30):
        raise FolderBusy("the bank folder is busy")
    try:
        with setup_lock():
            yield
    finally:
        _folder_lock.release()


def sync_now() -> SyncReport:
    """Import the bank folder now; call it inside folder_lock()."""
    folder = current_app.config["QUESTIONS_DIR"]
    try:
        return sync_folder(folder)
    except IntegrityError:
        # Another instance without the advisory lock (SQLite) stored the same new rows
        # first: import again on top of them.
        db.session.rollback()
        return sync_folder(folder)
