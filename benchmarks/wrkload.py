"""wrk runs: throughput, latency percentiles and failures, one server or several at once."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

SUBMIT_SCRIPT = Path(__file__).resolve().parent / "submit.lua"


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int
    wrapped: int = 0  # prepared answers run out: requests that posted an answer again

    def row(self) -> str:
        return f"{self.rps:,.0f} req/s, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms"


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def _command(url: str, threads: int, connections: int, duration: int, cookie: str, script):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s"]
    command += ["--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: session={cookie}"]
    if script is not None:
        command += ["-s", str(script)]
    return command + [url]


def parse(output: str) -> Load:
    latency = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)", output, re.M))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    wrapped = re.search(r"^Wrapped: (\d+)", output, re.M)
    return Load(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        failed=(int(failed.group(1)) if failed else 0)
        + (sum(int(n) for n in errors.groups()) if errors else 0),
        wrapped=int(wrapped.group(1)) if wrapped else 0,
    )


def wrk(url: str, args, *, connections: int, cookie: str = "") -> Load:
    """GET `url` from `connections` connections for args.duration seconds."""
    command = _command(url, args.threads, connections, args.duration, cookie, None)
    return parse(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def submits(ports: list[int], files: list[Path], args, *, connections: int) -> Load:
    """POST prepared answers to one server or several at once (a wrk each, the connections
    shared out; file i to port i). Throughput adds up; the latency reported is the worse
    of the servers' percentiles (wrk reports no distribution to merge)."""
    share = max(1, connections // len(ports))
    threads = max(1, args.threads // len(ports))
    processes = []
    for port, path in zip(ports, files, strict=True):
        env = {
            **os.environ,
            "QUIZAPP_BENCH_REQUESTS": str(path),
            "QUIZAPP_BENCH_THREADS": str(threads),
        }
        command = _command(
            f"http://127.0.0.1:{port}", threads, share, args.duration, "", SUBMIT_SCRIPT
        )
        processes.append(
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        )
    loads = []
    for process in processes:
        out, err = process.communicate(timeout=args.duration + 120)
        if process.returncode != 0:
            raise RuntimeError(f"wrk failed: {err.decode()[-2000:]}")
        loads.append(parse(out.decode()))
    return Load(
        rps=sum(load.rps for load in loads),
        p50_ms=max(load.p50_ms for load in loads),
        p99_ms=max(load.p99_ms for load in loads),
        requests=sum(load.requests for load in loads),
        failed=sum(load.failed for load in loads),
        wrapped=sum(load.wrapped for load in loads),
    )


def median_load(loads: list[Load]) -> Load:
    return Load(
        rps=statistics.median(load.rps for load in loads),
        p50_ms=statistics.median(load.p50_ms for load in loads),
        p99_ms=statistics.median(load.p99_ms for load in loads),
        requests=sum(load.requests for load in loads),
        failed=sum(load.failed for load in loads),
        wrapped=sum(load.wrapped for load in loads),
    )
