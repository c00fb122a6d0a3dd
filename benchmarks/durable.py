"""The disk's limit: durable commits per second on one connection, and counters of the
commits and fsyncs a server makes while it is measured.

A durable commit waits for an fsync (fdatasync) of the log: the write-ahead log of
SQLite in WAL mode with synchronous=FULL, PostgreSQL's WAL with synchronous_commit=on.
One connection committing in a loop can do no more than the disk's fsyncs per second;
more answers per second than that need many answers made durable by one fsync.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy

SYNC_EVENTS = "syscalls:sys_enter_fdatasync,syscalls:sys_enter_fsync"


def sqlite_commit_rate(folder: Path, seconds: float) -> tuple[float, str]:
    """Commits/s of INSERT + COMMIT on one connection to a new SQLite file in `folder`
    (the disk of the app's database), in WAL mode with synchronous=FULL."""
    path = folder / "commit-rate.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        sync = connection.execute("PRAGMA synchronous").fetchone()[0]
        connection.execute("CREATE TABLE row (id INTEGER PRIMARY KEY, at REAL)")
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            connection.execute("BEGIN")
            connection.execute("INSERT INTO row (at) VALUES (?)", (time.time(),))
            connection.execute("COMMIT")
            count += 1
        rate = count / (time.perf_counter() - started)
    finally:
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return rate, f"journal_mode={mode}, synchronous={sync}"


def pg_commit_rate(url: str, seconds: float) -> tuple[float, str]:
    """Commits/s of INSERT + COMMIT on one connection to the database at `url`, with the
    server's synchronous_commit (on by default: each commit waits for its WAL fsync)."""
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            setting = connection.execute(sqlalchemy.text("SHOW synchronous_commit")).scalar()
            method = connection.execute(sqlalchemy.text("SHOW wal_sync_method")).scalar()
            connection.execute(
                sqlalchemy.text("CREATE TABLE IF NOT EXISTS bench_commit (id serial, at float)")
            )
            connection.commit()
            insert = sqlalchemy.text("INSERT INTO bench_commit (at) VALUES (:at)")
            count, started = 0, time.perf_counter()
            while time.perf_counter() - started < seconds:
                connection.execute(insert, {"at": time.time()})
                connection.commit()
                count += 1
            rate = count / (time.perf_counter() - started)
            connection.execute(sqlalchemy.text("DROP TABLE bench_commit"))
            connection.commit()
    finally:
        engine.dispose()
    return rate, f"synchronous_commit={setting}, wal_sync_method={method}"


def app_sqlite_settings(app) -> str:
    """The journal mode and synchronous level the app's own connections get."""
    from quizapp.extensions import db

    with app.app_context():
        with db.engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            sync = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        db.engine.dispose()
    names = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
    return f"journal_mode={mode}, synchronous={names.get(sync, sync)}"


@dataclass
class PgStats:
    """Cumulative counters of the PostgreSQL server."""

    commits: int  # transactions committed in the database measured (read-only ones too)
    others: int  # transactions committed in every other database of the server
    wal_syncs: int  # WAL fsyncs of the whole server (pg_stat_wal.wal_sync)

    def __sub__(self, other: PgStats) -> PgStats:
        return PgStats(
            self.commits - other.commits,
            self.others - other.others,
            self.wal_syncs - other.wal_syncs,
        )


def pg_stats(url: str, *, settle: float = 1.2) -> PgStats:
    """Read the counters after `settle` seconds: backends report their statistics at most
    about once a second."""
    time.sleep(settle)
    name = sqlalchemy.engine.make_url(url).database
    engine = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text("SELECT datname, xact_commit FROM pg_stat_database")
            ).all()
            syncs = connection.execute(sqlalchemy.text("SELECT wal_sync FROM pg_stat_wal")).scalar()
    finally:
        engine.dispose()
    # `mine` includes a transaction or two of this reading connection and of the count of
    # stored answers: noise next to a run's thousands.
    mine = sum(count for datname, count in rows if datname == name)
    others = sum(count for datname, count in rows if datname and datname != name)
    return PgStats(mine, others, syncs)


def child_pids(pid: int) -> list[int]:
    """The processes a gunicorn master forked (its workers)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        children += [int(child) for child in text]
    return children


class SyncCounter:
    """Count the fsync and fdatasync calls of some processes, their threads included (also
    those started while counting): `perf record` of the syscall tracepoints across the
    machine, kept for these processes only. It costs the processes counted nothing."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = {str(pid) for pid in pids}
        self.output = Path(tempfile.mkstemp(prefix="quizapp-perf-", suffix=".data")[1])
        self.process = subprocess.Popen(
            ["perf", "record", "-q", "-a", "-e", SYNC_EVENTS, "-o", str(self.output)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)  # perf is recording before the load starts

    def stop(self) -> int | None:
        """The calls counted, or None when perf could not count them."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=60)
        try:
            script = subprocess.run(
                ["perf", "script", "-i", str(self.output), "-F", "pid"],
                capture_output=True,
                text=True,
                timeout=120,
            )
        finally:
            self.output.unlink(missing_ok=True)
        if script.returncode != 0:
            return None
        return sum(1 for line in script.stdout.split() if line in self.pids)


def perf_can_count() -> bool:
    """Whether `perf stat` may count syscall tracepoints here (root, or a low paranoia)."""
    try:
        result = subprocess.run(
            ["perf", "stat", "-x,", "-e", SYNC_EVENTS, "--", "true"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and "syscalls:sys_enter_fdatasync" in result.stderr
