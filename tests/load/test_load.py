"""200 students answering every question of a 10-question bank against gunicorn; a crash.

Runs on the database of the pass (QUIZAPP_TEST_DB): SQLite or PostgreSQL. The counts go to
the terminal summary ("load and fault test counts").
"""

from __future__ import annotations

import threading
import time

import pytest

from tests.helpers.app import pg_backend
from tests.load.server import QUESTIONS

from .checks import assert_sound, check
from .driver import Tally, run_students
from .server import Instance

STUDENTS = 200


def report(record_property, database, tally, outcome, **extra) -> None:
    backend = "PostgreSQL" if database.postgresql else "SQLite"
    line = f"{backend}: {outcome.summary(tally)}"
    if extra:
        line += ", " + ", ".join(f"{key} {value}" for key, value in extra.items())
    record_property("counts", line)
    print(line)


def test_200_students_answer_every_question(tmp_path, questions, database, record_property):
    server = Instance(tmp_path / "a", database.url, questions).start()
    try:
        server.wait_ready()
        started = time.monotonic()
        tally = run_students(STUDENTS, QUESTIONS, [server.port])
        seconds = time.monotonic() - started
    finally:
        server.stop()
    outcome = check(database, tally)
    report(record_property, database, tally, outcome, seconds=f"{seconds:.1f}")
    assert tally.errors == []
    assert len(tally.attempts) == STUDENTS
    assert outcome.acknowledged == outcome.stored == STUDENTS * QUESTIONS
    assert_sound(outcome)


@pytest.mark.skipif(not pg_backend(), reason="two instances share a PostgreSQL database")
def test_200_students_on_two_instances_over_postgresql(
    tmp_path, questions, database, record_property
):
    first = Instance(tmp_path / "a", database.url, questions).start()
    second = Instance(tmp_path / "b", database.url, questions).start()
    try:
        first.wait_ready()
        second.wait_ready()
        # Every student starts on one instance and then alternates between the two.
        tally = run_students(STUDENTS, QUESTIONS, [first.port, second.port])
    finally:
        first.stop()
        second.stop()
    outcome = check(database, tally)
    report(record_property, database, tally, outcome, instances=2)
    assert tally.errors == []
    assert outcome.acknowledged == outcome.stored == STUDENTS * QUESTIONS
    assert_sound(outcome)


def test_a_server_killed_mid_load_loses_no_acknowledged_answer(
    tmp_path, questions, database, record_property
):
    server = Instance(tmp_path / "a", database.url, questions).start()
    tally = Tally()
    # Students retry a failed step for up to two minutes, like people pressing again.
    load = threading.Thread(
        target=run_students,
        args=(STUDENTS, QUESTIONS, [server.port]),
        kwargs={"retry": 120, "tally": tally},
    )
    try:
        server.wait_ready()
        load.start()
        # Crash once a quarter of the answers are in; the deadline only guards against a hang.
        deadline = time.monotonic() + 600
        while len(tally.acknowledged) < STUDENTS * QUESTIONS // 4:
            assert time.monotonic() < deadline, "the load did not get going"
            assert load.is_alive(), "the students stopped before the crash"
            time.sleep(0.02)
        server.kill()
        before_restart = len(tally.acknowledged)
        time.sleep(1)  # students meet a dead server for a moment
        server = Instance(tmp_path / "a", database.url, questions, port=server.port).start()
        server.wait_ready()
        load.join(timeout=600)
        assert not load.is_alive(), "students were still answering after ten minutes"
    finally:
        server.stop()
        load.join(timeout=60)
    outcome = check(database, tally)
    report(
        record_property,
        database,
        tally,
        outcome,
        **{"acknowledged before the kill": before_restart},
    )
    assert len(tally.attempts) == STUDENTS
    assert outcome.acknowledged == outcome.stored == STUDENTS * QUESTIONS
    assert_sound(outcome)
