"""Every form refuses what no database stores, next to the field; names refuse direction
overrides; URL parts with NUL name nothing (404); huge numbers are a form error (issue 18)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Class, User

BIG = "9" * 309
NUL = "Ada\x00Lovelace"
OVERRIDE = "Ada \u202eecalevoL"


def text(response) -> str:
    return response.get_data(as_text=True)


def users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize(
    ("value", "message"),
    [(NUL, "U+0000 (NUL)"), (OVERRIDE, "U+202E (RIGHT-TO-LEFT OVERRIDE)")],
)
def test_a_learner_name_refuses_control_and_override_characters(app, client, value, message):
    before = users(app)
    response = client.post("/learner", data={"name": value})
    assert response.status_code == 200
    html = text(response)
    assert message in html
    assert 'aria-invalid="true"' in html or "error" in html
    assert users(app) == before


def test_right_to_left_names_without_overrides_are_welcome(app, client):
    response = client.post("/learner", data={"name": "שלום \u200f"})
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", OVERRIDE, "U+202E"),
        ("display_name", NUL, "U+0000"),
        ("username", "ada\x00", "U+0000"),
        ("password", "long enough\x00password", "U+0000"),
    ],
)
def test_sign_up_refuses_them_next_to_the_field(app, client, field, value, message):
    data = {
        "username": "ada",
        "display_name": "Ada",
        "password": "correct horse battery",
        "confirm": "correct horse battery",
    }
    data[field] = value
    if field == "password":
        data["confirm"] = value
    response = client.post("/signup", data=data)
    assert response.status_code == 200
    assert message in text(response)
    assert users(app) == 0


def test_sign_in_with_a_nul_username_is_a_wrong_sign_in_not_an_error(app, client):
    response = client.post("/signin", data={"username": "ada\x00", "password": "x" * 12})
    assert response.status_code == 200
    assert "U+0000" in text(response)


def test_class_names_refuse_overrides_and_join_codes_refuse_nul(app, teacher, student):
    client, _ = teacher
    response = client.post("/classes/new", data={"name": "10B \u2066History"})
    assert response.status_code == 200
    assert "U+2066" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Class)) == 0
    client, _ = student
    response = client.post("/classes/join", data={"code": "ABCD\x002345"})
    assert response.status_code == 200
    assert "U+0000" in text(response)


@pytest.mark.parametrize(
    "path",
    [
        "/banks/sam%00ple",
        "/study/banks/sam%00ple",
        "/teacher/banks/sam%00ple/review",
        "/history/export/attempts.csv?bank=%00",
        "/banks/sample?tag=%00",
    ],
)
def test_urls_with_nul_name_nothing(app, teacher, path):
    client, _ = teacher
    client.post("/learner", data={"name": "T"})
    response = client.get(path)
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("field", ["draw", "time_limit"])
def test_a_huge_number_to_start_a_quiz_is_a_form_error(app, learner, field):
    learner.name("Ada")
    response = learner.start(**{"mode": "practice", field: BIG})
    assert response.status_code == 200
    assert "at most 9 digits" in text(response)


def test_a_huge_number_of_new_cards_is_a_form_error(app, student):
    client, _ = student
    response = client.post(
        "/study/settings", data={"desired_retention": "0.9", "new_cards_per_day": BIG}
    )
    assert response.status_code == 200
    assert "new cards per day as a whole number" in text(response)


def test_a_drafted_article_with_nul_is_refused_by_line(app, teacher):
    client, _ = teacher
    response = client.post("/teacher/banks/draft", data={"bank_id": "x", "article": "T\n\x00"})
    assert response.status_code == 200
    assert "U+0000" in text(response)
    response = client.post(
        "/teacher/banks/draft",
        data={"bank_id": "x", "article_file": (io.BytesIO(b"Title\nBy A\n\x00"), "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Line 3, column 1" in text(response)


def test_create_user_refuses_an_override_in_the_display_name(app, runner):
    result = runner.invoke(
        args=["create-user", "ada", "--display-name", OVERRIDE, "--password-stdin"],
        input="correct horse battery\n",
    )
    assert result.exit_code == 1
    assert "U+202E" in result.output
