"""Fixtures for app tests: a fresh database per test on SQLite or PostgreSQL.

QUIZAPP_TEST_DB=sqlite (default) gives each test its own SQLite file.
QUIZAPP_TEST_DB=postgresql gives each xdist worker its own database on the server in
QUIZAPP_TEST_PG_URL, with every table emptied after each test.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy

from .helpers.app import (
    backend,
    dispose,
    drop_pg_database,
    fresh_pg_database,
    login_as,
    make_app,
    make_user,
    prepare,
)
from .load.report import pytest_runtest_logreport, pytest_terminal_summary  # noqa: F401


@pytest.fixture(scope="session")
def pg_url(worker_id: str):
    """A database of this test process's own on the PostgreSQL server, created once."""
    if backend() != "postgresql":
        yield None
        return
    # The pid keeps concurrent test runs on one server out of each other's way.
    url = fresh_pg_database(f"quizapp_test_{worker_id}_{os.getpid()}")
    from quizapp import models  # noqa: F401  (registers every table on the metadata)
    from quizapp.extensions import db

    engine = sqlalchemy.create_engine(url)
    db.metadata.create_all(engine)
    engine.dispose()
    yield url
    drop_pg_database(url)


@pytest.fixture
def app(tmp_path, pg_url):
    app = make_app(tmp_path, pg_url)
    prepare(app)
    yield app
    dispose(app)


@pytest.fixture
def csrf_app(tmp_path, pg_url):
    """The app with CSRF protection on, as in production."""
    app = make_app(tmp_path, pg_url, WTF_CSRF_ENABLED=True)
    prepare(app)
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


class Runner:
    """Invokes the `quizapp` command group against the test app."""

    def __init__(self, app):
        self.app = app
        self.runner = app.test_cli_runner()

    def invoke(self, args, **kwargs):
        from quizapp.cli import cli

        return self.runner.invoke(cli, args=args, **kwargs)


@pytest.fixture
def runner(app):
    return Runner(app)


class Learner:
    """Acts as a learner in the test client: names itself, starts and answers quizzes."""

    def __init__(self, client):
        self.client = client

    def name(self, name: str = "Ada"):
        return self.client.post("/learner", data={"name": name})

    def start(self, slug: str = "sample", **options):
        return self.client.post(f"/banks/{slug}/attempts", data=options)

    def answer(self, attempt_id: int, number: int, data: dict, *, htmx: bool = False):
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.post(f"/attempts/{attempt_id}/{number}", data=data, headers=headers)


@pytest.fixture
def learner(client):
    return Learner(client)


@pytest.fixture
def teacher(app):
    """A signed-in teacher's client and id."""
    user_id = make_user(app, "teacher1", role="teacher", display_name="Ms Teacher")
    client = app.test_client()
    login_as(client, user_id)
    return client, user_id


@pytest.fixture
def student(app):
    """A signed-in student's client and id."""
    user_id = make_user(app, "student1", display_name="Sam Student")
    client = app.test_client()
    login_as(client, user_id)
    return client, user_id
