"""Build test apps and accounts: the plain functions behind the fixtures in conftest.py."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import sqlalchemy
from sqlalchemy import event

DATA = Path(__file__).resolve().parents[1] / "data"
APP_BANKS = DATA / "app_banks"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def backend() -> str:
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


def prepare(app) -> None:
    from quizapp.extensions import db
    from quizapp.library.sync import sync_folder

    with app.app_context():
        if pg_backend():
            _empty_tables(app)
        else:
            db.create_all()
        sync_folder(app.config["QUESTIONS_DIR"])


def pg_backend() -> bool:
    return backend() == "postgresql"


def dispose(app) -> None:
    from quizapp.extensions import db

    broker = app.extensions.get("live_broker")
    if broker is not None:
        broker.close()
    writer = app.extensions.get("group_commit")
    if writer is not None:
        writer.close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


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


def count_queries(app, action) -> int:
    """How many SQL statements `action` sends."""
    from quizapp.extensions import db

    statements: list[str] = []
    with app.app_context():
        engine = db.engine

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            action()
        finally:
            event.remove(engine, "before_cursor_execute", before)
    return len(statements)
