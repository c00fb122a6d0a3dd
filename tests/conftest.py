"""Fixtures for app tests: a fresh database per test on SQLite or PostgreSQL.

QUIZAPP_TEST_DB=sqlite (default) gives each test its own SQLite file.
QUIZAPP_TEST_DB=postgresql gives each xdist worker its own database on the server in
QUIZAPP_TEST_PG_URL, with every table emptied after each test.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy

from .load.report import pytest_runtest_logreport, pytest_terminal_summary  # noqa: F401

DATA = Path(__file__).parent / "data"
APP_BANKS = DATA / "app_banks"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _backend() -> str:
    return os.environ.get("QUIZAPP_TEST_DB", "sqlite")


def fresh_pg_database(name: str) -> str:
    """Create an empty database on the PostgreSQL test server and return its URL."""
    base = sqlalchemy.engine.make_url(os.environ.get("QUIZAPP_TEST_PG_URL", DEFAULT_PG_URL))
    name = re.sub(r"\W", "_", name)
    admin = sqlalchemy.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    name = sqlalchemy.engine.make_url(url).database
    base = sqlalchemy.engine.make_url(os.environ.get("QUIZAPP_TEST_PG_URL", DEFAULT_PG_URL))
    admin = sqlalchemy.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_url(worker_id: str):
    """A database of this test process's own on the PostgreSQL server, created once."""
    if _backend() != "postgresql":
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


def make_app(tmp_path: Path, pg_url: str | None, **overrides):
    from quizapp import create_app

    url = pg_url or f"sqlite:///{tmp_path / 'test.sqlite3'}"
    # A copy per app: teachers' pages write into the bank folder (publish, approve, discard).
    questions = tmp_path / "app_banks"
    shutil.copytree(APP_BANKS, questions, dirs_exist_ok=True)
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "QUESTIONS_DIR": str(questions),
        # Tests import banks when they choose; tests of live reload turn it on.
        "BANK_RELOAD_INTERVAL": 0,
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    return create_app(config)


def _empty_tables(app) -> None:
    from quizapp.extensions import db

    with app.app_context():
        db.session.remove()
        names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.execute(sqlalchemy.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _prepare(app) -> None:
    from quizapp.extensions import db
    from quizapp.library.sync import sync_folder

    with app.app_context():
        if pg_backend():
            _empty_tables(app)
        else:
            db.create_all()
        sync_folder(app.config["QUESTIONS_DIR"])


def pg_backend() -> bool:
    return _backend() == "postgresql"


def _dispose(app) -> None:
    from quizapp.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(tmp_path, pg_url):
    app = make_app(tmp_path, pg_url)
    _prepare(app)
    yield app
    _dispose(app)


@pytest.fixture
def csrf_app(tmp_path, pg_url):
    """The app with CSRF protection on, as in production."""
    app = make_app(tmp_path, pg_url, WTF_CSRF_ENABLED=True)
    _prepare(app)
    yield app
    _dispose(app)


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


PASSWORD = "correct horse battery"


def make_user(app, username: str, *, role: str = "student", display_name: str | None = None):
    """Create an account directly in the database and return its id."""
    from werkzeug.security import generate_password_hash

    from quizapp.extensions import db
    from quizapp.models import User

    with app.app_context():
        user = User(
            username=username,
            display_name=display_name or username.title(),
            role=role,
            password_hash=generate_password_hash(PASSWORD),
        )
        db.session.add(user)
        db.session.commit()
        return user.id


def login_as(client, user_id: int) -> None:
    """Sign a test client in as this account without going through the form."""
    from quizapp.extensions import db
    from quizapp.models import User

    with client.application.app_context():
        version = db.session.get(User, user_id).session_version  # raised by each sign-out
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}.{version}"
        session["_fresh"] = True


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
