"""Several writers at once on SQLite, and rate limits whose storage may be away."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db, limiter
from quizapp.models import Answer, Attempt
from tests.helpers.answers import right_form
from tests.helpers.app import dispose, make_app, pg_backend
from tests.helpers.quiz import spec_and_layout

WRITERS = 8


def run_together(work, count: int) -> list:
    """Run work(i) in `count` threads released at the same moment; return what each gave."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def one(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # reported, with its thread, by the assertion below
            results[index] = error

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_concurrent_learners_never_see_a_locked_database(app):
    """Eight learners answer a whole quiz each at the same time: every answer is stored."""
    clients = [app.test_client() for _ in range(WRITERS)]

    def learner(index: int) -> list[int]:
        client = clients[index]
        statuses = [client.post("/learner", data={"name": f"Writer {index}"}).status_code]
        response = client.post("/banks/sample/attempts", data={"mode": "practice"})
        statuses.append(response.status_code)
        attempt_id = int(response.headers["Location"].split("/")[2])
        for number in range(1, 9):
            form = right_form(*spec_and_layout(app, attempt_id, number))
            response = client.post(
                f"/attempts/{attempt_id}/{number}", data=form, headers={"HX-Request": "true"}
            )
            statuses.append(response.status_code)
        return statuses

    results = run_together(learner, WRITERS)
    for result in results:
        assert not isinstance(result, Exception), repr(result)
        assert result == [303, 303] + [200] * 8
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == WRITERS * 8
        finished = db.session.scalars(select(Attempt.finished_at)).all()
        assert len(finished) == WRITERS and all(finished)


def test_the_same_answer_sent_from_many_tabs_at_once_is_stored_once(app, learner, client):
    learner.name("Ada")
    attempt_id = int(learner.start().headers["Location"].split("/")[2])
    cookie = client.get_cookie("session").value
    tabs = [app.test_client() for _ in range(WRITERS)]
    for tab in tabs:
        tab.set_cookie("session", cookie)
    form = right_form(*spec_and_layout(app, attempt_id, 1))

    def submit(index: int) -> int:
        response = tabs[index].post(
            f"/attempts/{attempt_id}/1", data=form, headers={"HX-Request": "true"}
        )
        assert "Correct" in response.get_data(as_text=True)
        return response.status_code

    results = run_together(submit, WRITERS)
    assert results == [200] * WRITERS, results
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 1


@pytest.mark.skipif(pg_backend(), reason="SQLite's journal mode")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def limited_app(tmp_path, pg_url, storage: str):
    app = make_app(tmp_path, pg_url, RATELIMIT_STORAGE_URI=storage)

    @limiter.limit("3 per minute")
    def limited():
        return "ok"

    app.add_url_rule("/limited", "limited", limited)
    return app


def test_rate_limits_count_in_memory_by_default(tmp_path, pg_url):
    app = limited_app(tmp_path, pg_url, "memory://")
    try:
        client = app.test_client()
        assert [client.get("/limited").status_code for _ in range(4)] == [200, 200, 200, 429]
    finally:
        dispose(app)


def test_rate_limits_fall_back_to_memory_when_redis_is_away(tmp_path, pg_url):
    # Nothing listens on port 1: every call to the storage fails.
    app = limited_app(tmp_path, pg_url, "redis://127.0.0.1:1")
    try:
        client = app.test_client()
        statuses = [client.get("/limited").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
    finally:
        dispose(app)
