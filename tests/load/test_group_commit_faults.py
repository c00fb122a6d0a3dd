"""Faults while the writers of web/group_commit.py commit groups of answers under load.

Many students at once (64 client threads) keep a batch in flight in each worker nearly all
the time. A kill -9 then loses at most answers nobody was told about; a SIGTERM lets each
worker finish (commit) every answer it has taken before the process ends. The writer is
switched on for the pass's database, PostgreSQL included.
"""

from __future__ import annotations

import re
import threading
import time

from tests.load.server import QUESTIONS

from .checks import assert_sound, check
from .driver import Tally, run_students
from .server import Instance
from .test_load import report

# One student per client: the commits still carry many answers at once, in a third of the time.
STUDENTS = 64
CLIENTS = 64
ON = {"QUIZAPP_GROUP_COMMIT": "on"}
REPORT = re.compile(r"group commit \(pid \d+\): (\d+) writes in (\d+) commits")


def _load(server: Instance, tally: Tally) -> threading.Thread:
    load = threading.Thread(
        target=run_students,
        args=(STUDENTS, QUESTIONS, [server.port]),
        kwargs={"threads": CLIENTS, "retry": 120, "tally": tally},
    )
    load.start()
    return load


def _wait_for(tally: Tally, load: threading.Thread, answers: int) -> None:
    deadline = time.monotonic() + 600
    while len(tally.acknowledged) < answers:
        assert time.monotonic() < deadline, "the load did not get going"
        assert load.is_alive(), "the students stopped before the fault"
        time.sleep(0.01)


def _finish(tmp_path, database, questions, port: int, load: threading.Thread) -> None:
    """Bring the server back and let the students finish (they retry a failed step)."""
    server = Instance(tmp_path / "a", database.url, questions, port=port, **ON).start()
    try:
        server.wait_ready()
        load.join(timeout=600)
        assert not load.is_alive(), "students were still answering after ten minutes"
    finally:
        server.stop()
        load.join(timeout=60)


def test_kill_9_while_group_commits_are_in_flight(tmp_path, questions, database, record_property):
    server = Instance(tmp_path / "a", database.url, questions, **ON).start()
    tally = Tally()
    server.wait_ready()
    load = _load(server, tally)
    try:
        _wait_for(tally, load, STUDENTS * QUESTIONS // 4)
        server.kill()
        acknowledged = len(tally.acknowledged)
        stored = database.scalar("SELECT count(*) FROM answer")
    except BaseException:
        server.stop()
        raise
    time.sleep(1)  # students meet a dead server for a moment
    _finish(tmp_path, database, questions, server.port, load)
    outcome = check(database, tally)
    report(
        record_property,
        database,
        tally,
        outcome,
        **{"acknowledged before the kill": acknowledged, "stored then": stored},
    )
    assert stored >= acknowledged
    assert len(tally.attempts) == STUDENTS
    assert outcome.acknowledged == outcome.stored == STUDENTS * QUESTIONS
    assert_sound(outcome)


def test_sigterm_under_load_commits_what_it_took_and_exits_cleanly(
    tmp_path, questions, database, record_property
):
    server = Instance(tmp_path / "a", database.url, questions, **ON).start()
    tally = Tally()
    server.wait_ready()
    load = _load(server, tally)
    try:
        _wait_for(tally, load, STUDENTS * QUESTIONS // 4)
    finally:
        server.stop()  # SIGTERM to the master and its workers
    acknowledged = len(tally.acknowledged)
    stored = database.scalar("SELECT count(*) FROM answer")
    log = server.log_path.read_text(errors="replace")
    assert server.process.returncode == 0, log[-4000:]
    assert "Traceback" not in log, log[-4000:]
    # Each worker drained its writer at exit and said how many answers each commit carried.
    reports = [(int(w), int(c)) for w, c in REPORT.findall(log)]
    assert len(reports) == 2, log[-4000:]
    _finish(tmp_path, database, questions, server.port, load)
    outcome = check(database, tally)
    writes, commits = map(sum, zip(*reports, strict=True))
    report(
        record_property,
        database,
        tally,
        outcome,
        **{
            "acknowledged before SIGTERM": acknowledged,
            "stored then": stored,
            "answers per commit": f"{writes / commits:.1f}",
        },
    )
    assert stored >= acknowledged
    assert len(tally.attempts) == STUDENTS
    assert outcome.acknowledged == outcome.stored == STUDENTS * QUESTIONS
    assert_sound(outcome)
