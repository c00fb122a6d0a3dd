"""A live session survives its server: kill `quizapp serve` with SIGKILL mid-question,
start it again, and the session goes on where it was (its state is in the database)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy
from werkzeug.security import generate_password_hash

from ..helpers.app import PASSWORD
from .live_driver import Phone, Teacher
from .server import Database, Instance, write_bank


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path, "liverestart")
    database.create_schema(tmp_path)
    with database.engine.begin() as connection:
        connection.execute(
            sqlalchemy.text(
                'INSERT INTO "user" (display_name, username, password_hash, role, extra_time,'
                " created_at) VALUES ('Ms Teacher', 'teacher1', :hash, 'teacher', 1.0, :now)"
            ),
            {"hash": generate_password_hash(PASSWORD), "now": dt.datetime.now(dt.UTC)},
        )
    yield database
    database.close()


def test_a_killed_server_resumes_the_session(tmp_path, database, record_property):
    questions = tmp_path / "questions"
    write_bank(questions, 3)
    # One worker: on SQLite the phones' events stay in one process (see README).
    server = Instance(tmp_path / "a", database.url, questions, QUIZAPP_WORKERS="1")
    server.start().wait_ready()
    try:
        teacher = Teacher(server.port)
        teacher.sign_in("teacher1", PASSWORD)
        live_id = teacher.open_session("load", seconds=120)
        pin = database.scalar("SELECT pin FROM live_session WHERE id = :id", id=live_id)
        phones = [Phone(server.port, name) for name in ("Ada", "Ben")]
        for phone in phones:
            phone.join(pin)
        teacher.act(live_id, "start")
        phones[0].answer(pin, "true")  # question 1 is true/false
        server.kill()  # SIGKILL: no chance to save anything more

        server = Instance(tmp_path / "b", database.url, questions, QUIZAPP_WORKERS="1")
        server.start().wait_ready()
        for browser in (teacher, *phones):
            browser.port = server.port
        _, _, host = teacher.request("GET", f"/live/host/{live_id}")
        assert "Question 1 of 3" in host and "<strong>1</strong> of 2 answered" in host
        _, _, ada = phones[0].request("GET", f"/live/{pin}")
        assert "Answer received and locked" in ada
        _, _, ben = phones[1].request("GET", f"/live/{pin}")
        assert "Send answer" in ben
        phones[1].answer(pin, "false")
        teacher.act(live_id, "reveal")
        _, _, ada = phones[0].request("GET", f"/live/{pin}")
        _, _, ben = phones[1].request("GET", f"/live/{pin}")
        assert "Correct" in ada and "Incorrect" in ben
        teacher.act(live_id, "next")
        state = database.rows("SELECT state, position FROM live_session WHERE id = :id", id=live_id)
    finally:
        server.stop()
    assert tuple(state[0]) == ("question", 1)
    stored = database.scalar("SELECT count(*) FROM live_answer")
    assert stored == 2
    backend = "PostgreSQL" if database.postgresql else "SQLite"
    record_property("counts", f"{backend}: live session resumed after SIGKILL, {stored} answers")
