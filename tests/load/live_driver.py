"""A live session under load: a teacher and many phones, each with an open event stream.

Joins and answers go through http.client from a pool of threads, like driver.py's
students. The event streams are plain sockets read by one selector thread: a thousand
open streams cost the test process one thread, and each event's arrival is timed there.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import selectors
import socket
import statistics
import threading
import time
import urllib.parse
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .driver import CSRF, Failed

EVENT_ID = re.compile(rb"event: panel\nid: (\S+)\n")


class Browser:
    """A cookie jar speaking HTTP/1.1 to one app instance on loopback."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, form: dict | None = None, *, htmx=False):
        headers = {"Accept-Encoding": "identity"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrf_token": self.token}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        if response.status >= 400:
            raise Failed(f"{method} {path} -> {response.status}")
        match = CSRF.search(data)
        if match:
            self.token = match.group(1)
        return response.status, response.getheader("Location"), data


class Teacher(Browser):
    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/signin")
        status, _, _ = self.request("POST", "/signin", {"username": username, "password": password})
        if status != 303:
            raise Failed(f"sign in -> {status}")

    def open_session(self, slug: str, seconds: int = 60) -> int:
        self.request("GET", f"/live/new/{slug}")
        status, location, _ = self.request(
            "POST", f"/live/new/{slug}", {"seconds": str(seconds), "ranking": "y", "tag": ""}
        )
        if status != 303:
            raise Failed(f"open session -> {status}")
        return int(location.rsplit("/", 1)[1])

    def act(self, live_id: int, action: str) -> None:
        status, _, _ = self.request("POST", f"/live/host/{live_id}/{action}", {})
        if status != 303:
            raise Failed(f"{action} -> {status}")


class Phone(Browser):
    """A student's phone; `received` maps each panel key to when its event arrived."""

    def __init__(self, port: int, name: str) -> None:
        super().__init__(port)
        self.name = name
        self.received = {}

    def join(self, pin: str) -> None:
        self.request("GET", f"/live/{pin}")
        status, _, _ = self.request("POST", f"/live/{pin}/join", {"nickname": self.name})
        if status != 303:
            raise Failed(f"join -> {status}")

    def answer(self, pin: str, value: str) -> None:
        status, _, page = self.request("POST", f"/live/{pin}/answer", {"answer": value}, htmx=True)
        if status != 200 or "locked" not in page:
            raise Failed(f"answer -> {status}: {page[:200]}")


class Streams:
    """Every phone's event stream, open at once, read by one thread with a selector."""

    def __init__(self, phones: Sequence[Phone], pin: str) -> None:
        self.selector = selectors.DefaultSelector()
        self.lock = threading.Lock()
        self.closed = threading.Event()
        self.errors: list[str] = []
        for phone in phones:
            sock = socket.create_connection(("127.0.0.1", phone.port), timeout=30)
            request = (
                f"GET /live/{pin}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Cookie: {phone.cookie}\r\nAccept: text/event-stream\r\n\r\n"
            )
            sock.sendall(request.encode())
            sock.setblocking(False)
            self.selector.register(sock, selectors.EVENT_READ, [phone, b""])
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while not self.closed.is_set():
            for key, _ in self.selector.select(timeout=0.2):
                phone, buffer = key.data
                try:
                    chunk = key.fileobj.recv(65536)
                except BlockingIOError:
                    continue
                except OSError as error:
                    chunk = b""
                    self.errors.append(f"{phone.name}: {error}")
                now = time.monotonic()
                if not chunk:
                    self.selector.unregister(key.fileobj)
                    key.fileobj.close()
                    if not self.closed.is_set():
                        self.errors.append(f"{phone.name}: stream closed by the server")
                    continue
                buffer += chunk
                if b" 503 " in buffer[:20]:
                    self.errors.append(f"{phone.name}: 503")
                for match in EVENT_ID.finditer(buffer):
                    with self.lock:
                        phone.received.setdefault(match.group(1).decode(), now)
                # Keep only a tail, where an event cut in two by the network may be.
                key.data[1] = buffer[-200:]

    def wait_all(self, phones: Sequence[Phone], key: str, timeout: float) -> list[Phone]:
        """Wait until every phone got the panel `key`; return those that did not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                missing = [p for p in phones if key not in p.received]
            if not missing:
                return []
            time.sleep(0.01)
        return missing

    def close(self) -> None:
        self.closed.set()
        self.thread.join(timeout=5)
        for key in list(self.selector.get_map().values()):
            with contextlib.suppress(OSError):
                key.fileobj.close()
        self.selector.close()


def pool_run(work, items, threads: int = 16) -> list[str]:
    """Run work(item) over a pool of threads; return the failures as messages."""
    errors: list[str] = []

    def one(item):
        try:
            work(item)
        except (OSError, http.client.HTTPException, Failed) as error:
            errors.append(f"{type(error).__name__}: {error}")

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, items))
    return errors


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary_ms(values: Sequence[float]) -> str:
    return (
        f"p50 {1000 * statistics.median(values):.0f} ms, p99 {1000 * percentile(values, 0.99):.0f}"
        f" ms, max {1000 * max(values):.0f} ms"
    )


@dataclass
class Round:
    """One question: answers acknowledged, and reveal-to-receipt times per phone."""

    acknowledged: int
    answer_seconds: float
    reveal_latencies: list[float]
    missing_reveals: int


def play(
    teacher: Teacher,
    live_id: int,
    pin: str,
    phones,
    streams: Streams,
    questions: int,
    *,
    threads: int = 16,
    timeout: float = 30,
) -> list[Round]:
    """Start, and for each question: every phone answers, the teacher reveals, then next."""
    rounds = []
    for position in range(questions):
        teacher.act(live_id, "start" if position == 0 else "next")
        key = f"question..{position}.0"
        missing = streams.wait_all(phones, key, timeout)
        if missing:
            raise AssertionError(f"{len(missing)} phones never got question {position + 1}")
        values = ["true", "false"] if position % 2 == 0 else ["0", "1", "2", "3"]
        acknowledged = []
        started = time.monotonic()

        def answer(index_phone, position=position, values=values, acknowledged=acknowledged):
            index, phone = index_phone
            phone.answer(pin, values[index % len(values)])
            acknowledged.append(phone.name)

        errors = pool_run(answer, list(enumerate(phones)), threads)
        answer_seconds = time.monotonic() - started
        if errors:
            raise AssertionError(f"{len(errors)} answers failed: {errors[:5]}")
        revealed_at = time.monotonic()
        teacher.act(live_id, "reveal")
        key = f"revealed..{position}.0"
        missing = streams.wait_all(phones, key, timeout)
        latencies = [p.received[key] - revealed_at for p in phones if key in p.received]
        rounds.append(Round(len(acknowledged), answer_seconds, latencies, len(missing)))
    return rounds
