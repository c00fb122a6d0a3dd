"""Where the CPU of a submit goes: the app in this process (Flask's test client, no server),
on a SQLite file, answering prepared questions one after the other.

    .venv/bin/python -m benchmarks.profile_submit [--submits 500]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .banks import write_answer_bank
from .submits import prepare_submits

SECRET = "profile-secret-" + "p" * 32
HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"}

# Where a function's own time is counted, by the first match in its file name (or, for a
# built-in, in its name).
PACKAGES = [
    ("sqlalchemy", "sqlalchemy"),
    ("sqlite3", "sqlite3 (C)"),
    ("jinja2", "jinja2"),
    ("/templates/", "templates (compiled Jinja)"),
    ("markupsafe", "markupsafe"),
    ("werkzeug", "werkzeug"),
    ("flask_", "Flask extensions (WTF, Login, Limiter, SQLAlchemy)"),
    ("/flask/", "flask"),
    ("itsdangerous", "itsdangerous (session cookie)"),
    ("pydantic", "pydantic"),
    ("quizapp", "quizapp"),
    ("/python3.", "Python standard library"),
    ("~", "other built-ins"),
]


@dataclass
class Profile:
    submits: int
    cpu_ms: float  # per submit, without the profiler
    wall_ms: float
    packages: list[tuple[str, float]]  # own time per package, share of the total
    functions: list[tuple[str, float]]  # cumulative time per function, share of the total
    hello_ms: float = 0.0  # CPU per request of the bare Flask hello, in process too


def package_of(filename: str, name: str) -> str:
    for marker, package in PACKAGES:
        if marker in filename or (filename == "~" and marker in name):
            return package
    return "other"


def _lines(app, submits: int, folder: Path) -> list[tuple[str, str, str]]:
    path = folder / "profile.requests"
    prepare_submits(app, submits // 20 + 2, [path])
    return [tuple(line.split("\t")) for line in path.read_text().splitlines()]


def _post(client, line) -> None:
    target, cookie, body = line
    response = client.post(target, data=body, headers=HEADERS | {"Cookie": cookie})
    if response.status_code != 200:
        raise RuntimeError(f"POST {target} -> {response.status_code}")


def _app(folder: Path):
    from flask_migrate import upgrade

    from quizapp import create_app
    from quizapp.library.sync import sync_folder

    questions = folder / "questions"
    write_answer_bank(questions)
    app = create_app(
        {
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'profile.sqlite3'}",
            "QUESTIONS_DIR": str(questions),
            "BANK_RELOAD_INTERVAL": 0,
        }
    )
    with app.app_context():
        upgrade()
        sync_folder(questions)
    return app


def hello_cpu_ms(requests: int = 2000) -> float:
    """CPU per request of the bare Flask hello in the same test client: the floor."""
    from .hello import app

    client = app.test_client(use_cookies=False)
    for _ in range(100):
        client.get("/")
    cpu = time.process_time()
    for _ in range(requests):
        client.get("/")
    return 1000 * (time.process_time() - cpu) / requests


def profile_submits(submits: int = 500) -> Profile:
    """CPU per submit (process time, no profiler), then a profile of as many submits."""
    import logging

    logging.getLogger("alembic").setLevel(logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="quizapp-profile-"))
    app = _app(folder)
    lines = _lines(app, 2 * submits + 40, folder)
    client = app.test_client(use_cookies=False)
    for line in lines[:40]:  # warm-up: templates compiled, caches filled
        _post(client, line)
    timed, profiled = lines[40 : 40 + submits], lines[40 + submits : 40 + 2 * submits]
    cpu, wall = time.process_time(), time.perf_counter()
    for line in timed:
        _post(client, line)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    profiler = cProfile.Profile()
    profiler.enable()
    for line in profiled:
        _post(client, line)
    profiler.disable()
    profile = Profile(len(timed), 1000 * cpu / len(timed), 1000 * wall / len(timed), [], [])
    profile.packages, profile.functions = _shares(profiler)
    profile.hello_ms = hello_cpu_ms()
    _dispose(app)
    shutil.rmtree(folder, ignore_errors=True)
    return profile


def _dispose(app) -> None:
    from quizapp.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _shares(profiler) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    stats = pstats.Stats(profiler).stats
    total = sum(row[2] for row in stats.values())  # own time of every function
    packages: dict[str, float] = {}
    functions = []
    for (filename, line, name), (_, _, own, cumulative, _) in stats.items():
        package = package_of(filename, name)
        packages[package] = packages.get(package, 0.0) + own
        if "quizapp" in filename:
            short = filename.split("quizapp/", 1)[1]
            functions.append((f"{short}:{line} {name}", cumulative))
    by_package = sorted(((p, own / total) for p, own in packages.items()), key=lambda x: -x[1])
    top = sorted(functions, key=lambda x: -x[1])[:12]
    return by_package, [(name, cumulative / total) for name, cumulative in top]


def markdown(profile: Profile) -> list[str]:
    """The profile as a section of RESULTS.md."""
    out = [
        "## Where the CPU of a submit goes",
        "",
        f"In process (Flask's test client, no server, SQLite file), {profile.submits} submits"
        f" one after another: **{profile.cpu_ms:.2f} ms of CPU per submit**"
        f" ({profile.wall_ms:.2f} ms wall, the fsync included); the bare Flask hello takes"
        f" {profile.hello_ms:.2f} ms of CPU per request in the same test client, so a submit"
        f" costs {profile.cpu_ms / profile.hello_ms:.0f} hellos. Then as many submits again under"
        " cProfile (which slows the calls it counts; the shares are of the profiled time).",
        "",
        "| own time in | share | ms per submit |",
        "|---|---|---|",
    ]
    out += [
        f"| {package} | {share:.0%} | {share * profile.cpu_ms:.2f} |"
        for package, share in profile.packages
        if share >= 0.005
    ]
    out += [
        "",
        "The app's functions with the most time spent in them and in what they call"
        " (cumulative; nested ones overlap):",
        "",
        "| function | share | ms per submit |",
        "|---|---|---|",
    ]
    out += [
        f"| `{name}` | {share:.0%} | {share * profile.cpu_ms:.2f} |"
        for name, share in profile.functions
    ]
    return out + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submits", type=int, default=500)
    print("\n".join(markdown(profile_submits(parser.parse_args().submits))))


if __name__ == "__main__":
    main()
