"""Attempt kinds: only whole-bank attempts make best, latest and charted scores."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt
from quizapp.quiz import attempts as svc
from tests.helpers.answers import right_form, wrong_form
from tests.helpers.app import login_as, make_user
from tests.helpers.scores import make_class


def _answer_all(app, client, attempt_id: int, right) -> None:
    """Answer every question of the attempt; `right(number)` says which to get right."""
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        total = len(attempt.question_ids)
    for number in range(1, total + 1):
        with app.app_context():
            attempt = db.session.get(Attempt, attempt_id)
            row = attempt_row(attempt, number)
            spec, layout = row.spec, svc.layout_for(attempt, row)
        form = right_form(spec, layout) if right(number) else wrong_form(spec, layout)
        response = client.post(f"/attempts/{attempt_id}/{number}", data=form)
        assert response.status_code == 303


def attempt_row(attempt, number: int):
    return svc.attempt_questions(attempt)[number - 1]


def _latest_attempt(app, user_id: int) -> Attempt:
    with app.app_context():
        attempt = db.session.scalars(
            select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.id.desc())
        ).first()
        db.session.expunge(attempt)
        return attempt


def test_a_retry_at_100_percent_leaves_best_and_latest_at_the_full_attempt(app):
    teacher_id = make_user(app, "teach", role="teacher", display_name="Ms T")
    student_id = make_user(app, "stud", display_name="Sam")
    class_id = make_class(app, teacher_id, "Form 4", [student_id], "ABCD2345")
    student = app.test_client()
    login_as(student, student_id)

    student.post("/banks/sample/attempts", data={})
    full = _latest_attempt(app, student_id)
    assert full.kind == "bank"
    _answer_all(app, student, full.id, right=lambda n: n <= 4)
    full = _latest_attempt(app, student_id)
    assert full.finished_at is not None and 0 < full.percent < 100
    percent = f"{full.percent:g}%"

    student.post(f"/attempts/{full.id}/retry", data={})
    retry = _latest_attempt(app, student_id)
    assert retry.id != full.id and retry.kind == "retry"
    _answer_all(app, student, retry.id, right=lambda n: True)
    retry = _latest_attempt(app, student_id)
    assert retry.finished_at is not None and retry.percent == 100

    home = student.get("/").get_data(as_text=True)
    assert f"your best score: {percent}" in home and "100%" not in home

    history = student.get("/history").get_data(as_text=True)
    chart_text = re.search(r"\d+ finished attempts?, oldest first[^<]*", history).group(0)
    assert chart_text.startswith(f"1 finished attempt, oldest first: {percent}")
    assert f"latest {percent}" in history and f"best {percent}" in history
    assert "practice: retry of missed questions" in history
    assert "1 practice round (a retry, a draw or one tag) is listed above" in history

    teacher = app.test_client()
    login_as(teacher, teacher_id)
    page = teacher.get(f"/teacher/classes/{class_id}").get_data(as_text=True)
    assert f"latest {percent}, best {percent}" in page
    assert "1 finished, 1 practice round" in page


def test_a_draw_and_a_tag_are_practice_but_the_banks_own_settings_are_whole(app, client):
    client.post("/learner", data={"name": "Ada"})
    with client.session_transaction() as session:
        user_id = session["learner_id"]
    client.post("/banks/sample/attempts", data={"draw": "2"})
    assert _latest_attempt(app, user_id).kind == "draw"
    client.post("/banks/sample/attempts", data={"tag": "places"})
    assert _latest_attempt(app, user_id).kind == "tag"
    client.post("/banks/sample/attempts", data={"draw": "500"})
    assert _latest_attempt(app, user_id).kind == "bank"


def test_only_practice_rounds_show_as_practice_on_the_class_page(app):
    teacher_id = make_user(app, "teach", role="teacher", display_name="Ms T")
    student_id = make_user(app, "stud", display_name="Sam")
    class_id = make_class(app, teacher_id, "Form 4", [student_id], "ABCD2345")
    student = app.test_client()
    login_as(student, student_id)
    student.post("/banks/sample/attempts", data={"draw": "1"})
    attempt = _latest_attempt(app, student_id)
    _answer_all(app, student, attempt.id, right=lambda n: True)
    teacher = app.test_client()
    login_as(teacher, teacher_id)
    page = teacher.get(f"/teacher/classes/{class_id}").get_data(as_text=True)
    assert "no whole-bank attempt" in page and "(1 practice round)" in page
    assert "best 100%" not in page
