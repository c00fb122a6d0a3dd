"""Measure quizapp on loopback and write benchmarks/RESULTS.md.

    .venv/bin/python -m benchmarks.run [--duration 6] [--rounds 3] [--answers 1000000]

Starts what it needs on 127.0.0.1 (`quizapp serve` as in production, gthread workers; a bare
Flask baseline under the same gunicorn settings; fresh SQLite and PostgreSQL databases),
measures, and reports every measure against a baseline taken in the same run:

  (a) answer submits (grade + store + htmx fragment) at 8 and 64 connections, on SQLite and
      on PostgreSQL with one and two instances: submits/s and p50/p99 latency, against
      the bare Flask "Hello" and against the disk's limit: the durable commit rate of
      the same database on the same disk (one connection, INSERT + COMMIT in a loop);
      answers per fsync, counted                        targets of issue 15 in the table
  (b) submit latency with 1,000,000 stored answers against 1,000          target <= 1.2
  (c) the teacher's item-analysis page over 1,000,000 answers against
      the raw SQL aggregate behind it                                     target <= 2
  (d) importing a 10,000-question bank against yaml.load(CSafeLoader)     target <= 3
  (e) bytes on the wire for a cold question page, compressed, with
      htmx, CSS and the rest of what it loads                             target <= 30 KB
  and a profile: the CPU of a submit in process, by package (benchmarks/profile_submit.py).

Needs wrk (apt-get install wrk), perf to count SQLite's fsyncs (else not counted), and the
PostgreSQL server of the tests (QUIZAPP_TEST_PG_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy

from quizapp.cli.serve import DEFAULT_THREADS

from .banks import write_answer_bank, write_bank
from .durable import app_sqlite_settings, perf_can_count, pg_commit_rate, sqlite_commit_rate
from .limit import Target, pg_notes, rate_of, table
from .profile_submit import markdown as profile_markdown
from .profile_submit import profile_submits
from .submits import prepare_submits
from .wrkload import Load, median_load, wrk

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET = "benchmark-secret-" + "b" * 32
PG_URL = os.environ.get("QUIZAPP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WORKERS = 2
THREADS = DEFAULT_THREADS  # what `quizapp serve` runs by default
LEVELS = (8, 64)  # concurrent connections of the submit runs
# Servers stop with this script even when it is killed (setpriv is in util-linux).
DIE_WITH_PARENT = ["setpriv", "--pdeathsig", "TERM", "--"] if shutil.which("setpriv") else []


# --- processes on loopback ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn process group on a loopback port."""

    def __init__(self, command: list[str], env: dict, cwd: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        with log.open("ab") as handle:
            self.process = subprocess.Popen(
                DIE_WITH_PARENT + [part.replace("{port}", str(self.port)) for part in command],
                cwd=cwd,
                env={**os.environ, **env, "QUIZAPP_BIND": f"127.0.0.1:{self.port}"},
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_ready()

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log.read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)


def quizapp_server(workdir: Path, url: str, questions: Path, name: str = "serve") -> Server:
    """`quizapp serve` as in production: WORKERS gthread workers of THREADS threads."""
    env = {
        "DATABASE_URL": url,
        "QUIZAPP_QUESTIONS": str(questions),
        "QUIZAPP_SECRET_KEY": SECRET,
        "QUIZAPP_WORKERS": str(WORKERS),
        "QUIZAPP_THREADS": str(THREADS),
        "QUIZAPP_ENV": "production",
    }
    workdir.mkdir(parents=True, exist_ok=True)
    return Server([str(BIN / "quizapp"), "serve"], env, workdir, workdir / f"{name}.log")


def hello_server(workdir: Path) -> Server:
    """The bare Flask baseline under the same gunicorn settings as `quizapp serve`."""
    command = [str(BIN / "gunicorn"), "--workers", str(WORKERS), "--bind", "127.0.0.1:{port}"]
    command += ["--worker-class", "gthread", "--threads", str(THREADS)]
    command += ["--no-control-socket", "benchmarks.hello:app"]
    return Server(command, {}, ROOT, workdir / "hello.log")


# --- databases ---------------------------------------------------------------------------


def fresh_pg(name: str) -> str:
    base = sqlalchemy.engine.make_url(PG_URL)
    admin = sqlalchemy.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_pg(url: str) -> None:
    name = sqlalchemy.engine.make_url(url).database
    admin = sqlalchemy.create_engine(
        sqlalchemy.engine.make_url(PG_URL), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def app_for(url: str):
    """The app in this process, on the benchmark's database, to prepare data and sessions."""
    from quizapp import create_app

    return create_app(
        {
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": url,
            "QUESTIONS_DIR": "",
            "BANK_RELOAD_INTERVAL": 0,
        }
    )


def seed_answers(app, count: int, *, class_name: str) -> int:
    """Store `count` answers: count/20 students, each with one finished attempt of the
    bench bank, all in one class of a teacher. Return the class id."""
    from quizapp.extensions import db
    from quizapp.models import Bank, Class, Question, User, utcnow

    students = count // 20
    with app.app_context():
        bank = db.session.scalar(sqlalchemy.select(Bank).where(Bank.slug == "bench"))
        ids = list(
            db.session.scalars(
                sqlalchemy.select(Question.id)
                .where(Question.bank_id == bank.id, Question.active)
                .order_by(Question.position)
            )
        )
        teacher = User(display_name="Bench teacher", username=f"bench{class_name}", role="teacher")
        db.session.add(teacher)
        db.session.flush()
        school_class = Class(
            name=class_name, teacher_id=teacher.id, join_code=f"B{class_name}"[:16]
        )
        db.session.add(school_class)
        db.session.flush()
        first = db.session.scalar(sqlalchemy.select(sqlalchemy.func.max(User.id))) + 1
        now = utcnow()
        for start in range(0, students, 10_000):
            db.session.execute(
                sqlalchemy.insert(User),
                [
                    {"display_name": f"Student {n}", "role": "student", "created_at": now}
                    for n in range(start, min(students, start + 10_000))
                ],
            )
        db.session.commit()
        last = first + students - 1
        postgres = db.engine.dialect.name == "postgresql"
        qids = "[" + ", ".join(map(str, ids)) + "]"
        json_cast = "CAST(:qids AS JSON)" if postgres else ":qids"
        stamp = "now()" if postgres else "datetime('now')"
        seed = "md5(u.id::text)" if postgres else "'s' || u.id"
        random_pick = "(random() < 0.7)" if postgres else "(abs(random()) % 10 < 7)"
        false = "false" if postgres else "0"
        json_true, json_zero = ("'true'::json", "'0'::json") if postgres else ("'true'", "'0'")
        statements = [
            f"""INSERT INTO membership (class_id, user_id, joined_at)
                SELECT :class_id, u.id, {stamp} FROM "user" u
                WHERE u.id BETWEEN :first AND :last""",
            f"""INSERT INTO attempt (user_id, bank_id, mode, seed, shuffle_choices, question_ids,
                    started_at, finished_at, score, max_score)
                SELECT u.id, :bank_id, 'practice', {seed}, {false}, {json_cast}, {stamp}, {stamp},
                    0, 20 FROM "user" u WHERE u.id BETWEEN :first AND :last""",
            f"""INSERT INTO answer (attempt_id, question_id, position, response, correct,
                    fraction, points, answered_at, time_taken_ms)
                SELECT t.aid, t.qid, t.pos + 1,
                    CASE WHEN t.kind = 'true_false' THEN {json_true} ELSE {json_zero} END,
                    t.ok, CASE WHEN t.ok THEN 1.0 ELSE 0.0 END,
                    CASE WHEN t.ok THEN 1.0 ELSE 0.0 END, {stamp}, 4000
                FROM (SELECT a.id AS aid, q.id AS qid, q.position AS pos, q.type AS kind,
                        {random_pick} AS ok
                      FROM attempt a JOIN question q ON q.bank_id = a.bank_id AND q.active
                      WHERE a.user_id BETWEEN :first AND :last) t""",
            """UPDATE attempt SET score = (SELECT coalesce(sum(points), 0) FROM answer
                    WHERE answer.attempt_id = attempt.id)
                WHERE user_id BETWEEN :first AND :last""",
        ]
        params = {
            "class_id": school_class.id,
            "first": first,
            "last": last,
            "bank_id": bank.id,
            "qids": qids,
        }
        for statement in statements:
            db.session.execute(sqlalchemy.text(statement), params)
        db.session.commit()
        if postgres:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(sqlalchemy.text("VACUUM ANALYZE"))
        class_id = school_class.id
        db.session.remove()
    return class_id


def question_page_load(app, server: Server, args, connections: int) -> Load:
    """GET one learner's question page over and over: render without storing."""
    from flask import session

    from quizapp.extensions import db
    from quizapp.models import Bank, User, utcnow
    from quizapp.quiz import attempts as svc

    with app.app_context():
        learner = User(display_name="Reader")
        db.session.add(learner)
        db.session.commit()
        bank = db.session.scalar(sqlalchemy.select(Bank).where(Bank.slug == "bench"))
        attempt = svc.start_attempt(learner, bank, svc.StartOptions(), utcnow())
        with app.test_request_context():
            session["learner_id"] = learner.id
            cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
        path = f"/attempts/{attempt.id}/1"
        db.session.remove()
    return wrk(
        f"http://127.0.0.1:{server.port}{path}", args, connections=connections, cookie=cookie
    )


def timed_pair(first, second, repeat: int) -> tuple[float, float]:
    """Median wall times of two functions called in turn, `repeat` times each (after a
    warm-up call of each): alternating keeps a neighbour's load off one side only."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for function, record in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            function()
            record.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


RAW_ITEM_SUMS = """
WITH ranked AS (
    SELECT a.id, a.score,
           row_number() OVER (PARTITION BY a.user_id ORDER BY a.started_at, a.id) AS rank
    FROM attempt a JOIN membership m ON m.user_id = a.user_id
    WHERE m.class_id = :class_id AND a.bank_id = :bank_id AND a.finished_at IS NOT NULL
), first AS (SELECT id, score FROM ranked WHERE rank = 1)
SELECT q.key, count(*), sum(x.fraction), sum(f.score - x.points),
       sum(x.fraction * (f.score - x.points)), sum(x.fraction * x.fraction),
       sum((f.score - x.points) * (f.score - x.points))
FROM answer x JOIN first f ON f.id = x.attempt_id JOIN question q ON q.id = x.question_id
GROUP BY q.key
"""


def item_analysis(app, server: Server, class_id: int, repeat: int) -> tuple[float, float, int]:
    """Seconds for the teacher's page (GET over HTTP) and for the raw SQL sums behind it."""
    import http.client

    from quizapp.extensions import db
    from quizapp.models import Bank, Class, User

    with app.app_context():
        school_class = db.session.get(Class, class_id)
        bank_id = db.session.scalar(sqlalchemy.select(Bank.id).where(Bank.slug == "bench"))
        teacher = db.session.get(User, school_class.teacher_id)
        cookie = app.session_interface.get_signing_serializer(app).dumps(
            {"_user_id": teacher.get_id(), "_fresh": True}
        )
        db.session.remove()
    path = f"/teacher/classes/{class_id}/banks/bench/analysis"

    def page():
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
        connection.request("GET", path, headers={"Cookie": f"session={cookie}"})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"GET {path} -> {response.status}: {body[:300]!r}")
        return body

    size = len(page())
    engine = sqlalchemy.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])

    def raw():
        with engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text(RAW_ITEM_SUMS), {"class_id": class_id, "bank_id": bank_id}
            ).all()
            assert len(rows) == 20

    try:
        return (*timed_pair(page, raw, repeat), size)
    finally:
        engine.dispose()


