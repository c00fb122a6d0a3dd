"""Fixtures for the authoring tests."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers.app import APP_BANKS


@pytest.fixture
def folder(app, tmp_path):
    """A bank folder of the test's own, holding the sample bank, imported."""
    from quizapp.library.sync import sync_folder

    path = tmp_path / "questions"
    path.mkdir()
    shutil.copy(APP_BANKS / "sample.yaml", path / "sample.yaml")
    app.config["QUESTIONS_DIR"] = str(path)
    with app.app_context():
        sync_folder(path)
    return path
