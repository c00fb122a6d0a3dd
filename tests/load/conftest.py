"""Fixtures of the load tests (their counts reach the summary through tests/load/report.py,
whose hooks tests/conftest.py imports: under xdist only the root conftest is loaded by the
process that prints the summary)."""

from __future__ import annotations

import pytest

from tests.load.server import QUESTIONS

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