def import_bank(workdir: Path, url: str, repeat: int) -> tuple[float, float, float, float, int]:
    """Seconds to import a 10,000-question bank (load_bank + store + commit), split into
    parsing-and-checking and storing, and for yaml.load(CSafeLoader) of the same file."""
    import yaml

    from quizapp.banks import load_bank
    from quizapp.extensions import db
    from quizapp.library.sync import store_bank
    from quizapp.models import Bank, Question

    path = write_bank(workdir / "big", "big", 10_000)
    data = path.read_bytes()
    app = app_for(url)
    baselines, loads, stores = [], [], []
    with app.app_context():
        db.create_all()
        for round_number in range(repeat):
            # The baseline and the import in turn, so that both meet the same neighbours.
            started = time.perf_counter()
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            baselines.append(time.perf_counter() - started)
            started = time.perf_counter()
            # New bytes each round (a comment): the loader keeps its last few results by
            # content, and this measures the parse and check, not that cache.
            result = load_bank(path, data + f"\n# {url} {round_number}\n".encode())
            loaded = time.perf_counter()
            assert result.bank is not None, result.problems[:3]
            store_bank(result.bank)
            db.session.commit()
            loads.append(loaded - started)
            stores.append(time.perf_counter() - loaded)
            # Start the next round from an empty bank again.
            bank_id = db.session.scalar(sqlalchemy.select(Bank.id).where(Bank.slug == "big"))
            db.session.execute(sqlalchemy.delete(Question).where(Question.bank_id == bank_id))
            db.session.execute(sqlalchemy.delete(Bank).where(Bank.id == bank_id))
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    load, store = statistics.median(loads), statistics.median(stores)
    return load + store, load, store, statistics.median(baselines), len(data)


