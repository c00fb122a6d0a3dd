"""Submits against the disk's limit: each database set-up under load at some numbers of
connections, with the answers stored and the durable commits (fsyncs) counted per run."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from .durable import SyncCounter, child_pids, pg_stats
from .wrkload import Load, median_load, submits


@dataclass
class Run:
    load: Load
    answers: int  # new answers stored during the run
    syncs: int | None  # fsyncs: of the servers (SQLite), of the whole server (PostgreSQL)
    commits: int | None = None  # PostgreSQL: transactions committed in the database
    others: int | None = None  # PostgreSQL: transactions of other databases meanwhile


@dataclass
class Target:
    """A database set-up under measure: its servers, and an app in this process on the
    same database to prepare answers and count them."""

    name: str
    url: str
    servers: list  # benchmarks.run.Server
    app: object
    levels: tuple[int, ...]
    requests: dict[tuple[int, int], list[Path]] = field(default_factory=dict)
    runs: dict[int, list[Run]] = field(default_factory=dict)

    @property
    def postgres(self) -> bool:
        return self.url.startswith("postgresql")

    def measure(self, args, connections: int, round_number: int, count_syncs: bool) -> Run:
        files = self.requests[(connections, round_number)]
        ports = [server.port for server in self.servers]
        before = stored_answers(self.app)
        if self.postgres:
            stats = pg_stats(self.url)
            load = submits(ports, files, args, connections=connections)
            settle(load)
            after = stored_answers(self.app)
            delta = pg_stats(self.url) - stats
            run = Run(load, after - before, delta.wal_syncs, delta.commits, delta.others)
        else:
            pids = [pid for server in self.servers for pid in child_pids(server.process.pid)]
            counter = SyncCounter(pids) if count_syncs else None
            load = submits(ports, files, args, connections=connections)
            settle(load)
            syncs = counter.stop() if counter else None
            run = Run(load, stored_answers(self.app) - before, syncs)
        self.runs.setdefault(connections, []).append(run)
        return run

    def load(self, connections: int) -> Load:
        return median_load([run.load for run in self.runs[connections]])

    def per_sync(self, connections: int) -> float | None:
        runs = self.runs[connections]
        if any(run.syncs is None for run in runs):
            return None
        syncs = sum(run.syncs for run in runs)
        return sum(run.answers for run in runs) / syncs if syncs else None


def settle(load: Load) -> None:
    """Let the requests wrk left in flight at its end finish (the server still stores
    them), so that answers and fsyncs are counted over the same requests."""
    time.sleep(min(5.0, max(0.5, 3 * load.p99_ms / 1000)))


def stored_answers(app) -> int:
    import sqlalchemy

    from quizapp.extensions import db

    with app.app_context():
        count = db.session.scalar(sqlalchemy.text("SELECT count(*) FROM answer"))
        db.session.remove()
    return count


def rate_of(rates: list[float]) -> float:
    return statistics.median(rates)


def table(targets: list[Target], hello: dict[int, Load], durable: dict[str, float]) -> list[str]:
    """The submit runs as a Markdown table, each against hello and the disk's limit."""
    out = [
        "| database | connections | submits/s | p50 / p99 | failed | of hello"
        " | ÷ durable commit rate | answers per fsync (measured) | answers stored |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for target in targets:
        limit = durable["PostgreSQL" if target.postgres else "SQLite"]
        for connections in target.levels:
            load = target.load(connections)
            runs = target.runs[connections]
            per_sync = target.per_sync(connections)
            answers = sum(run.answers for run in runs)
            wrapped = f" ({load.wrapped} re-posts)" if load.wrapped else ""
            out.append(
                f"| {target.name} | {connections} | {load.rps:,.0f} |"
                f" {load.p50_ms:.1f} / {load.p99_ms:.1f} ms | {load.failed} of {load.requests}"
                f"{wrapped} | {load.rps / hello[connections].rps:.2f} | {load.rps / limit:.2f} |"
                f" {'n/a' if per_sync is None else f'{per_sync:.2f}'} | {answers:,} |"
            )
    return out


def pg_notes(targets: list[Target]) -> list[str]:
    """What PostgreSQL's counters said, with the other databases' traffic beside them."""
    notes = []
    for target in targets:
        if not target.postgres:
            continue
        for connections in target.levels:
            runs = target.runs[connections]
            answers = sum(run.answers for run in runs)
            commits = sum(run.commits for run in runs)
            syncs = sum(run.syncs for run in runs)
            others = sum(run.others for run in runs)
            notes.append(
                f"{target.name}, {connections} connections: {answers:,} answers stored,"
                f" {commits:,} transactions committed in its database (read-only ones"
                f" included), {syncs:,} WAL fsyncs by the whole server (pg_stat_wal.wal_sync),"
                f" while the server's other databases committed {others:,} transactions."
            )
    return notes
