"""`quizapp serve` runs gthread workers that keep threads free beside the event streams."""

import pytest

from quizapp.cli.serve import DEFAULT_THREADS, stream_limit


@pytest.mark.parametrize(("threads", "streams"), [(1, 0), (2, 1), (10, 6), (100, 90), (300, 270)])
def test_stream_limit_keeps_a_reserve(threads, streams):
    assert stream_limit(threads) == streams


def test_serve_uses_threads_by_default(monkeypatch, tmp_path):
    from quizapp.cli import serve

    seen = {}

    class FakeServer:
        def __init__(self, app, options):
            seen.update(options)
            seen["streams"] = app.config["LIVE_MAX_STREAMS"]

        def run(self):
            pass

    monkeypatch.setattr(serve, "Server", FakeServer)
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.sqlite3'}")
    monkeypatch.setenv("QUIZAPP_QUESTIONS", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUIZAPP_THREADS", raising=False)
    monkeypatch.setenv("QUIZAPP_ENV", "")  # serve sets it to production; restored after
    result = serve.serve_command.main([], standalone_mode=False)
    assert result is None
    assert seen["worker_class"] == "gthread" and seen["threads"] == DEFAULT_THREADS
    assert seen["streams"] == stream_limit(DEFAULT_THREADS)