def wire_bytes(server: Server, app) -> tuple[int, int, list[tuple[str, int, int]]]:
    """Bytes a browser with an empty cache receives for a question page and what it loads:
    status line, headers and body, with and without Accept-Encoding."""
    from flask import session

    from quizapp.extensions import db
    from quizapp.models import Bank, User, utcnow
    from quizapp.quiz import attempts as svc

    with app.app_context():
        learner = User(display_name="Cold cache")
        db.session.add(learner)
        db.session.commit()
        bank = db.session.scalar(sqlalchemy.select(Bank).where(Bank.slug == "bench"))
        attempt = svc.start_attempt(learner, bank, svc.StartOptions(), utcnow())
        with app.test_request_context():
            session["learner_id"] = learner.id
            cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
        path = f"/attempts/{attempt.id}/1"
        db.session.remove()

    def fetch(target: str, encoding: str | None) -> tuple[int, bytes]:
        headers = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session={cookie}\r\n"
        if encoding:
            headers += f"Accept-Encoding: {encoding}\r\n"
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall((headers + "Connection: close\r\n\r\n").encode())
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        raw = b"".join(chunks)
        return len(raw), raw.split(b"\r\n\r\n", 1)[1]

    items = []
    compressed_total = plain_total = 0
    size, page = fetch(path, "gzip, deflate, br, zstd")
    plain_size, plain_page = fetch(path, None)
    items.append((path, size, plain_size))
    for link in re.findall(rb'(?:href|src)="(/static/[^"]+)"', plain_page):
        link = link.decode()
        items.append((link, fetch(link, "gzip, deflate, br, zstd")[0], fetch(link, None)[0]))
    compressed_total = sum(item[1] for item in items)
    plain_total = sum(item[2] for item in items)
    return compressed_total, plain_total, items


