"""Fixtures for the command tests."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from tests.oracles.drafting import ARTICLES


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "Local Library.txt"
    shutil.copy(ARTICLES / "local_library.txt", path)
    return path
