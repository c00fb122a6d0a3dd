"""Fixtures for the flashcard tests."""

from __future__ import annotations

import pytest

from quizapp.library.sync import sync_folder
from tests.helpers.app import DATA
from tests.helpers.cards import T0, Clock, Studier


@pytest.fixture
def clock(app):
    """The flashcard bank imported and the study clock set to T0."""
    with app.app_context():
        sync_folder(DATA / "card_banks")
    app.config["CLOCK"] = clock = Clock(T0)
    return clock


@pytest.fixture
def ada(app, client, clock):
    return Studier(app, client)


@pytest.fixture
def quiz_clock(app, clock):
    """The quiz runs on the study clock (both read app.config["CLOCK"])."""
    return clock