# --- the report --------------------------------------------------------------------------


@dataclass
class Report:
    started: dt.datetime
    machine: dict
    lines: list[str] = field(default_factory=list)
    table: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # Markdown after the table

    def measure(
        self, name: str, value: str, baseline: str, ratio: float, target: str, ok: bool | None
    ):
        verdict = {True: " (met)", False: " (**not met**)", None: ""}[ok]
        self.table.append((name, value, baseline, f"{ratio:.2f}", f"{target}{verdict}"))
        print(f"{name}: {value} vs {baseline}: ratio {ratio:.2f}, target {target}{verdict}")

    def note(self, text: str) -> None:
        self.lines.append(text)
        print(text)

    def markdown(self) -> str:
        out = [
            "# Benchmark results",
            "",
            f"Run on {self.started:%Y-%m-%d %H:%M} UTC by `benchmarks/run.py`"
            " (`.venv/bin/python -m benchmarks.run`).",
            "",
            "| machine | |",
            "|---|---|",
        ]
        out += [f"| {key} | {value} |" for key, value in self.machine.items()]
        out += [
            "",
            "Each measure is a ratio against a baseline taken in the same run, on the same",
            "machine, so that a busy or slow machine moves both alike.",
            "",
            "| measure | quizapp | baseline | ratio | target |",
            "|---|---|---|---|---|",
        ]
        out += ["| " + " | ".join(row) + " |" for row in self.table]
        out += [""] + self.sections
        out += ["## Notes", ""] + [f"- {line}" for line in self.lines]
        out += ["", "## Reading the numbers", ""] + [f"- {line}" for line in READING] + [""]
        return "\n".join(out)


