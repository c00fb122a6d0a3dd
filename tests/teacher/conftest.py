"""Fixtures for the teacher tests: a class with students and attempts."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.answers import ALL_RIGHT
from tests.helpers.app import make_user
from tests.helpers.scores import START, make_class, record_attempt


@pytest.fixture
def school(app, teacher):
    """A teacher's class of three students: Ann finished twice, Bob started, Cy did nothing."""
    client, teacher_id = teacher
    ann = make_user(app, "ann", display_name="Ann Archer")
    bob = make_user(app, "bob", display_name="Bob Baker")
    cy = make_user(app, "cy", display_name="Cy Cole")
    class_id = make_class(app, teacher_id, "Year 9 French", [ann, bob, cy], "FRENCH9")
    record_attempt(app, ann, ALL_RIGHT | {"capital": False, "sky": False})  # 6 of 8: 75%
    record_attempt(
        app, ann, ALL_RIGHT | {"capital": False}, started_at=START + dt.timedelta(days=1)
    )  # 87.5%
    record_attempt(
        app,
        ann,
        ALL_RIGHT | {"capital": False, "primes": False, "sky": False},
        started_at=START + dt.timedelta(days=2),
    )  # 62.5%, the latest
    record_attempt(app, bob, {"capital": True}, finished=False)
    return {"client": client, "class_id": class_id, "ann": ann, "bob": bob, "cy": cy}
