"""Simulated students: threads speaking HTTP to loopback with http.client, no other packages.

Each student names themself, starts the load bank and answers every question through the
htmx form post, with the CSRF token read from the page it was given. An answer counts as
acknowledged when the server answers it with a 2xx. Requests that fail (connection refused
or reset, 5xx) are recorded as errors; with `retry` the student tries the same step again,
as a person pressing the button again would.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
ATTEMPT = re.compile(r"^/attempts/(\d+)/1$")


class Failed(Exception):
    """A request did not get the answer a working server gives."""


@dataclass
class Tally:
    """What happened across all students; shared by the threads under a lock."""

    acknowledged: list[tuple[int, int]] = field(default_factory=list)  # (attempt id, number)
    attempts: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ack(self, attempt_id: int, number: int) -> None:
        with self.lock:
            self.acknowledged.append((attempt_id, number))

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)

    def count(self) -> None:
        with self.lock:
            self.requests += 1


class Student:
    """One browser: a cookie jar, and the server it talks to (which may change)."""

    def __init__(self, name: str, servers: Sequence[int], tally: Tally, *, retry: float = 0):
        self.name = name
        self.servers = list(servers)
        self.tally = tally
        self.retry_for = retry  # seconds to keep retrying a failed step; 0: never
        self.cookie = ""
        self.rng = random.Random(name)

    def port(self, step: int) -> int:
        return self.servers[step % len(self.servers)]

    def request(self, port: int, method: str, path: str, form: dict | None = None, htmx=False):
        headers = {"Accept-Encoding": "identity"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        self.tally.count()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        if response.status >= 400:
            raise Failed(f"{method} {path} -> {response.status}")
        return response.status, response.getheader("Location"), data

    def step(self, action: Callable[[], object]):
        """Run one step; on failure record it and, when retrying, try again until it works."""
        deadline = time.monotonic() + self.retry_for
        while True:
            try:
                return action()
            except (OSError, http.client.HTTPException, Failed) as error:
                self.tally.error(f"{self.name}: {type(error).__name__}: {error}")
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.2)

    def csrf(self, port: int, path: str) -> str:
        status, _, page = self.request(port, "GET", path)
        match = CSRF.search(page)
        if status != 200 or match is None:
            raise Failed(f"GET {path} -> {status} without a CSRF token")
        return match.group(1)

    def run(self, questions: int) -> None:
        port = self.port(0)

        def name():
            token = self.csrf(port, "/learner")
            status, location, _ = self.request(
                port, "POST", "/learner", {"name": self.name, "csrf_token": token}
            )
            if status != 303:
                raise Failed(f"naming -> {status}")

        def start():
            token = self.csrf(port, "/banks/load")
            form = {"csrf_token": token, "mode": "practice", "tag": ""}
            status, location, _ = self.request(port, "POST", "/banks/load/attempts", form)
            match = ATTEMPT.match(urllib.parse.urlsplit(location or "").path)
            if status != 303 or match is None:
                raise Failed(f"start -> {status} {location}")
            return int(match.group(1))

        self.step(name)
        attempt_id = self.step(start)
        with self.tally.lock:
            self.tally.attempts.append(attempt_id)
        for number in range(1, questions + 1):
            # Spread a student's requests over every instance given.
            port = self.port(number)
            path = f"/attempts/{attempt_id}/{number}"

            def answer(port=port, path=path, number=number):
                token = self.csrf(port, path)
                value = self.rng.choice(["true", "false"] if number % 2 else ["0", "1", "2", "3"])
                status, _, page = self.request(
                    port, "POST", path, {"csrf_token": token, "answer": value}, htmx=True
                )
                if status != 200 or 'id="feedback"' not in page:
                    raise Failed(f"answer {path} -> {status}")

            self.step(answer)
            self.tally.ack(attempt_id, number)


def run_students(
    count: int,
    questions: int,
    servers: Sequence[int],
    *,
    threads: int = 16,
    retry: float = 0,
    tally: Tally | None = None,
) -> Tally:
    """Run `count` students over `threads` threads; return the tally once all have finished."""
    tally = tally or Tally()

    def one(index: int) -> None:
        turn = index % len(servers)
        rotated = list(servers[turn:]) + list(servers[:turn])
        student = Student(f"Student {index}", rotated, tally, retry=retry)
        # A student who gives up has recorded why in the tally already.
        with contextlib.suppress(OSError, http.client.HTTPException, Failed):
            student.run(questions)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, range(count)))
    return tally
