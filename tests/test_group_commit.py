"""The writer of web/group_commit.py: many requests' writes made durable by one commit.

Runs on the database of the pass (QUIZAPP_TEST_DB) with the writer switched on, also on
PostgreSQL, where `auto` would leave it off.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from quizapp.extensions import db
from quizapp.models import Answer, User
from quizapp.web.group_commit import Closed, GroupCommit, run_write
from tests.helpers.answers import right_form
from tests.helpers.app import dispose, make_app, prepare
from tests.helpers.quiz import spec_and_layout
from tests.test_scaleout import run_together

LEARNERS = 32


@pytest.fixture
def app(tmp_path, pg_url):
    # A wait long enough that the threads' answers meet in a batch even on a busy machine.
    app = make_app(tmp_path, pg_url, GROUP_COMMIT=True, GROUP_COMMIT_WAIT=0.02)
    prepare(app)
    yield app
    dispose(app)


def _add_user(name: str):
    def job() -> int:
        user = User(display_name=name)
        db.session.add(user)
        db.session.flush()
        if name.startswith("fail"):
            raise ValueError(name)
        return user.id

    return job


def _names(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(User.display_name)).all())


def test_32_learners_answering_at_once_share_commits_and_each_answer_is_stored_once(app):
    clients = [app.test_client() for _ in range(LEARNERS)]
    attempts = []
    for index, client in enumerate(clients):
        client.post("/learner", data={"name": f"Learner {index}"})
        started = client.post("/banks/sample/attempts")
        attempts.append(int(started.headers["Location"].split("/")[2]))
    forms = [right_form(*spec_and_layout(app, a, 1)) for a in attempts]

    def answer(index: int) -> int:
        path = f"/attempts/{attempts[index]}/1"
        headers = {"HX-Request": "true"}
        response = clients[index].post(path, data=forms[index], headers=headers)
        assert "Correct" in response.get_data(as_text=True)
        return response.status_code

    assert run_together(answer, LEARNERS) == [200] * LEARNERS
    with app.app_context():
        rows = db.session.execute(select(Answer.attempt_id, Answer.question_id)).all()
    assert sorted(a for a, _ in rows) == sorted(attempts)
    assert len(set(rows)) == LEARNERS
    writer = app.extensions["group_commit"]
    assert writer.jobs == LEARNERS
    assert writer.batches < LEARNERS, writer.report()


def test_a_job_that_raises_fails_alone(app):
    writer = GroupCommit(app, wait=0.2)
    try:
        futures = [writer.submit(_add_user(name)) for name in ("one", "fail", "two")]
        assert isinstance(futures[0].result(), int)
        with pytest.raises(ValueError, match="fail"):
            futures[1].result()
        assert isinstance(futures[2].result(), int)
    finally:
        writer.close()
    assert writer.batches == 1
    assert _names(app) == ["one", "two"]  # the failed job's insert is undone, no more


def test_a_failed_commit_fails_every_job_of_its_batch(app):
    def refuse(session):
        # The commit of the transaction, not the release of a job's savepoint.
        if not session.in_nested_transaction() and session.info.pop("refuse", False):
            raise RuntimeError("disk full")

    def refused_job():
        db.session.info["refuse"] = True
        return _add_user("refused")()

    event.listen(Session, "before_commit", refuse)
    writer = GroupCommit(app, wait=0.2)
    try:
        futures = [writer.submit(job) for job in (_add_user("a"), refused_job, _add_user("b"))]
        for future in futures:
            with pytest.raises(RuntimeError, match="disk full"):
                future.result()
        assert writer.run(_add_user("after")) > 0  # the writer goes on
    finally:
        event.remove(Session, "before_commit", refuse)
        writer.close()
    assert _names(app) == ["after"]


def test_close_finishes_every_queued_job_and_takes_no_more(app):
    writer = GroupCommit(app, max_jobs=4, wait=0.05)
    futures = [writer.submit(_add_user(f"queued {i:02}")) for i in range(20)]
    writer.close()
    assert all(future.done() and future.exception() is None for future in futures)
    assert _names(app) == [f"queued {i:02}" for i in range(20)]
    with pytest.raises(Closed):
        writer.submit(_add_user("late"))


def test_after_close_a_write_runs_in_the_request(app):
    with app.test_request_context():
        app.extensions["group_commit"] = writer = GroupCommit(app)
        writer.close()
        assert run_write(_add_user("inline")) > 0
    assert _names(app) == ["inline"]


def test_a_writer_thread_per_app_started_on_first_use(app, learner):
    assert "group_commit" not in app.extensions
    learner.name("Ada")
    attempt_id = int(learner.start().headers["Location"].split("/")[2])
    learner.answer(attempt_id, 1, right_form(*spec_and_layout(app, attempt_id, 1)))
    writer = app.extensions["group_commit"]
    assert writer.jobs == 1 and writer.batches == 1
    names = [thread.name for thread in threading.enumerate()]
    assert names.count("group-commit") >= 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 1


def test_a_job_whose_savepoint_fails_to_release_fails_alone(app):
    def refuse_release(session):
        if session.in_nested_transaction() and session.info.pop("refuse", False):
            raise RuntimeError("savepoint refused")

    def refused_job():
        db.session.info["refuse"] = True
        return _add_user("refused")()

    event.listen(Session, "before_commit", refuse_release)
    writer = GroupCommit(app, wait=0.2)
    try:
        futures = [writer.submit(job) for job in (_add_user("a"), refused_job, _add_user("b"))]
        assert isinstance(futures[0].result(), int)
        with pytest.raises(RuntimeError, match="savepoint refused"):
            futures[1].result()
        assert isinstance(futures[2].result(), int)
    finally:
        event.remove(Session, "before_commit", refuse_release)
        writer.close()
    assert _names(app) == ["a", "b"]