# Written by hand, not measured: what the numbers mean and what was changed because of them.
READING = [
    "The disk's limit: a durable commit waits for an fsync of the log, so one connection"
    " committing in a loop does no more commits per second than the disk does fsyncs. A"
    " submit rate above that rate needs many answers made durable by one fsync (group"
    " commit): *answers per fsync* above 1 shows it happening. PostgreSQL groups the"
    " commits of concurrent connections by itself; SQLite needs the application to. The"
    " PostgreSQL server is shared: its WAL fsyncs are counted for the whole server, so"
    " another database's writes during a run lower the answers per fsync shown.",
    "Bare Flask does nothing at all, while a submit checks the CSRF token and the signed"
    " session cookie, reads the learner, the attempt and the question, stores the answer"
    " (with an fsync, so that an acknowledged answer survives a crash), grades and renders"
    " the feedback fragment. The profile section shows where its CPU goes.",
    "Changed because of earlier runs: the submit went from 13 SQL statements to 9 (the rows"
    " loaded before the commit are kept for the fragment, and the stored answer is reused),"
    " about 5.6 to 4.3 ms of CPU each; the importer flushes a bank once instead of once per"
    " question (storing 10,000 questions: 13.9 s to about 1-2 s); the item analysis reads"
    " the answers in one pass instead of two.",
    "(b) stays flat because every statement of a submit goes through an index: the unique"
    " (attempt_id, question_id) index of the answer table serves the look-ups by attempt,"
    " and attempts and questions are read by primary key.",
    "(c) is bounded by the aggregate itself: the page runs the same scan over the answers"
    " (grouped per distinct response as well, for the response counts), one query over the"
    " class's first attempts, and renders about 20 rows.",
    "The machine is shared: the load average is reported at the start and the end. Ratios"
    " compare measures taken minutes apart, so a busy neighbour moves both sides alike, but"
    " not exactly; with a load average above the 2 cores, absolute rates mean little.",
]


def machine_info() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[
        0
    ]
    engine = sqlalchemy.create_engine(PG_URL)
    with engine.connect() as connection:
        postgres = connection.execute(sqlalchemy.text("SHOW server_version")).scalar()
    engine.dispose()
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "Python": platform.python_version(),
        "OS": f"{platform.system()} {platform.release()}",
        "PostgreSQL": postgres,
        "SQLite": sqlite3.sqlite_version,
        "wrk": wrk_version.split(" [")[0],
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=6, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs per measure (median)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--max-rate",
        type=int,
        default=2500,
        help="submits/s the prepared answers last for; past it they are posted again",
    )
    parser.add_argument("--commit-seconds", type=float, default=3, help="per durable-rate loop")
    parser.add_argument("--answers", type=int, default=1_000_000, help="stored answers for b, c")
    parser.add_argument("--repeat", type=int, default=5, help="timings per median (c, d)")
    parser.add_argument("--submits", type=int, default=500, help="submits in the profile")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    return parser.parse_args()


def start_targets(workdir: Path, urls: dict, questions: Path, servers: list) -> list[Target]:
    """The servers and their in-process apps: SQLite, PostgreSQL with one instance and with
    two (the first plus another on the same database), PostgreSQL with 1M answers."""

    def serve(name: str, url: str, log: str = "serve") -> Server:
        server = quizapp_server(workdir / name, url, questions, log)
        servers.append(server)
        return server

    sqlite_url, small_url, big_url = urls["SQLite"], urls["PostgreSQL"], urls["PostgreSQL, 1M"]
    lite = serve("SQLite", sqlite_url)
    first, second = serve("PostgreSQL", small_url), serve("PostgreSQL", small_url, "serve-2")
    big = serve("PostgreSQL1M", big_url)
    small_app = app_for(small_url)
    return [
        Target("SQLite", sqlite_url, [lite], app_for(sqlite_url), LEVELS),
        Target("PostgreSQL, 1 instance", small_url, [first], small_app, LEVELS),
        Target("PostgreSQL, 2 instances", small_url, [first, second], small_app, LEVELS),
        Target("PostgreSQL, 1M answers", big_url, [big], app_for(big_url), (8,)),
    ]


