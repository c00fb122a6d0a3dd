"""Fixtures for the converter tests."""

from __future__ import annotations

import pytest

from quizapp.banks import load_bank
from quizapp.banks.schema import Bank
from tests.helpers.convert import DATA, import_file


@pytest.fixture(scope="module")
def bank() -> Bank:
    result = load_bank(DATA / "all_types.yaml")
    assert result.problems == []
    return result.bank.bank


@pytest.fixture(scope="module")
def sample():
    return import_file("sample_moodle.xml", "moodle-xml")
