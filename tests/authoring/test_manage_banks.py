"""Hide, show again and delete a bank (issue 13); answers already given stay in reports."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Bank
from tests.helpers.app import APP_BANKS, login_as, make_user


@pytest.fixture
def folder(app, tmp_path):
    from quizapp.library.sync import sync_folder

    path = tmp_path / "manage_banks"
    path.mkdir()
    shutil.copy(APP_BANKS / "sample.yaml", path / "sample.yaml")
    app.config["QUESTIONS_DIR"] = str(path)
    with app.app_context():
        sync_folder(path)
    return path


def taken(app, client) -> int:
    """A learner takes the sample bank: one answer; the attempt's id."""
    client.post("/learner", data={"name": "Ada"})
    attempt_id = int(client.post("/banks/sample/attempts").headers["Location"].split("/")[2])
    client.post(f"/attempts/{attempt_id}/finish")
    return attempt_id


def test_a_hidden_bank_is_gone_for_students_and_back_when_shown(app, teacher, folder):
    client, _ = teacher
    guest = app.test_client()
    attempt_id = taken(app, guest)
    response = client.post("/teacher/banks/sample/hide")
    assert response.status_code == 303
    assert "hidden: true" in (folder / "sample.yaml").read_text(encoding="utf-8")
    banks = client.get("/teacher/banks/").get_data(as_text=True)
    assert "is hidden: students no longer see it" in banks and "hidden from students" in banks
    assert "Show to students" in banks
    assert "/banks/sample" not in guest.get("/").get_data(as_text=True)
    assert guest.get("/banks/sample").status_code == 404
    assert guest.post("/banks/sample/attempts").status_code == 404
    assert guest.get(f"/attempts/{attempt_id}/summary").status_code == 200  # kept
    # A re-import keeps it hidden: the flag is in the file.
    from quizapp.library.sync import sync_folder

    with app.app_context():
        sync_folder(folder)
    assert guest.get("/banks/sample").status_code == 404
    client.post("/teacher/banks/sample/unhide")
    assert "hidden" not in (folder / "sample.yaml").read_text(encoding="utf-8")
    assert guest.get("/banks/sample").status_code == 200


def test_deleting_asks_first_and_says_how_many_attempts_stay(app, teacher, folder):
    client, _ = teacher
    guest = app.test_client()
    attempt_id = taken(app, guest)
    page = client.get("/teacher/banks/sample/delete").get_data(as_text=True)
    assert "It has <strong>1 attempt</strong> by 1 learner." in page
    assert (folder / "sample.yaml").exists()
    response = client.post("/teacher/banks/sample/delete")
    assert response.status_code == 303
    assert not (folder / "sample.yaml").exists()
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "sample"))
        assert bank.active is False
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt is not None and attempt.bank_id == bank.id
        answers = db.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id)).all()
        assert all(answer.question_id for answer in answers)
    assert guest.get("/banks/sample").status_code == 404
    assert "Deleted “" in client.get("/teacher/banks/").get_data(as_text=True)
    assert client.get("/teacher/banks/sample/delete").status_code == 404


def test_only_teachers_may_hide_or_delete(app, client, student, folder):
    student_client, _ = student
    for method, url in (
        ("post", "/teacher/banks/sample/hide"),
        ("post", "/teacher/banks/sample/unhide"),
        ("get", "/teacher/banks/sample/delete"),
        ("post", "/teacher/banks/sample/delete"),
    ):
        assert getattr(student_client, method)(url).status_code == 403
        assert getattr(client, method)(url).status_code in (302, 303)
    assert (folder / "sample.yaml").exists()
    assert "hidden" not in (folder / "sample.yaml").read_text(encoding="utf-8")


def test_another_teacher_may_not_touch_an_owned_bank(app, folder):
    """With issue 18's bank owners, only the owner hides or deletes a bank."""
    owner = make_user(app, "owner", role="teacher")
    other = make_user(app, "other", role="teacher")
    with app.app_context():
        db.session.scalar(select(Bank).where(Bank.slug == "sample")).owner_id = owner
        db.session.commit()
    client = app.test_client()
    login_as(client, other)
    assert client.post("/teacher/banks/sample/hide").status_code == 403
    assert client.post("/teacher/banks/sample/delete").status_code == 403
    assert (folder / "sample.yaml").exists()
    login_as(client, owner)
    assert client.post("/teacher/banks/sample/hide").status_code == 303


def test_unknown_banks_are_not_found(teacher, folder):
    client, _ = teacher
    assert client.post("/teacher/banks/nope/hide").status_code == 404
    assert client.get("/teacher/banks/nope/delete").status_code == 404
