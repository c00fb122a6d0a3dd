"""Hooks of the load tests: their counts are printed at the end of the test run."""

from __future__ import annotations

import pytest

from tests.load.server import QUESTIONS

from .report import pytest_runtest_logreport, pytest_terminal_summary  # noqa: F401
from .server import Database, write_bank


@pytest.fixture
def questions(tmp_path):
    folder = tmp_path / "questions"
    write_bank(folder, QUESTIONS)
    return folder


@pytest.fixture
def database(tmp_path, request):
    database = Database(tmp_path, request.node.name[:30])
    database.create_schema(tmp_path)
    yield database
    database.close()


@pytest.fixture
def few_questions(tmp_path):
    folder = tmp_path / "questions"
    write_bank(folder, 5)
    return folder
