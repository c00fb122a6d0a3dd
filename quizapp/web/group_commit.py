"""Group commit: one writer thread per process makes many requests' writes durable at once.

A durable commit waits for the disk (one fsync, a few milliseconds), and SQLite has one
writer at a time, so a commit per request caps the answers per second at the disk's fsync
rate. Here request threads hand their write to the process's writer as a job (a callable
that writes with `db.session` and returns what the request shows). The writer takes the
jobs that have arrived (up to MAX_JOBS, waiting up to GROUP_COMMIT_WAIT seconds for more),
starts one write transaction, runs each job in a savepoint of its own (a job that raises
gives its request that error and undoes only its own writes), commits once and only then
wakes every request: an acknowledged write is on disk before anyone sees it. When the
commit fails, every job of the batch gets the error: nothing is acknowledged.

PostgreSQL groups the commits of concurrent connections itself, so `run_write` commits in
the request there (GROUP_COMMIT=auto turns the writer on for a SQLite file only).
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import sys
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from flask import Flask, current_app
from sqlalchemy import inspect

from ..extensions import db

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_JOBS = 64
_STOP = object()


def begin_write() -> None:
    """Start this session's transaction as a write, before it reads what it will change.

    SQLite has one writer at a time: a read transaction that later writes fails with
    "database is locked" when another write came in between, so the transaction starts as
    a write (BEGIN IMMEDIATE, waiting out the busy timeout). PostgreSQL needs nothing here:
    row locks (SELECT ... FOR UPDATE) order the writers.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.commit()  # end this session's read transaction, if any
        db.session.connection().exec_driver_sql("BEGIN IMMEDIATE")


def enabled(app: Flask) -> bool:
    """Whether writes go through the writer: GROUP_COMMIT on/off, or auto (a SQLite file)."""
    setting = app.config.get("GROUP_COMMIT", "auto")
    if isinstance(setting, str) and setting.strip().lower() == "auto":
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        return url.startswith("sqlite:///") and ":memory:" not in url
    if isinstance(setting, str):
        return setting.strip().lower() in ("1", "on", "true", "yes")
    return bool(setting)


class Closed(RuntimeError):
    """The writer has shut down; the write runs in the request instead."""


class GroupCommit:
    """One writer thread with a queue of jobs, in an app context (and session) of its own."""

    def __init__(self, app: Flask, *, max_jobs: int = MAX_JOBS, wait: float = 0.002) -> None:
        self.app = app
        self.max_jobs = max_jobs
        self.wait = wait
        self.pid = os.getpid()
        self.batches = 0  # commits made
        self.jobs = 0  # jobs run (each one's writes carried by one of those commits)
        self.largest = 0
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[], T]) -> Future:
        """Queue a job; its future completes after the commit that carries it."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise Closed("the writer has shut down")
            self._queue.put((job, future))
        return future

    def run(self, job: Callable[[], T]) -> T:
        """Run a job in the next group commit and return its result once it is durable."""
        return self.submit(job).result()

    def close(self, timeout: float | None = 60) -> None:
        """Take no more jobs, finish the queued ones (commit them), stop the thread."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._queue.put(_STOP)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        with self.app.app_context():
            stopping = False
            while not stopping:
                batch, stopping = self._gather()
                try:
                    if batch:
                        self._commit(batch)
                    db.session.remove()
                except Exception:  # the batch has its error; the writer must go on
                    log.exception("group commit: the writer's session failed")

    def _gather(self) -> tuple[list, bool]:
        """The jobs to commit together: the first, then what arrives within `wait`."""
        first = self._queue.get()
        if first is _STOP:
            return [], True
        batch = [first]
        deadline = time.monotonic() + self.wait
        while len(batch) < self.max_jobs:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    item = self._queue.get(timeout=left)
                except queue.Empty:
                    break
            if item is _STOP:
                return batch, True
            batch.append(item)
        return batch, False

    def _commit(self, batch: list) -> None:
        outcomes = []
        try:
            begin_write()
            for job, future in batch:
                try:
                    with db.session.begin_nested():
                        value = job()
                except Exception as error:  # this job's request gets it; the rest go on
                    outcomes.append((future, None, error))
                else:
                    outcomes.append((future, value, None))
            db.session.commit()
        except BaseException as error:
            # Nothing of the batch is acknowledged: each request gets the error (first,
            # so that no request waits on a rollback that fails in turn).
            for _, future in batch:
                future.set_exception(error)
            db.session.rollback()
            db.session.close()
            if not isinstance(error, Exception):
                raise
            return
        # Detach what the jobs return before handing it over: the request threads read
        # those rows while this session goes on to the next batch.
        db.session.close()
        self.batches += 1
        self.jobs += len(batch)
        self.largest = max(self.largest, len(batch))
        for future, value, error in outcomes:
            if error is None:
                future.set_result(value)
            else:
                future.set_exception(error)

    def report(self) -> str:
        per = self.jobs / self.batches if self.batches else 0.0
        return (
            f"group commit (pid {self.pid}): {self.jobs} writes in {self.batches} commits,"
            f" {per:.1f} per commit, at most {self.largest}"
        )


_writers: weakref.WeakSet[GroupCommit] = weakref.WeakSet()
_writers_lock = threading.Lock()


def writer_for(app: Flask) -> GroupCommit:
    """This process's writer for the app, started on first use (after a fork, a new one)."""
    with _writers_lock:
        writer = app.extensions.get("group_commit")
        if writer is None or writer.pid != os.getpid():
            writer = GroupCommit(app, wait=float(app.config.get("GROUP_COMMIT_WAIT", 0.002)))
            app.extensions["group_commit"] = writer
            _writers.add(writer)
        return writer


@atexit.register
def _close_all() -> None:
    """On exit (a worker's SIGTERM included) finish every queued write before the end."""
    for writer in list(_writers):
        if writer.pid == os.getpid():
            writer.close()
            if writer.jobs:
                print(writer.report(), file=sys.stderr, flush=True)


def run_write(job: Callable[[], T]) -> T:
    """Run job() in a write transaction and commit it; return what it returned.

    With the writer on, the request's own read transaction ends first (its connection goes
    back to the pool) and the job runs on the writer thread: it must take plain values, not
    `request`, and what it returns is detached from any session.
    """
    app = current_app._get_current_object()
    if enabled(app):
        db.session.commit()
        try:
            return writer_for(app).run(job)
        except Closed:
            pass
    try:
        begin_write()
        value = job()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return value


def attached(row: T) -> T:
    """A row a job returned, in this request's session (its lazy attributes load here)."""
    if inspect(row).detached:
        return db.session.merge(row, load=False)
    return row
