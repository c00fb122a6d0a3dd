"""Fixtures for the report tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.app import make_user
from tests.helpers.item_analysis import HAND, KEYS
from tests.helpers.scores import START, make_class, record_attempt


@pytest.fixture
def hand_class(app):
    teacher_id = make_user(app, "teach", role="teacher")
    students = {name: make_user(app, f"student-{name.lower()}") for name in HAND}
    outsider = make_user(app, "outsider")
    class_id = make_class(app, teacher_id, "Hand class", list(students.values()), "HAND01")
    for name, marks in HAND.items():
        answers = {key: bool(mark) for key, mark in zip(KEYS, marks, strict=True)}
        record_attempt(app, students[name], answers)
        # Later attempts, unfinished attempts and students outside the class do not count.
        record_attempt(
            app, students[name], dict.fromkeys(KEYS, True), started_at=START + dt.timedelta(1)
        )
    record_attempt(
        app,
        students["C"],
        dict.fromkeys(KEYS, True),
        started_at=START - dt.timedelta(1),
        finished=False,
    )
    record_attempt(app, outsider, dict.fromkeys(KEYS, False))
    return class_id
