"""Start `quizapp serve` on loopback for load and fault tests, and look at its database."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy

from tests.helpers.app import drop_pg_database, fresh_pg_database, pg_backend

QUIZAPP = Path(sys.executable).with_name("quizapp")
# A server outlives its test when pytest itself is killed (a CI timeout): with setpriv
# (util-linux) the gunicorn master gets SIGTERM as soon as the test process is gone.
SETPRIV = shutil.which("setpriv")
DIE_WITH_PARENT = [SETPRIV, "--pdeathsig", "TERM", "--"] if SETPRIV else []
SECRET = "load-test-secret-" + "x" * 32
BANK_SLUG = "load"


def write_bank(folder: Path, count: int = 20) -> Path:
    """Write a bank of `count` questions (true/false and single choice) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "id: load",
        "title: Load test bank",
        "source: {title: The load text, author: Test Author, published: 2024-01-06}",
        "questions:",
    ]
    for number in range(1, count + 1):
        lines += [f"  - id: q{number}", "    source: 1"]
        if number % 2:
            lines += [
                "    type: true_false",
                f"    prompt: Statement number {number} is true.",
                f"    explanation: Statement {number} was written to be true.",
                "    answer: true",
            ]
        else:
            lines += [
                "    type: single",
                f"    prompt: Which answer to question {number} is right?",
                "    explanation: The first one is.",
                "    choices:",
                "      - {text: First, correct: true}",
                "      - {text: Second}",
                "      - {text: Third}",
                "      - {text: Fourth}",
            ]
    path = folder / "load.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    """A fresh database for one test: a SQLite file, or a database on the PostgreSQL server."""

    def __init__(self, tmp_path: Path, name: str, *, postgresql: bool | None = None) -> None:
        self.postgresql = pg_backend() if postgresql is None else postgresql
        if self.postgresql:
            self.url = fresh_pg_database(f"quizapp_load_{name}_{os.getpid()}")
        else:
            self.url = f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        self.engine = sqlalchemy.create_engine(
            self.url.replace("postgresql://", "postgresql+psycopg://")
        )

    def create_schema(self, tmp_path: Path) -> None:
        """Create the tables from the models and mark the migrations as applied.

        Load tests measure serving, not migrating: this keeps them independent of whether
        migrations/ has caught up with quizapp/models.py (tests/test_migrations.py and the
        start-up tests in test_serve.py cover that path).
        """
        from flask_migrate import stamp

        from quizapp.extensions import db
        from tests.helpers.app import dispose, make_app

        app = make_app(tmp_path, None, SQLALCHEMY_DATABASE_URI=self.url)
        with app.app_context():
            db.create_all()
            stamp()
        dispose(app)

    def scalar(self, sql: str, **params):
        with self.engine.connect() as connection:
            return connection.execute(sqlalchemy.text(sql), params).scalar()

    def rows(self, sql: str, **params) -> list:
        with self.engine.connect() as connection:
            return list(connection.execute(sqlalchemy.text(sql), params))

    def close(self) -> None:
        self.engine.dispose()
        if self.postgresql:
            drop_pg_database(self.url)


class Instance:
    """One `quizapp serve` process group (gunicorn master and workers) on a loopback port."""

    def __init__(
        self, workdir: Path, database_url: str, questions: Path, *, port: int = 0, **env: str
    ) -> None:
        self.workdir = workdir
        self.port = port or free_port()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / f"serve-{self.port}.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "QUIZAPP_QUESTIONS": str(questions),
            "QUIZAPP_SECRET_KEY": SECRET,
            "QUIZAPP_BIND": f"127.0.0.1:{self.port}",
            "QUIZAPP_WORKERS": "2",
            **env,
        }
        self.env.pop("QUIZAPP_ENV", None)
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Instance:
        log = self.log_path.open("ab")
        # A session of its own: the master and its workers form one process group to kill.
        self.process = subprocess.Popen(
            [*DIE_WITH_PARENT, str(QUIZAPP), "serve"],
            cwd=self.workdir,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self

    def wait_ready(self, timeout: float = 60) -> Instance:
        """Wait until the bank list answers 200; fail with the server's log otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"quizapp serve exited with {self.process.returncode}:\n{self.log()}"
                )
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/")
                if connection.getresponse().status == 200:
                    return self
            except OSError:
                pass
            finally:
                connection.close()
            time.sleep(0.1)
        raise AssertionError(f"quizapp serve did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self._wait_group_gone()

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), then make sure nothing of the group is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self._wait_group_gone()

    def _wait_group_gone(self) -> None:
        """Workers that outlive the master would hold the port and the database: end them."""
        if self.process is None:
            return
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            if time.monotonic() > deadline - 25:
                os.killpg(self.process.pid, signal.SIGKILL)
            time.sleep(0.05)


# Answers per simulated student: 200 x 10 = 2,000 acknowledged answers per load test, a
# quarter of them before the crash in the fault tests (CI time: each load test ~1 min).
QUESTIONS = 10
