"""An account changes its display name (issue 13): "Change name" no longer a dead end."""

from __future__ import annotations

import pytest

from quizapp.extensions import db
from quizapp.models import User


def name_of(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).display_name


def test_a_signed_in_student_changes_name_from_the_account_page(app, student):
    client, user_id = student
    account = client.get("/account").get_data(as_text=True)
    assert 'href="/learner?next=/account"' in account and "Change name" in account
    form = client.get("/learner?next=/account").get_data(as_text=True)
    assert 'value="Sam Student"' in form and "Save the name" in form
    response = client.post("/learner?next=/account", data={"name": "  Samira Student  "})
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert name_of(app, user_id) == "Samira Student"
    page = client.get("/account").get_data(as_text=True)
    assert "Your name is now Samira Student." in page
    assert "<dd>Samira Student" in page


def test_a_teacher_changes_name_too(app, teacher):
    client, user_id = teacher
    client.post("/learner", data={"name": "Mx Teacher"})
    assert name_of(app, user_id) == "Mx Teacher"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Type the name to show on your scores."),
        ("   ", "Type the name to show on your scores."),
        ("x" * 81, "Keep the name to 80 characters or fewer."),
        ("Sam\nStudent", "control characters"),
        ("Sam\x07", "control characters"),
        ("Sa\u0085m", "control characters"),
    ],
)
def test_a_bad_name_is_refused_and_kept_in_the_form(app, student, name, message):
    client, user_id = student
    response = client.post("/learner", data={"name": name})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert name_of(app, user_id) == "Sam Student"


def test_eighty_characters_and_any_script_are_fine(app, student):
    client, user_id = student
    for name in ("x" * 80, "Zoë Ångström", "محمد", "山田 太郎"):
        assert client.post("/learner", data={"name": name}).status_code == 303
        assert name_of(app, user_id) == name


def test_a_guest_still_just_gives_a_name(app, client):
    response = client.post("/learner", data={"name": "Guest Ada"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.query(User).filter_by(display_name="Guest Ada").one().is_guest
