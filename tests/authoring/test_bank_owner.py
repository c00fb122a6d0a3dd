"""A bank belongs to the teacher who published it: another teacher cannot replace it
(issue 18, finding 5)."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank
from tests.authoring.test_authoring import page, upload, uploaded_id
from tests.helpers.app import login_as, make_user
from tests.helpers.authoring import NEW_BANK

CHANGED = NEW_BANK.replace("Saturn has rings.", "Saturn has no rings at all.")


def publish(client, text: str, replace: bool = True):
    upload_id = uploaded_id(upload(client, text, "planets.yaml"))
    data = {"replace": "y"} if replace else {}
    return client.post(f"/teacher/banks/upload/{upload_id}/publish", data=data)


def test_another_teacher_cannot_replace_a_published_bank(app, teacher, folder):
    owner, owner_id = teacher
    assert publish(owner, NEW_BANK, replace=False).status_code == 303
    other = app.test_client()
    login_as(other, make_user(app, "teacher2", role="teacher"))
    response = publish(other, CHANGED)
    assert response.status_code == 403
    assert "another teacher published; only they can replace it" in page(response)
    assert (folder / "planets.yaml").read_text() == NEW_BANK
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "planets"))
        assert bank.owner_id == owner_id
    assert publish(owner, CHANGED).status_code == 303
    assert (folder / "planets.yaml").read_text() == CHANGED


def test_a_bank_put_in_the_folder_by_hand_can_be_replaced_by_a_teacher(app, teacher, folder):
    (folder / "planets.yaml").write_text(NEW_BANK)
    from quizapp.library.sync import sync_folder

    with app.app_context():
        sync_folder(folder)
    client, teacher_id = teacher
    assert publish(client, CHANGED).status_code == 303
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "planets"))
        assert bank.owner_id == teacher_id
