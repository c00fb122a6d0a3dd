"""Server-sent events: phones and the projector hear of changes (memory or PostgreSQL)."""

from __future__ import annotations

import queue
import threading

import pytest

from quizapp.live.broker import MemoryBroker, PostgresBroker, broker_for

from ..helpers.app import dispose, login_as, make_app, make_user, pg_backend, prepare
from .helpers import act, answer, join, open_session

OPEN: list[Stream] = []


@pytest.fixture(autouse=True)
def quick_keepalive(monkeypatch, app):
    """Streams write a keep-alive often, so a closed test stream ends at once; every
    stream a test opened is closed before its app goes."""
    from quizapp.live import routes_stream

    monkeypatch.setattr(routes_stream, "KEEPALIVE_SECONDS", 0.2)
    yield
    while OPEN:
        OPEN.pop().close()


class Stream:
    """Read an event stream in a thread of its own, as a browser would, one event at a time.

    Its own thread: a streaming response keeps its request context pushed while it waits,
    and other requests made from the test's thread would otherwise share its `g`.
    """

    def __init__(self, client, url: str, **kwargs) -> None:
        self.events: queue.Queue = queue.Queue()
        self.status: queue.Queue = queue.Queue()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._read, args=(client, url, kwargs), daemon=True)
        self.thread.start()
        OPEN.append(self)
        self.response_status, self.mimetype = self.status.get(timeout=10)

    def _read(self, client, url, kwargs) -> None:
        response = client.get(url, **kwargs)
        self.status.put((response.status_code, response.mimetype))
        if response.status_code != 200:
            return
        for chunk in response.response:
            text = chunk.decode() if isinstance(chunk, bytes) else chunk
            if self.stopped.is_set():
                break
            if text.startswith(("retry:", ":")):
                continue
            lines = text.strip("\n").split("\n")
            name = next(line[7:] for line in lines if line.startswith("event: "))
            data = "\n".join(line[6:] for line in lines if line.startswith("data: "))
            self.events.put((name, data))
        response.close()

    def next(self, timeout: float = 10):
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        if self in OPEN:
            OPEN.remove(self)
        self.stopped.set()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()


def test_the_broker_follows_the_database(app):
    expected = PostgresBroker if pg_backend() else MemoryBroker
    assert isinstance(app.extensions["live_broker"], expected)
    assert isinstance(broker_for("sqlite:///x.db"), MemoryBroker)
    assert isinstance(broker_for("postgresql+psycopg://u@h/db"), PostgresBroker)
    assert isinstance(broker_for("postgresql+psycopg://u@h/db", "memory"), MemoryBroker)


def test_a_phone_gets_each_new_question_and_the_reveal(app, teacher):
    live = open_session(app, teacher[0])
    ada = app.test_client()
    join(ada, live.pin, "Ada")
    stream = Stream(ada, f"/live/{live.pin}/events")
    assert stream.mimetype == "text/event-stream"
    name, data = stream.next()  # the panel as it is now
    assert name == "panel" and "Wait for the teacher" in data
    act(teacher[0], live.id, "start")
    name, data = stream.next()
    assert name == "panel" and "Which city is the capital of France?" in data
    assert "<html" not in data and 'id="live-panel"' in data
    answer(ada, live.pin, {"answer": "0"})
    act(teacher[0], live.id, "reveal")
    name, data = stream.next()
    assert "Correct" in data and "Paris has been the capital" in data
    act(teacher[0], live.id, "end")
    name, data = stream.next()
    assert name == "panel" and "That was the last question" in data
    assert stream.next()[0] == "close"  # htmx closes the stream instead of reconnecting
    stream.close()


def test_the_projector_sees_joins_and_answers_come_in(app, teacher):
    live = open_session(app, teacher[0])
    stream = Stream(teacher[0], f"/live/host/{live.id}/events")
    ada = app.test_client()
    join(ada, live.pin, "Ada")
    name, data = stream.next()
    assert name == "people" and "Ada" in data and "1 joined" in data
    act(teacher[0], live.id, "start")
    name, data = stream.next()
    assert name == "panel" and "0</strong> of 1 answered" in data
    assert stream.next()[0] == "people"  # the list comes along with every change of state
    answer(ada, live.pin, {"answer": "1"})
    name, data = stream.next()
    assert name == "count" and data.startswith('<span id="answer-count"><strong>1</strong> of 1')
    stream.close()


def test_phones_are_not_sent_changes_they_do_not_show(app, teacher):
    """Another student's removal must not wipe an answer being typed."""
    live = open_session(app, teacher[0])
    ada, ben = app.test_client(), app.test_client()
    join(ada, live.pin, "Ada")
    join(ben, live.pin, "Ben")
    act(teacher[0], live.id, "start")
    stream = Stream(ada, f"/live/{live.pin}/events", headers={"Last-Event-ID": "question..0.0"})
    teacher[0].post(f"/live/host/{live.id}/participants/2/remove")
    act(teacher[0], live.id, "reveal")
    name, data = stream.next()  # the first event is the reveal, not the removal
    assert "Right answer:" in data
    stream.close()


def test_a_new_database_is_never_shown_an_earlier_ones_sessions(app, teacher, tmp_path, pg_url):
    """Session ids and versions start again in a new database (each test's, or a restored
    one): the stages shared by event streams belong to one app, not to the process."""
    from quizapp.live.stage import shared_stage
    from quizapp.web.clock import now

    first = open_session(app, teacher[0])
    act(teacher[0], first.id, "start")
    act(teacher[0], first.id, "end")
    with app.test_request_context():
        ended = shared_stage(first.id, now())
    assert ended.state == "ended"

    second_app = make_app(tmp_path / "second", pg_url)
    prepare(second_app)  # on PostgreSQL: the same database, emptied, its ids restarted
    try:
        second_teacher = second_app.test_client()
        login_as(second_teacher, make_user(second_app, "teacher2", role="teacher"))
        second = open_session(second_app, second_teacher)
        act(second_teacher, second.id, "start")
        act(second_teacher, second.id, "reveal")
        with second_app.test_request_context():
            stage = shared_stage(second.id, now())
        assert (second.id, stage.version) == (first.id, ended.version)  # the first's key
        assert stage.state == "revealed"
    finally:
        dispose(second_app)


def test_event_streams_need_a_participant(app, teacher):
    live = open_session(app, teacher[0])
    assert Stream(app.test_client(), f"/live/{live.pin}/events").response_status == 404
    assert Stream(app.test_client(), f"/live/host/{live.id}/events").response_status == 403


def test_streams_beyond_the_limit_are_turned_away(app, teacher):
    """A worker keeps threads free for answers: one stream too many gets 503, not a thread."""
    app.config["LIVE_MAX_STREAMS"] = 1
    live = open_session(app, teacher[0])
    ada, ben = app.test_client(), app.test_client()
    join(ada, live.pin, "Ada")
    join(ben, live.pin, "Ben")
    first = Stream(ada, f"/live/{live.pin}/events")
    assert first.response_status == 200
    assert first.next()[0] == "panel"
    assert Stream(ben, f"/live/{live.pin}/events").response_status == 503