def prepare_rounds(targets: list[Target], workdir: Path, args) -> int:
    """Prepared answers for every run: never one answer posted twice. Return the count."""
    learners = -(-args.duration * args.max_rate // 20)
    total = 0
    for index, target in enumerate(targets):
        for round_number in range(args.rounds):
            for connections in target.levels:
                paths = [
                    workdir / f"t{index}-r{round_number}-c{connections}-s{n}.requests"
                    for n in range(len(target.servers))
                ]
                total += prepare_submits(target.app, learners, paths)
                target.requests[(connections, round_number)] = paths
    return total


def measure_rounds(targets: list[Target], hello: Server, workdir: Path, args):
    """Each round: the disk's limit, hello and every submit run, one after the other, so
    that a neighbour's load falls on all of them alike."""
    count_syncs = perf_can_count()
    durable: dict[str, list[float]] = {"SQLite": [], "PostgreSQL": []}
    settings = {}
    hello_loads: dict[int, list[Load]] = {level: [] for level in LEVELS}
    warm = argparse.Namespace(**{**vars(args), "duration": 2})
    for server in {server.port: server for t in targets for server in t.servers}.values():
        wrk(f"http://127.0.0.1:{server.port}/", warm, connections=max(LEVELS))
    for round_number in range(args.rounds):
        rate, settings["SQLite"] = sqlite_commit_rate(workdir / "SQLite", args.commit_seconds)
        durable["SQLite"].append(rate)
        rate, settings["PostgreSQL"] = pg_commit_rate(targets[1].url, args.commit_seconds)
        durable["PostgreSQL"].append(rate)
        for level in LEVELS:
            url = f"http://127.0.0.1:{hello.port}/"
            hello_loads[level].append(wrk(url, args, connections=level))
        for target in targets:
            for level in target.levels:
                run = target.measure(args, level, round_number, count_syncs)
                print(
                    f"round {round_number + 1}, {target.name}, c{level}: {run.load.row()},"
                    f" {run.answers} answers, {run.syncs} fsyncs"
                )
    hellos = {level: median_load(loads) for level, loads in hello_loads.items()}
    rates = {name: rate_of(values) for name, values in durable.items()}
    return hellos, (rates, settings, durable, count_syncs)


def report_limit(report: Report, targets, hellos, measured, seconds: float) -> None:
    rates, settings, durable, counted = measured
    lite, pg_one, pg_two = targets[0], targets[1], targets[2]
    settings["SQLite"] += f"; the app's connections: {app_sqlite_settings(lite.app)}"
    for name in ("SQLite", "PostgreSQL"):
        report.note(
            f"Durable commit rate, {name}: one connection, INSERT + COMMIT in a loop for"
            f" {seconds:g} s, once a round, on the disk of the benchmark's database"
            f" ({settings[name]}): median {rates[name]:,.0f} commits/s"
            f" (rounds: {', '.join(f'{r:,.0f}' for r in durable[name])})."
        )
    for level, load in hellos.items():
        report.note(f"Bare Flask hello, {level} connections: {load.row()}, {load.failed} failed.")
    top = max(LEVELS)
    for target, limit in ((lite, "SQLite"), (pg_two, "PostgreSQL")):
        load = target.load(top)
        report.measure(
            f"(a) submits/s vs the durable commit rate, {target.name}, {top} connections",
            f"{load.rps:,.0f} submits/s",
            f"{rates[limit]:,.0f} commits/s",
            load.rps / rates[limit],
            ">= 5",
            load.rps / rates[limit] >= 5 and load.failed == 0,
        )
    load = lite.load(top)
    report.measure(
        f"(a) submit throughput vs bare Flask, SQLite, {top} connections",
        f"{load.rps:,.0f} req/s",
        f"{hellos[top].rps:,.0f} req/s",
        load.rps / hellos[top].rps,
        ">= 0.2",
        load.rps / hellos[top].rps >= 0.2 and load.failed == 0,
    )
    for target in (lite, pg_one, pg_two):
        load = target.load(top)
        report.measure(
            f"(a) submit latency p99, {target.name}, {top} connections",
            f"{load.p99_ms:.1f} ms (p50 {load.p50_ms:.1f})",
            f"{hellos[top].p99_ms:.1f} ms (p50 {hellos[top].p50_ms:.1f})",
            load.p99_ms / hellos[top].p99_ms,
            "<= 50 ms",
            load.p99_ms <= 50 and load.failed == 0,
        )
    report.sections += [
        "## Submits against the disk's limit",
        "",
        f"Medians of {len(durable['SQLite'])} rounds. *of hello*: against bare Flask at the same"
        " number of connections. *÷ durable commit rate*: submits/s over the commits/s of one"
        " connection committing in a loop on the same database and disk (above 1, answers"
        " share fsyncs). *answers per fsync*: answers stored over fsync calls counted during"
        " the runs"
        + (
            " (SQLite: the servers' own fsync/fdatasync calls, counted with `perf`;"
            if counted
            else " (SQLite: not counted, perf could not trace syscalls here;"
        )
        + " PostgreSQL: pg_stat_wal.wal_sync of the whole server, so any other database's"
        " writes meanwhile lower it).",
        "",
        *table(targets[:3], hellos, rates),
        "",
    ]
    for note in pg_notes(targets[:3]):
        report.note(note)


def measure_pages(report: Report, targets: list[Target], hellos, args) -> None:
    for target in targets[:2]:
        page = question_page_load(target.app, target.servers[0], args, 8)
        ratio = page.rps / hellos[8].rps
        report.measure(
            f"question page (GET, rendered, nothing stored) vs bare Flask, {target.name}, 8"
            " connections",
            f"{page.rps:,.0f} req/s (p50 {page.p50_ms:.1f}, p99 {page.p99_ms:.1f} ms)",
            f"{hellos[8].rps:,.0f} req/s",
            ratio,
            ">= 0.3",
            ratio >= 0.3 and page.failed == 0,
        )


def measure_b_c_e(report: Report, targets: list[Target], class_id: int, args) -> None:
    small, big = targets[1].load(8), targets[3].load(8)
    report.measure(
        f"(b) submit latency p50 with {args.answers:,} answers stored vs 1,000 (PostgreSQL,"
        " 8 connections)",
        f"{big.p50_ms:.1f} ms (p99 {big.p99_ms:.1f})",
        f"{small.p50_ms:.1f} ms (p99 {small.p99_ms:.1f})",
        big.p50_ms / small.p50_ms,
        "<= 1.2",
        big.p50_ms / small.p50_ms <= 1.2 and big.failed == 0,
    )
    big_target = targets[3]
    page, raw, size = item_analysis(big_target.app, big_target.servers[0], class_id, args.repeat)
    report.measure(
        f"(c) item analysis page over {args.answers:,} answers vs raw SQL sums (PostgreSQL)",
        f"{page * 1000:,.0f} ms",
        f"{raw * 1000:,.0f} ms",
        page / raw,
        "<= 2",
        page / raw <= 2,
    )
    report.note(f"Item analysis page: {size:,} bytes of HTML; times are medians of {args.repeat}.")
    compressed, plain, items = wire_bytes(targets[1].servers[0], targets[1].app)
    report.measure(
        "(e) bytes on the wire, cold question page with its CSS, JS and icon",
        f"{compressed / 1024:.1f} KB",
        f"{plain / 1024:.1f} KB uncompressed",
        compressed / plain,
        "<= 30 KB",
        compressed <= 30 * 1024,
    )
    report.note(
        "Bytes per resource (compressed / uncompressed, headers included): "
        + "; ".join(f"`{p}` {c:,} / {u:,}" for p, c, u in items)
        + "."
    )


def seed(report: Report, targets: list[Target], args) -> int:
    for target in (targets[0], targets[1], targets[3]):
        seed_answers(target.app, 1_000, class_name="small")
    started = time.perf_counter()
    class_id = seed_answers(targets[3].app, args.answers, class_name="big")
    report.note(
        f"Stored {args.answers:,} answers (one finished attempt of {args.answers // 20:,} class"
        f" members) in {time.perf_counter() - started:.0f} s, besides the 1,000 of the others."
    )
    return class_id


def measure_imports(report: Report, workdir: Path, urls: dict, args) -> None:
    for name in ("SQLite", "PostgreSQL"):
        url = f"sqlite:///{workdir / 'import.sqlite3'}" if name == "SQLite" else urls[name]
        total, load, store, baseline_import, size = import_bank(workdir, url, args.repeat)
        report.measure(
            f"(d) import a 10,000-question bank ({size / 1e6:.1f} MB), {name}",
            f"{total:.2f} s (check {load:.2f} + store {store:.2f})",
            f"{baseline_import:.2f} s yaml.load",
            total / baseline_import,
            "<= 3",
            total / baseline_import <= 3,
        )


def main() -> None:
    args = parse_args()
    report = Report(dt.datetime.now(dt.UTC), machine_info())
    workdir = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
    questions = workdir / "questions"
    write_answer_bank(questions)
    report.note(
        f"Servers: `quizapp serve` as in production, {WORKERS} gthread workers of {THREADS}"
        f" threads each, on 127.0.0.1; the bare Flask hello under the same gunicorn settings;"
        f" wrk -t{args.threads} -d{args.duration}s at {' and '.join(map(str, LEVELS))}"
        " connections (two instances: one wrk each, the connections and threads shared out;"
        " their latency is the worse of the two). Submits are htmx POSTs (grade, store,"
        " return the feedback fragment), each to a question not answered yet, CSRF token"
        f" included. Throughput and latency are medians of {args.rounds} rounds; in each round"
        " the durable commit rates, the baseline and every server are measured one after the"
        " other, so that a neighbour's load falls on all of them alike."
    )
    urls = {
        "SQLite": f"sqlite:///{workdir / 'SQLite' / 'bench.sqlite3'}",
        "PostgreSQL": fresh_pg(f"quizapp_bench_small_{os.getpid()}"),
        "PostgreSQL, 1M": fresh_pg(f"quizapp_bench_big_{os.getpid()}"),
    }
    (workdir / "SQLite").mkdir()
    servers = [hello_server(workdir)]
    targets: list[Target] = []
    try:
        targets = start_targets(workdir, urls, questions, servers)
        class_id = seed(report, targets, args)
        started = time.perf_counter()
        lines = prepare_rounds(targets, workdir, args)
        print(f"prepared {lines:,} answers in {time.perf_counter() - started:.0f} s")
        hellos, measured = measure_rounds(targets, servers[0], workdir, args)
        report_limit(report, targets, hellos, measured, args.commit_seconds)
        measure_pages(report, targets, hellos, args)
        measure_b_c_e(report, targets, class_id, args)
    finally:
        for server in servers:
            server.stop()
        for target in targets:
            target.app and dispose(target.app)
    try:
        measure_imports(report, workdir, urls, args)
    finally:
        for name, url in urls.items():
            if name != "SQLite":
                drop_pg(url)
    profile = profile_submits(args.submits)
    report.sections += profile_markdown(profile)
    report.machine["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    write(report, args.output)
    shutil.rmtree(workdir, ignore_errors=True)


def dispose(app) -> None:
    from quizapp.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def write(report: Report, output: Path) -> None:
    text = report.markdown()
    # Keep the section benchmarks/live_fanout.py writes: it is measured by its own script.
    from .live_fanout import END, START

    old = output.read_text() if output.exists() else ""
    if START in old and END in old:
        section = START + old.split(START, 1)[1].split(END, 1)[0] + END + "\n"
        text = text.rstrip("\n") + "\n\n" + section
    output.write_text(text)
    print(f"Wrote {output}")


if __name__ == "__main__":
    main()
