"""Fixtures for the web tests."""

from __future__ import annotations

import os

import pytest
import sqlalchemy

from quizapp.extensions import db
from quizapp.models import Class, Membership
from tests.helpers.answers import ALL_RIGHT
from tests.helpers.app import (
    dispose,
    drop_pg_database,
    fresh_pg_database,
    make_app,
    make_user,
    pg_backend,
    prepare,
)
from tests.helpers.fuzz import World, discover_forms, sessions
from tests.helpers.scores import make_class, record_attempt


@pytest.fixture
def world(app):
    """Two teachers with a class each; Ann in the first class, Zed in the second."""
    teacher_a = make_user(app, "teacher-a", role="teacher")
    teacher_b = make_user(app, "teacher-b", role="teacher")
    ann = make_user(app, "ann")
    zed = make_user(app, "zed")
    class_a = make_class(app, teacher_a, "Class A", [ann], "CLASSA")
    class_b = make_class(app, teacher_b, "Class B", [zed], "CLASSB")
    return {
        "teacher_a": teacher_a,
        "teacher_b": teacher_b,
        "ann": ann,
        "zed": zed,
        "class_a": class_a,
        "class_b": class_b,
        "ann_attempt": record_attempt(app, ann, ALL_RIGHT),
        "zed_attempt": record_attempt(app, zed, ALL_RIGHT),
    }


def _seed(app) -> World:
    """A teacher with a class that a student is in; then fresh sessions, and the forms."""
    teacher_id = make_user(app, "fuzzteacher", role="teacher")
    student_id = make_user(app, "fuzzstudent")
    with app.app_context():
        school_class = Class(name="Fuzz class", teacher_id=teacher_id, join_code="FUZZ2345")
        db.session.add(school_class)
        db.session.flush()
        db.session.add(Membership(class_id=school_class.id, user_id=student_id))
        db.session.commit()
    world = World({}, {}, {}, accounts={"teacher": teacher_id, "student": student_id})
    sessions(app, world)
    discover_forms(app, world)
    return world


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory, worker_id):
    """One app and one seeded world per test process: fuzzed input piles up across routes."""
    folder = tmp_path_factory.mktemp("fuzz")
    url = None
    if pg_backend():
        url = fresh_pg_database(f"quizapp_fuzz_{worker_id}_{os.getpid()}")
        engine = sqlalchemy.create_engine(url)
        db.metadata.create_all(engine)
        engine.dispose()
    # Rate limits stay on (a 429 is a fine answer): turning them off here would turn them
    # off for every app this process creates afterwards (one global Limiter).
    app = make_app(folder, url)
    prepare(app)
    yield app, _seed(app)
    dispose(app)
    if url is not None:
        drop_pg_database(url)
