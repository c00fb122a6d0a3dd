"""300 phones in one live session, served by two instances sharing PostgreSQL.

Every phone holds an event stream open (on either instance) while the teacher, on the
first instance, runs three questions: every answer is stored exactly once, and every
phone receives every reveal; the time from Reveal to the last phone is printed. The
events cross instances through PostgreSQL's NOTIFY, so this runs on the PostgreSQL pass.
"""

from __future__ import annotations

import time

import pytest
from werkzeug.security import generate_password_hash

from ..helpers.app import PASSWORD, pg_backend
from .live_driver import Phone, Streams, Teacher, play, pool_run, summary_ms
from .server import Database, Instance, write_bank

PHONES = 300
QUESTIONS = 3

pytestmark = pytest.mark.skipif(
    not pg_backend(),
    reason="live events cross app instances through PostgreSQL NOTIFY: PostgreSQL pass only"
    " (on SQLite one process serves a session with an in-memory broker)",
)


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path, "live")
    database.create_schema(tmp_path)
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            'INSERT INTO "user" (display_name, username, password_hash, role, extra_time,'
            " created_at) VALUES ('Ms Teacher', 'teacher1', %(hash)s, 'teacher', 1.0, now())",
            {"hash": generate_password_hash(PASSWORD)},
        )
    yield database
    database.close()


def test_300_phones_on_two_instances_get_every_reveal(tmp_path, database, record_property):
    questions = tmp_path / "questions"
    write_bank(questions, QUESTIONS)
    # Threads enough for 300 streams however the kernel spreads them over the workers.
    env = {"QUIZAPP_THREADS": "250", "QUIZAPP_WORKERS": "2"}
    first = Instance(tmp_path / "a", database.url, questions, **env).start()
    second = Instance(tmp_path / "b", database.url, questions, **env).start()
    streams = None
    try:
        first.wait_ready()
        second.wait_ready()
        started = time.monotonic()
        teacher = Teacher(first.port)
        teacher.sign_in("teacher1", PASSWORD)
        live_id = teacher.open_session("load")
        pin = database.scalar("SELECT pin FROM live_session WHERE id = :id", id=live_id)
        ports = [first.port, second.port]
        phones = [Phone(ports[i % 2], f"Phone {i}") for i in range(PHONES)]
        joined_at = time.monotonic()
        errors = pool_run(lambda phone: phone.join(pin), phones)
        assert errors == [], errors[:5]
        join_seconds = time.monotonic() - joined_at
        streams = Streams(phones, pin)
        missing = streams.wait_all(phones, "lobby..-1.0", 30)
        assert missing == [], f"{len(missing)} phones got no lobby: {streams.errors[:5]}"
        rounds = play(teacher, live_id, pin, phones, streams, QUESTIONS)
        teacher.act(live_id, "end")
        seconds = time.monotonic() - started
        assert streams.errors == [], streams.errors[:5]
    finally:
        if streams is not None:
            streams.close()
        first.stop()
        second.stop()
    stored = database.scalar("SELECT count(*) FROM live_answer WHERE session_id = :id", id=live_id)
    answers = database.scalar("SELECT count(*) FROM answer")
    twice = database.scalar(
        "SELECT count(*) FROM (SELECT participant_id, position FROM live_answer"
        " GROUP BY participant_id, position HAVING count(*) > 1) AS doubled"
    )
    finished = database.scalar(
        "SELECT count(*) FROM attempt WHERE kind = 'live' AND finished_at IS NOT NULL"
    )
    latencies = [value for one in rounds for value in one.reveal_latencies]
    line = (
        f"PostgreSQL, 2 instances: {PHONES} phones, {QUESTIONS} questions,"
        f" {sum(r.acknowledged for r in rounds)} answers acknowledged, {stored} stored"
        f" ({answers} attempt answers), {twice} stored twice,"
        f" reveals missed {sum(r.missing_reveals for r in rounds)};"
        f" Reveal -> last phone per question:"
        f" {', '.join(f'{1000 * max(r.reveal_latencies):.0f} ms' for r in rounds)}"
        f" ({summary_ms(latencies)}); joins {join_seconds:.1f} s, answers"
        f" {', '.join(f'{r.answer_seconds:.1f}' for r in rounds)} s; {seconds:.1f} s in all"
    )
    record_property("counts", line)
    print(line)
    assert all(r.acknowledged == PHONES for r in rounds)
    assert stored == answers == PHONES * QUESTIONS
    assert twice == 0
    assert all(r.missing_reveals == 0 for r in rounds)
    assert finished == PHONES
