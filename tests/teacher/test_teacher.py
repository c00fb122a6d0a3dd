"""Teacher pages: classes, class overview, a student's history, item analysis, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Bank, User, utcnow
from quizapp.quiz import attempts as svc
from quizapp.reports.classes import class_overview
from quizapp.reports.exports import filename, safe_cell
from tests.helpers.answers import ALL_RIGHT
from tests.helpers.app import count_queries, login_as, make_user
from tests.helpers.scores import make_class, record_attempt


def test_list_classes_shows_own_classes_with_counts_and_codes(app, school):
    other_teacher = make_user(app, "other", role="teacher")
    make_class(app, other_teacher, "Someone else's class", [school["ann"]], "OTHER1")
    make_class(app, school_teacher_id(app), "Empty class", [], "EMPTY1")
    page = school["client"].get("/teacher/").get_data(as_text=True)
    assert "Year 9 French" in page and "FRENCH9" in page
    assert "Empty class" in page
    assert "Someone else&#39;s class" not in page and "OTHER1" not in page
    row = page.split("Year 9 French</a></th>")[1].split("</tr>")[0]
    assert "<td>3</td>" in row
    assert f'href="/teacher/classes/{school["class_id"]}"' in page


def school_teacher_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == "teacher1"))


def test_list_classes_links_to_class_creation(app, teacher):
    client, _ = teacher
    page = client.get("/teacher/").get_data(as_text=True)
    assert "You have no classes yet." in page
    assert 'href="/classes/new"' in page


def test_overview_shows_latest_best_and_not_started(app, school):
    page = school["client"].get(f"/teacher/classes/{school['class_id']}").get_data(as_text=True)
    ann_row = page.split("Ann Archer</a></th>")[1].split("</tr>")[0]
    assert "latest 62.5%, best 87.5%" in ann_row and "(3 finished)" in ann_row
    bob_row = page.split("Bob Baker</a></th>")[1].split("</tr>")[0]
    assert "started, not finished" in bob_row
    cy_row = page.split("Cy Cole</a></th>")[1].split("</tr>")[0]
    assert "not started" in cy_row
    assert "Not started: Cy Cole." in page
    assert f"/teacher/classes/{school['class_id']}/banks/sample/analysis" in page
    assert "/export/attempts.csv" in page and "/export/answers.csv" in page
    assert "style=" not in page


def test_overview_queries_do_not_grow_with_students(app, school):
    few = count_queries(app, lambda: class_overview(school["class_id"]))
    with app.app_context():
        teacher_id = school_teacher_id(app)
    more = [make_user(app, f"extra{i}") for i in range(6)]
    class_id = make_class(app, teacher_id, "Bigger", [*more, school["ann"]], "BIGGER")
    for user_id in more:
        record_attempt(app, user_id, ALL_RIGHT)
    many = count_queries(app, lambda: class_overview(class_id))
    assert few == many <= 4
    with app.app_context():
        overview = class_overview(class_id)
    assert all(overview.cell(u, overview.banks[0].id).best == 100 for u in more)


def test_show_student_reuses_the_history_page(app, school):
    client = school["client"]
    page = client.get(f"/teacher/classes/{school['class_id']}/students/{school['ann']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Scores of Ann Archer" in text
    assert "Scores over time at Sample bank" in text and 'role="img"' in text
    assert "Which city is the capital of France?" in text  # missed most often
    assert "Practise these" not in text  # the teacher cannot start the student's attempts
    # The teacher reads finished attempts (read-only summaries), never continues one.
    assert text.count('/summary"') == 3 and "Continue" not in text


def test_a_teacher_reads_a_students_attempt_review_read_only(app, school):
    client = school["client"]
    with app.app_context():
        ids = db.session.scalars(
            select(Attempt.id).where(Attempt.user_id == school["ann"]).order_by(Attempt.id)
        ).all()
    page = client.get(f"/attempts/{ids[0]}/summary")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Results of Ann Archer: Sample bank" in text
    assert "Their answer" in text and "Right answer" in text
    assert "Retry the" not in text and "Practise my weakest" not in text
    # Another teacher, and a fellow student, get nothing.
    other = app.test_client()
    login_as(other, make_user(app, "teacher2", role="teacher"))
    assert other.get(f"/attempts/{ids[0]}/summary").status_code == 404
    peer = app.test_client()
    login_as(peer, school["bob"])
    assert peer.get(f"/attempts/{ids[0]}/summary").status_code == 404
    # An attempt still in progress is not shown to the teacher.
    with app.app_context():
        bobs = db.session.scalar(select(Attempt.id).where(Attempt.user_id == school["bob"]))
    assert client.get(f"/attempts/{bobs}/summary").status_code == 404


def test_show_student_outside_the_class_is_not_found(app, school):
    outsider = make_user(app, "outsider")
    client = school["client"]
    assert (
        client.get(f"/teacher/classes/{school['class_id']}/students/{outsider}").status_code == 404
    )
    assert client.get(f"/teacher/classes/{school['class_id']}/students/99999").status_code == 404


def test_item_analysis_page(app, school):
    client = school["client"]
    page = client.get(f"/teacher/classes/{school['class_id']}/banks/sample/analysis")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    # Only Ann has finished: her first attempt (capital and sky wrong) is the one counted.
    assert "1 attempt, mean score 75%" in text
    assert "Which city is the capital of France?" in text
    # One attempt is no evidence: flags are withheld, and the page says why.
    assert "<strong>too hard" not in text and "<strong>too easy" not in text
    assert "Flags are withheld until at least 20 students" in text
    assert '0.00 <span class="meta">(1 answer)</span>' in text
    assert "n/a" in text  # one attempt: discrimination is undefined
    assert "Paris <strong>(right answer)</strong>" in text
    assert (
        client.get(f"/teacher/classes/{school['class_id']}/banks/nope/analysis").status_code == 404
    )


def test_item_analysis_without_attempts(app, teacher):
    client, teacher_id = teacher
    class_id = make_class(app, teacher_id, "New class", [], "NEWONE")
    text = client.get(f"/teacher/classes/{class_id}/banks/sample/analysis").get_data(as_text=True)
    assert "0 attempts" in text
    assert "No student of this class has finished an attempt at this bank yet." in text


def read_csv(response) -> list[dict]:
    text = response.get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_export_attempts(app, school):
    response = school["client"].get(f"/teacher/classes/{school['class_id']}/export/attempts.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    today = utcnow().date().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="year-9-french-attempts-{today}.csv"'
    )
    rows = read_csv(response)
    assert [r["username"] for r in rows] == ["ann", "bob", "ann", "ann"]
    assert rows[0]["percent"] == "75.0" and rows[0]["started_at"] == "2024-01-06T09:00:00+00:00"
    assert rows[1]["finished_at"] == "" and rows[1]["answered"] == "1"


def test_export_answers_and_formula_injection(app, school):
    with app.app_context():
        db.session.get(User, school["ann"]).display_name = '=HYPERLINK("http://evil")'
        db.session.commit()
    record_attempt(app, school["ann"], {"author": "+SUM(A1)", "troops": "-2500"})
    response = school["client"].get(f"/teacher/classes/{school['class_id']}/export/answers.csv")
    assert "year-9-french-answers-" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows) == 3 * 8 + 1 + 2
    assert all(
        r["student"] == '\'=HYPERLINK("http://evil")' for r in rows if r["username"] == "ann"
    )
    author = [r for r in rows if r["question_key"] == "author" and r["response"] != "Shakespeare"]
    assert author[0]["response"] == "'+SUM(A1)" and author[0]["correct"] == "no"
    troops = [r for r in rows if r["question_key"] == "troops" and r["response"] == "'-2500"]
    assert len(troops) == 1
    assert rows[0]["question_type"] == "single" and rows[0]["fraction"] == "0.0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        ("", ""),
        (-1.5, -1.5),
        (3, 3),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_filename_slug():
    day = dt.date(2024, 1, 6)
    assert (
        filename("Année 9 — Français!", "answers", day) == "annee-9-francais-answers-2024-01-06.csv"
    )
    assert filename("日本語", "attempts", day) == "class-attempts-2024-01-06.csv"


def test_set_extra_time_without_htmx(app, school):
    client = school["client"]
    url = f"/teacher/classes/{school['class_id']}/students/{school['cy']}/extra-time"
    response = client.post(url, data={"factor": "1.5"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/teacher/classes/{school['class_id']}"
    with app.app_context():
        assert db.session.get(User, school["cy"]).extra_time == 1.5
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Extra time for Cy Cole: 1.5 × the time limit." in page
    assert '<option selected value="1.5">' in page


def test_set_extra_time_with_htmx_returns_the_status(app, school):
    client = school["client"]
    url = f"/teacher/classes/{school['class_id']}/students/{school['cy']}/extra-time"
    response = client.post(url, data={"factor": "2.0"}, headers={"HX-Request": "true"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in text
    # Swapped into the status region already on the page, so screen readers announce it.
    assert text.strip().startswith(
        '<div id="extra-time-status" role="status" hx-swap-oob="innerHTML">'
    )
    assert "Extra time for Cy Cole: 2 × the time limit." in text


@pytest.mark.parametrize("htmx", [False, True])
def test_bad_extra_time_is_refused_with_a_message(app, school, htmx):
    client = school["client"]
    url = f"/teacher/classes/{school['class_id']}/students/{school['cy']}/extra-time"
    headers = {"HX-Request": "true"} if htmx else {}
    for bad in ("7", "lots", ""):
        response = client.post(url, data={"factor": bad}, headers=headers)
        text = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Extra time for Cy Cole was not changed." in text
        assert ("<html" in text) is not htmx
        if not htmx:
            assert 'aria-invalid="true"' in text
    with app.app_context():
        assert db.session.get(User, school["cy"]).extra_time == 1.0


def test_extra_time_multiplies_the_time_limit(app, school):
    client = school["client"]
    url = f"/teacher/classes/{school['class_id']}/students/{school['cy']}/extra-time"
    client.post(url, data={"factor": "1.25"})
    with app.app_context():
        student = db.session.get(User, school["cy"])
        bank = db.session.scalar(select(Bank).where(Bank.slug == "sample"))
        now = utcnow()
        attempt = svc.start_attempt(student, bank, svc.StartOptions(time_limit_minutes=20), now)
        assert db.session.get(Attempt, attempt.id).deadline - now == dt.timedelta(minutes=25)


def test_extra_time_for_a_student_outside_the_class_is_not_found(app, school):
    outsider = make_user(app, "outsider")
    url = f"/teacher/classes/{school['class_id']}/students/{outsider}/extra-time"
    assert school["client"].post(url, data={"factor": "2.0"}).status_code == 404
    with app.app_context():
        assert db.session.get(User, outsider).extra_time == 1.0


def test_extra_time_needs_the_csrf_token(csrf_app):
    from tests.helpers.app import login_as

    teacher_id = make_user(csrf_app, "t", role="teacher")
    student_id = make_user(csrf_app, "s")
    class_id = make_class(csrf_app, teacher_id, "C", [student_id], "CSRF01")
    client = csrf_app.test_client()
    login_as(client, teacher_id)
    url = f"/teacher/classes/{class_id}/students/{student_id}/extra-time"
    assert client.post(url, data={"factor": "2.0"}).status_code == 400
    page = client.get(f"/teacher/classes/{class_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(url, data={"factor": "2.0", "csrf_token": token}).status_code == 303
