"""Measure a live session's fan-out and record it in benchmarks/RESULTS.md.

Two `quizapp serve` instances share a PostgreSQL database on loopback; 300, then 1,000
phones join one session (alternating instances), each holding an event stream open.
The teacher runs two questions. Measured: the time from pressing Reveal to each phone's
receipt of its panel (p50, p99), the memory the instances' processes gained per
connected phone, and the answers acknowledged per second while a question is open.

    .venv/bin/python -m benchmarks.live_fanout [--phones 300 1000]

It uses PostgreSQL at QUIZAPP_TEST_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test)
and the test suite's server helpers; the servers die with the script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QUIZAPP_TEST_DB", "postgresql")

from werkzeug.security import generate_password_hash  # noqa: E402

from tests.helpers.app import PASSWORD  # noqa: E402
from tests.load.live_driver import Phone, Streams, Teacher, percentile, play, pool_run  # noqa: E402
from tests.load.server import Database, Instance, write_bank  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
START = "<!-- live fan-out: written by benchmarks/live_fanout.py -->"
END = "<!-- end of live fan-out -->"
QUESTIONS = 2
ANSWER_THREADS = 32


def group_rss_kb(pgid: int) -> int:
    """Resident memory of every process in a process group (gunicorn master and workers)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match.group(1)) if match else 0
    return total


def measure(phones_count: int, workdir: Path) -> dict:
    database = Database(workdir, f"fanout{phones_count}", postgresql=True)
    database.create_schema(workdir)
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            'INSERT INTO "user" (display_name, username, password_hash, role, extra_time,'
            " created_at) VALUES ('Ms Teacher', 'teacher1', %(hash)s, 'teacher', 1.0, now())",
            {"hash": generate_password_hash(PASSWORD)},
        )
    questions = workdir / "questions"
    write_bank(questions, QUESTIONS)
    # Threads for the streams however the kernel spreads them over 2 workers per instance;
    # small pools: streams hold no connection while they wait.
    threads = str(max(100, phones_count // 2))
    env = {
        "QUIZAPP_THREADS": threads,
        "QUIZAPP_WORKERS": "2",
        "QUIZAPP_DB_POOL_SIZE": "4",
        "QUIZAPP_DB_MAX_OVERFLOW": "6",
    }
    instances = [Instance(workdir / name, database.url, questions, **env).start() for name in "ab"]
    streams = None
    try:
        for instance in instances:
            instance.wait_ready()
        teacher = Teacher(instances[0].port)
        teacher.sign_in("teacher1", PASSWORD)
        live_id = teacher.open_session("load", seconds=120)
        pin = database.scalar("SELECT pin FROM live_session WHERE id = :id", id=live_id)
        ports = [instance.port for instance in instances]
        phones = [Phone(ports[i % 2], f"Phone {i}") for i in range(phones_count)]
        errors = pool_run(lambda phone: phone.join(pin), phones, 16)
        if errors:
            raise SystemExit(f"joins failed: {errors[:5]}")
        time.sleep(1)
        before = sum(group_rss_kb(instance.process.pid) for instance in instances)
        streams = Streams(phones, pin)
        missing = streams.wait_all(phones, "lobby..-1.0", 60)
        if missing:
            raise SystemExit(f"{len(missing)} streams never opened: {streams.errors[:5]}")
        time.sleep(1)
        after = sum(group_rss_kb(instance.process.pid) for instance in instances)
        rounds = play(
            teacher, live_id, pin, phones, streams, QUESTIONS, threads=ANSWER_THREADS, timeout=60
        )
        teacher.act(live_id, "end")
        stored = database.scalar("SELECT count(*) FROM live_answer")
    finally:
        if streams is not None:
            streams.close()
        for instance in instances:
            instance.stop()
        database.close()
    latencies = [value for one in rounds for value in one.reveal_latencies]
    return {
        "phones": phones_count,
        "threads": threads,
        "p50": 1000 * statistics.median(latencies),
        "p99": 1000 * percentile(latencies, 0.99),
        "max": 1000 * max(latencies),
        "missed": sum(one.missing_reveals for one in rounds),
        "kb_per_phone": (after - before) / phones_count,
        "answers_per_s": statistics.mean(one.acknowledged / one.answer_seconds for one in rounds),
        "acknowledged": sum(one.acknowledged for one in rounds),
        "stored": stored,
        "stream_errors": len(streams.errors) if streams else 0,
    }


def markdown(results: list[dict], started: dt.datetime, load: tuple[str, str]) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    lines = [
        START,
        "## Live sessions: fan-out of events",
        "",
        f"Run on {started:%Y-%m-%d %H:%M} UTC by `benchmarks/live_fanout.py`"
        f" (`.venv/bin/python -m benchmarks.live_fanout`): {cpu}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, {platform.system()} {platform.release()};"
        f" load average {load[0]} at the start, {load[1]} at the end (the machine is shared).",
        "",
        "Two `quizapp serve` instances (2 gthread workers each) share PostgreSQL on loopback;"
        " the phones join one session alternately on each instance and hold an event stream"
        " open (events cross instances through PostgreSQL NOTIFY). The teacher runs"
        f" {QUESTIONS} questions; each phone answers each ({ANSWER_THREADS} client threads)."
        " Reveal to receipt is timed from the moment the teacher's Reveal request is sent to"
        " the arrival of each phone's new panel; memory is the instances' resident memory"
        " gained when the streams opened, per phone.",
        "",
        "| phones | threads per worker | Reveal -> receipt p50 / p99 (max) | target p99"
        " | memory per connected phone | answers acknowledged/s | answers stored |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        met = "met" if r["p99"] <= 500 else "**not met**"
        lines.append(
            f"| {r['phones']:,} | {r['threads']} | {r['p50']:.0f} / {r['p99']:.0f} ms"
            f" ({r['max']:.0f}) | <= 500 ms ({met}) | {r['kb_per_phone']:.0f} KB"
            f" | {r['answers_per_s']:.0f} | {r['stored']:,} of {r['acknowledged']:,}"
            f" acknowledged, reveals missed {r['missed']} |"
        )
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_section(section: str, path: Path = RESULTS) -> None:
    """Put the section into RESULTS.md, replacing an earlier one."""
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    started = dt.datetime.now(dt.UTC)
    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results = []
    for count in args.phones:
        with tempfile.TemporaryDirectory(prefix="quizapp-fanout-") as work:
            result = measure(count, Path(work))
        print(result, flush=True)
        results.append(result)
    load_end = " ".join(f"{x:.2f}" for x in os.getloadavg())
    write_section(markdown(results, started, (load_start, load_end)), args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
