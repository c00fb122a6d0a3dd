"""Events of live sessions, fanned out to every open event stream on every app instance.

A change (a join, an answer, Reveal) is published as `<session id> <kind> <version>`; each process
keeps its own subscribers (one per open event stream) and wakes those of that session.
Between processes the events travel through PostgreSQL's LISTEN/NOTIFY: every process
that has subscribers holds one listening connection. On SQLite, a single process, they
stay in memory. Events carry no content: a woken stream reads what to show from the
database, so a lost event costs at most a late update, never a wrong one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict

from sqlalchemy import event, text

log = logging.getLogger(__name__)

CHANNEL = "quizapp_live"
KINDS = ("state", "count", "people")
# Kinds a stream gets when its process lost contact with the others: look again at all.
RESYNC = frozenset(KINDS)


class Subscription:
    """One event stream's mailbox: the kinds of change seen since it last looked."""

    def __init__(self, hub: Hub, session_id: int, kinds: frozenset[str]) -> None:
        self.hub = hub
        self.session_id = session_id
        self.kinds = kinds
        self._pending: set[str] = set()
        self._ready = threading.Condition()
        self.version = 0  # the session's latest version announced; 0 when unknown

    def notify(self, kinds: set[str] | frozenset[str], version: int = 0) -> None:
        wanted = self.kinds & kinds
        if wanted:
            with self._ready:
                self._pending |= wanted
                self.version = max(self.version, version) if version else 0
                self._ready.notify()

    def wait(self, timeout: float) -> set[str]:
        """The kinds of change since the last call, waiting up to `timeout` for one.

        Changes that come in quick succession (300 answers) are merged into one wake-up.
        """
        with self._ready:
            if not self._pending:
                self._ready.wait(timeout)
            pending, self._pending = self._pending, set()
        return pending

    def close(self) -> None:
        self.hub.unsubscribe(self)

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Hub:
    """The subscribers of this process, by session; brokers deliver events to it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_session: dict[int, set[Subscription]] = defaultdict(set)

    def subscribe(self, session_id: int, kinds=KINDS) -> Subscription:
        subscription = Subscription(self, session_id, frozenset(kinds))
        with self._lock:
            self._by_session[session_id].add(subscription)
        self._subscribed()
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            subscribers = self._by_session.get(subscription.session_id)
            if subscribers is not None:
                subscribers.discard(subscription)
                if not subscribers:
                    del self._by_session[subscription.session_id]

    def count(self) -> int:
        with self._lock:
            return sum(len(s) for s in self._by_session.values())

    def deliver(self, session_id: int, kinds: set[str] | frozenset[str], version: int = 0) -> None:
        with self._lock:
            subscribers = list(self._by_session.get(session_id, ()))
        for subscription in subscribers:
            subscription.notify(kinds, version)

    def deliver_all(self, kinds: frozenset[str]) -> None:
        with self._lock:
            subscribers = [s for group in self._by_session.values() for s in group]
        for subscription in subscribers:
            subscription.notify(kinds)

    def _subscribed(self) -> None:
        """Hook: a broker starts listening when the first stream subscribes."""

    def close(self) -> None:
        """Hook: stop what the broker runs in the background."""


class MemoryBroker(Hub):
    """One process: events go straight to this process's subscribers (SQLite, tests)."""

    name = "memory"

    def publish(self, session, session_id: int, kind: str, version: int = 0) -> None:
        """Deliver once `session` commits the change (nothing if it rolls back)."""
        event.listen(
            session,
            "after_commit",
            lambda _session: self.deliver(session_id, {kind}, version),
            once=True,
        )


class PostgresBroker(Hub):
    """Events through PostgreSQL NOTIFY; one listening connection per process, while needed."""

    name = "postgresql"
    IDLE_SECONDS = 10.0  # stop listening this long after the last stream closed

    def __init__(self, conninfo: str) -> None:
        super().__init__()
        self.conninfo = conninfo
        self._thread: threading.Thread | None = None
        self._thread_lock = threading.Lock()
        self._listening = threading.Event()
        self._closed = threading.Event()

    def publish(self, session, session_id: int, kind: str, version: int = 0) -> None:
        """NOTIFY in `session`'s transaction: PostgreSQL sends it when, and if, it commits."""
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": f"{session_id} {kind} {version}"},
        )

    def _subscribed(self) -> None:
        with self._thread_lock:
            if self._thread is None or not self._thread.is_alive():
                self._listening.clear()
                self._thread = threading.Thread(
                    target=self._listen, name="quizapp-live-listener", daemon=True
                )
                self._thread.start()
        # A stream that subscribes must not miss an event published right after.
        self._listening.wait(timeout=5)

    def _listen(self) -> None:
        import psycopg

        idle_since: float | None = None
        failures = 0
        while True:
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    if failures:
                        # Events may have gone by while the connection was down.
                        self.deliver_all(RESYNC)
                    failures = 0
                    while not self._closed.is_set():
                        for note in connection.notifies(timeout=1.0):
                            self._dispatch(note.payload)
                        if self.count():
                            idle_since = None
                        elif idle_since is None:
                            idle_since = time.monotonic()
                        elif time.monotonic() - idle_since > self.IDLE_SECONDS:
                            with self._thread_lock:
                                if not self.count():
                                    self._thread = None
                                    return
                    return
            except Exception:  # the database restarted or the network dropped: retry
                if self._closed.is_set():
                    return
                failures += 1
                log.warning("live events: lost the PostgreSQL listener; retrying", exc_info=True)
                self._listening.set()
                time.sleep(min(5.0, 0.2 * failures))

    def close(self) -> None:
        """Stop listening (the app is going away); streams still open get no more events."""
        self._closed.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=5)

    def _dispatch(self, payload: str) -> None:
        session_id, kind, version = ([*payload.split(" "), "", ""])[:3]
        if session_id.isdigit() and kind in KINDS:
            self.deliver(int(session_id), {kind}, int(version) if version.isdigit() else 0)


def broker_for(database_url: str, choice: str = "auto") -> MemoryBroker | PostgresBroker:
    """PostgreSQL's NOTIFY when the database is PostgreSQL (or asked for), else memory."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    use_pg = choice == "postgresql" or (choice == "auto" and url.get_backend_name() == "postgresql")
    if not use_pg:
        return MemoryBroker()
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return PostgresBroker(conninfo)
