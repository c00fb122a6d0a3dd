"""A database too busy to write is a 503 with Retry-After, never a 500 (issue 18, finding 5)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from quizapp.quiz import storing as attempts


def _raise(message: str):
    def submit(*_args, **_kwargs):
        raise OperationalError("INSERT INTO answer ...", {}, sqlite3.OperationalError(message))

    return submit


def test_a_locked_database_answers_503_with_retry_after(app, learner, monkeypatch):
    learner.name("Ada")
    attempt = learner.start().headers["Location"].split("/")[2]
    monkeypatch.setattr(attempts, "submit_answer", _raise("database is locked"))
    response = learner.answer(int(attempt), 1, {"answer": "0"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert "Send it again in a moment" in response.get_data(as_text=True)


def test_other_database_errors_are_not_called_busy(app, learner, monkeypatch):
    learner.name("Ada")
    attempt = learner.start().headers["Location"].split("/")[2]
    monkeypatch.setattr(attempts, "submit_answer", _raise("disk I/O error"))
    with pytest.raises(OperationalError):
        learner.answer(int(attempt), 1, {"answer": "0"})
