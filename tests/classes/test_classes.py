"""Classes: teachers create them with a join code, students join with the code."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from quizapp.classes import service
from quizapp.classes.codes import ALPHABET, LENGTH, format_code, new_code, normalise_code
from quizapp.extensions import db
from quizapp.models import Class, Membership, User
from tests.helpers.app import login_as, make_user
from tests.helpers.scores import make_class as class_with_code


def text(response) -> str:
    return response.get_data(as_text=True)


def make_class(app, teacher_id: int, name: str = "10B History", code: str = "ABCD2345") -> int:
    with app.app_context():
        school_class = Class(name=name, teacher_id=teacher_id, join_code=code)
        db.session.add(school_class)
        db.session.commit()
        return school_class.id


def members(app, class_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(select(Membership.user_id).where(Membership.class_id == class_id))
        )


# Codes (no app)


def test_new_codes_use_only_unambiguous_characters():
    rng = random.Random(4)
    codes = {new_code(rng.choice) for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == LENGTH
        assert set(code) <= set(ALPHABET)
    assert not set("IO01") & set(ALPHABET)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abcd2345", "ABCD2345"),
        (" abcd-2345 ", "ABCD2345"),
        ("AB CD\t23 45", "ABCD2345"),
        ("abcd\u20132345", "ABCD2345"),
        ("", ""),
    ],
)
def test_codes_are_read_ignoring_case_spaces_and_dashes(typed, code):
    assert normalise_code(typed) == code


def test_codes_are_shown_in_two_groups():
    assert format_code("ABCD2345") == "ABCD-2345"


# Creating


def expected_class_page(app, class_id: int) -> str:
    if "teacher.show_class" in app.view_functions:
        return f"/teacher/classes/{class_id}"
    return "/account"


def test_teacher_creates_a_class_with_a_join_code(app, teacher):
    client, teacher_id = teacher
    page = text(client.get("/classes/new"))
    assert "<h1>Create a class</h1>" in page and 'for="name"' in page
    response = client.post("/classes/new", data={"name": "  10B History  "})
    assert response.status_code == 303
    with app.app_context():
        school_class = db.session.scalar(select(Class))
        assert school_class.name == "10B History"
        assert school_class.teacher_id == teacher_id
        assert len(school_class.join_code) == LENGTH
        assert set(school_class.join_code) <= set(ALPHABET)
        code, class_id = school_class.join_code, school_class.id
    assert response.headers["Location"] == expected_class_page(app, class_id)
    account = text(client.get("/account"))
    assert f"Students join it with the code {format_code(code)}." in account
    assert "Classes you teach" in account and format_code(code) in account


def test_class_name_is_required(app, teacher):
    client, _ = teacher
    for name, message in (("   ", "Type a name for the class"), ("x" * 121, "at most 120")):
        response = client.post("/classes/new", data={"name": name})
        assert response.status_code == 200
        assert message in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Class)) == 0


def test_class_names_are_escaped(app, teacher):
    client, _ = teacher
    client.post("/classes/new", data={"name": "<script>alert(1)</script>"})
    page = text(client.get("/account"))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_only_teachers_create_classes(app, client, student):
    signed_in, _ = student
    assert signed_in.get("/classes/new").status_code == 403
    response = signed_in.post("/classes/new", data={"name": "Mine"})
    assert response.status_code == 403
    assert "Not allowed" in text(response)
    anonymous = client.get("/classes/new")
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"] == "/signin?next=%2Fclasses%2Fnew"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Class)) == 0


def test_a_code_already_taken_is_drawn_again(app, teacher):
    _, teacher_id = teacher
    make_class(app, teacher_id, code="AAAAAAAA")
    codes = iter(["AAAAAAAA", "AAAAAAAA", "BBBBBBBB"])
    with app.app_context():
        made = service.create_class(
            db.session.get(User, teacher_id), "New", make_code=codes.__next__
        )
        assert made.join_code == "BBBBBBBB"


def test_creating_gives_up_when_no_code_is_free(app, teacher):
    _, teacher_id = teacher
    make_class(app, teacher_id, code="AAAAAAAA")
    with app.app_context(), pytest.raises(RuntimeError):
        service.create_class(db.session.get(User, teacher_id), "New", make_code=lambda: "AAAAAAAA")


# Joining


def test_student_joins_with_the_code_as_typed(app, teacher, student):
    _, teacher_id = teacher
    client, student_id = student
    class_id = make_class(app, teacher_id)
    assert "<h1>Join a class</h1>" in text(client.get("/classes/join"))
    response = client.post("/classes/join", data={"code": " abcd-2345 "})
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    assert members(app, class_id) == [student_id]
    page = text(client.get("/account"))
    assert "You joined 10B History." in page
    assert "10B History" in page and "teacher: Ms Teacher" in page


def test_joining_twice_says_so(app, teacher, student):
    _, teacher_id = teacher
    client, student_id = student
    class_id = make_class(app, teacher_id)
    client.post("/classes/join", data={"code": "ABCD2345"})
    response = client.post("/classes/join", data={"code": "abcd 2345"})
    assert response.headers["Location"] == "/account"
    assert "You are already in 10B History." in text(client.get("/account"))
    assert members(app, class_id) == [student_id]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_wrong_code_is_explained(app, teacher, student, htmx):
    _, teacher_id = teacher
    client, _ = student
    make_class(app, teacher_id)
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post("/classes/join", data={"code": "wxyz-9999"}, headers=headers)
    assert response.status_code == 200
    page = text(response)
    assert "No class has the code WXYZ9999. Check it with your teacher." in page
    assert 'aria-invalid="true"' in page


def test_an_empty_code_is_explained(app, student):
    client, _ = student
    response = client.post("/classes/join", data={"code": " "})
    assert response.status_code == 200
    assert "Type the join code your teacher gave you." in text(response)


def test_a_forged_code_is_escaped(app, student):
    client, _ = student
    page = text(client.post("/classes/join", data={"code": "<b>x</b>"}))
    assert "<B>X</B>" not in page and "&lt;B&gt;X&lt;/B&gt;" in page


def test_joining_needs_a_student_account(app, client, teacher):
    signed_in_teacher, teacher_id = teacher
    make_class(app, teacher_id)
    assert signed_in_teacher.post("/classes/join", data={"code": "ABCD2345"}).status_code == 403
    response = client.post("/classes/join", data={"code": "ABCD2345"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin?next=")
    guest = client
    guest.post("/learner", data={"name": "Guest"})
    assert guest.get("/classes/join").status_code == 302


def test_another_teachers_student_list_is_not_on_my_account(app, teacher):
    client, _ = teacher
    other = make_user(app, "teacher2", role="teacher")
    make_class(app, other, name="Not yours")
    assert "Not yours" not in text(client.get("/account"))
    login_as(client, other)
    assert "Not yours" in text(client.get("/account"))


def test_the_join_code_is_shown_one_way_and_can_be_projected_with_a_qr_code(app, teacher):
    client, teacher_id = teacher
    class_id = class_with_code(app, teacher_id, "Year 8", [], "BAQ26FJH")
    for url in ("/teacher/", f"/teacher/classes/{class_id}"):
        html = client.get(url).get_data(as_text=True)
        assert "BAQ2-6FJH" in html and "BAQ26FJH<" not in html
    shown = client.get(f"/teacher/classes/{class_id}/show").get_data(as_text=True)
    assert '<p class="join-code-large"><code>BAQ2-6FJH</code></p>' in shown
    assert "http://localhost/classes/join?code=BAQ26FJH" in shown
    assert '<svg role="img" aria-label="QR code: join Year 8"' in shown and "style=" not in shown
    # Another teacher cannot project this class.
    other = app.test_client()
    login_as(other, make_user(app, "teacher2", role="teacher"))
    assert other.get(f"/teacher/classes/{class_id}/show").status_code == 404


def test_the_join_address_fills_in_the_code(app, student):
    client, _ = student
    html = client.get("/classes/join?code=baq26fjh").get_data(as_text=True)
    assert 'value="BAQ2-6FJH"' in html
