"""The bank folder is imported once at start-up, before the workers fork, not again by the
first request of each worker; an edit after start-up is still picked up."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from quizapp.library import reload
from tests.helpers.app import APP_BANKS, make_app

NEW_BANK = APP_BANKS.joinpath("sample.yaml").read_text().replace("id: sample", "id: planets", 1)


@pytest.fixture
def counted(monkeypatch):
    """Count the imports that requests start (set-up imports call sync_folder elsewhere)."""
    calls = []
    real = reload.sync_folder
    monkeypatch.setattr(reload, "sync_folder", lambda path: calls.append(path) or real(path))
    return calls


def touch(path):
    """Move the modification time on, as an editor saving a second later would."""
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))


def served_app(monkeypatch, tmp_path):
    """The app object `quizapp serve` hands to gunicorn (to be forked), set up as in production."""
    from quizapp.cli import serve

    handed = {}

    class FakeServer:
        def __init__(self, app, options):
            handed["app"] = app

        def run(self):
            pass

    folder = tmp_path / "questions"
    shutil.copytree(APP_BANKS, folder)
    monkeypatch.setattr(serve, "Server", FakeServer)
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'serve.sqlite3'}")
    monkeypatch.setenv("QUIZAPP_QUESTIONS", str(folder))
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("QUIZAPP_BANK_RELOAD_INTERVAL", "1e-9")  # look on every request
    monkeypatch.setenv("QUIZAPP_ENV", "")  # serve sets it to production; restored after
    serve.serve_command.main(["--threads", "4"], standalone_mode=False)
    return handed["app"], folder


def test_serve_imports_before_the_fork_and_workers_do_not_import_again(
    monkeypatch, tmp_path, counted
):
    app, folder = served_app(monkeypatch, tmp_path)
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 200 and "Sample bank" in page.get_data(as_text=True)
    client.get("/")
    assert counted == []  # the master's import stands for every worker forked from it
    (folder / "planets.yaml").write_text(NEW_BANK)
    assert client.get("/banks/planets").status_code == 200
    assert len(counted) == 1
    client.get("/")
    assert len(counted) == 1


def test_an_edit_after_the_set_up_import_is_imported(tmp_path, counted):
    from quizapp.cli.setup import setup_database

    fresh = make_app(tmp_path, None, BANK_RELOAD_INTERVAL=1e-9)
    with fresh.app_context():
        setup_database(quiet=True)  # what `quizapp run` and `serve` do before serving
    client = fresh.test_client()
    assert client.get("/").status_code == 200
    assert counted == []
    path = Path(fresh.config["QUESTIONS_DIR"]) / "sample.yaml"
    path.write_text(path.read_text().replace("title: Sample bank", "title: Edited bank"))
    touch(path)
    assert "Edited bank" in client.get("/").get_data(as_text=True)
    assert len(counted) == 1


def test_without_the_set_up_record_the_first_request_imports(app, counted):
    app.config["BANK_RELOAD_INTERVAL"] = 1e-9
    app.test_client().get("/")
    assert len(counted) == 1
