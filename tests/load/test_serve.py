"""`quizapp serve` as deployed: it starts, answers, and several instances share one database."""

from __future__ import annotations

import http.client
import re
import socket
import uuid

import pytest

from tests.helpers.app import pg_backend

from .driver import Failed, Student, Tally, run_students
from .server import Instance

needs_postgresql = pytest.mark.skipif(
    not pg_backend(), reason="several instances share a PostgreSQL database (its pass only)"
)


def get(port: int, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_serve_migrates_imports_and_answers(tmp_path, few_questions, database):
    server = Instance(tmp_path / "a", database.url, few_questions).start()
    try:
        server.wait_ready()
        response, body = get(server.port, "/", {"Accept-Encoding": "br"})
        assert response.status == 200
        assert response.getheader("Content-Encoding") == "br"
        assert "default-src 'self'" in response.getheader("Content-Security-Policy")
        response, body = get(server.port, "/learner")
        css = re.search(rb'href="(/static/app\.[0-9a-f]{8}\.css)"', body).group(1).decode()
        response, _ = get(server.port, css)
        assert response.status == 200
        assert "immutable" in response.getheader("Cache-Control")
        log = server.log()
        assert "Banks: 1 imported" in log
        assert "Booting worker" in log
    finally:
        server.stop()
    assert database.scalar("SELECT count(*) FROM question") == 5


def test_a_second_start_finds_everything_in_place(tmp_path, few_questions, database):
    for _ in range(2):
        server = Instance(tmp_path / "a", database.url, few_questions).start()
        try:
            server.wait_ready()
        finally:
            server.stop()
    assert "Banks: 0 imported, 1 unchanged" in server.log()
    assert database.scalar("SELECT count(*) FROM question") == 5


@needs_postgresql
def test_two_instances_starting_at_once_on_a_fresh_database_take_turns(
    tmp_path, few_questions, database
):
    first = Instance(tmp_path / "a", database.url, few_questions)
    second = Instance(tmp_path / "b", database.url, few_questions)
    first.start()
    second.start()
    try:
        first.wait_ready()
        second.wait_ready()
    finally:
        first.stop()
        second.stop()
    reports = sorted(
        re.search(r"Banks: .*", instance.log()).group(0) for instance in (first, second)
    )
    # One migrated and imported; the other waited for the lock and found it all done.
    assert reports == [
        "Banks: 0 imported, 1 unchanged, 0 removed, 0 problems.",
        "Banks: 1 imported, 0 unchanged, 0 removed, 0 problems.",
    ]
    for instance in (first, second):
        assert "Traceback" not in instance.log()
    assert database.scalar("SELECT count(*) FROM alembic_version") == 1
    assert database.scalar("SELECT count(*) FROM bank") == 1
    assert database.scalar("SELECT count(*) FROM question") == 5


@needs_postgresql
def test_a_learner_starts_on_one_instance_and_answers_on_the_other(
    tmp_path, few_questions, database
):
    database.create_schema(tmp_path)
    first = Instance(tmp_path / "a", database.url, few_questions).start()
    second = Instance(tmp_path / "b", database.url, few_questions).start()
    try:
        first.wait_ready()
        second.wait_ready()
        tally = Tally()
        student = Student("Roaming", [first.port, second.port], tally)
        # Named and started on the first; question n goes to instance n % 2, 1 to the second.
        student.run(5)
        assert tally.errors == []
        assert len(tally.acknowledged) == 5
        # The signed session cookie alone carries the learner: no sticky sessions needed.
        for port in (first.port, second.port):
            page = get(port, "/learner", {"Cookie": student.cookie})[1].decode()
            assert 'value="Roaming"' in page
    finally:
        first.stop()
        second.stop()
    attempt_id = tally.attempts[0]
    assert database.scalar("SELECT count(*) FROM answer WHERE attempt_id = :a", a=attempt_id) == 5


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@needs_postgresql
@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_sign_in_limits_are_counted_across_instances_in_redis(tmp_path, few_questions, database):
    database.create_schema(tmp_path)
    shared = {
        "QUIZAPP_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        # A prefix of this run's own: counts from an earlier run must not leak in.
        "QUIZAPP_RATELIMIT_KEY_PREFIX": f"quizapp-test-{uuid.uuid4().hex}",
    }
    first = Instance(tmp_path / "a", database.url, few_questions, **shared).start()
    second = Instance(tmp_path / "b", database.url, few_questions, **shared).start()
    try:
        first.wait_ready()
        second.wait_ready()
        if get(first.port, "/signin")[0].status == 404:
            pytest.skip("no sign-in page yet (auth blueprint)")
        student = Student("Limited", [first.port, second.port], Tally())
        statuses = []
        for attempt in range(14):
            port = student.port(attempt)
            token = student.csrf(port, "/signin")
            form = {"csrf_token": token, "username": f"nobody{attempt}", "password": "wrong"}
            try:
                statuses.append(student.request(port, "POST", "/signin", form)[0])
            except Failed as error:
                statuses.append(int(str(error).rsplit(" ", 1)[1]))
    finally:
        first.stop()
        second.stop()
    # Ten tries a minute from one address, wherever they land; four workers each counting
    # on their own would have let all fourteen through.
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429] * 4


def test_students_spread_over_threads_all_finish(tmp_path, few_questions, database):
    """A smoke run of the load driver itself: a few students, one instance."""
    database.create_schema(tmp_path)
    server = Instance(tmp_path / "a", database.url, few_questions).start()
    try:
        server.wait_ready()
        tally = run_students(6, 5, [server.port], threads=3)
    finally:
        server.stop()
    assert tally.errors == []
    assert sorted(tally.acknowledged) == sorted(
        (attempt, number) for attempt in tally.attempts for number in range(1, 6)
    )
