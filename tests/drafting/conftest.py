"""Fixtures for the drafting tests."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp.drafting import draft_bank
from tests.oracles.drafting import SEED


@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    return draft_bank(text, bank_id="iraq-coalition", today=dt.date(2025, 1, 1))
