"""Only the teacher who published a bank changes it; the shared folder's banks stay everyone's.

Every request that changes a bank's file or its drafts goes through one rule
(authoring/owners.py): another teacher gets a 403 page that names the owner and the file on
disk stays as it was; the owner, and any teacher for a bank nobody owns, change it.
"""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import select

from quizapp.authoring.editor import to_fields
from quizapp.extensions import db
from quizapp.library import files as bankfiles
from quizapp.models import Bank
from tests.helpers.app import login_as, make_user
from tests.helpers.authoring import ARTICLE, page

BANK = "/teacher/banks/ferry"
HX = {"HX-Request": "true"}


def _questions(folder) -> list[dict]:
    return yaml.safe_load((folder / "ferry.yaml").read_text(encoding="utf-8"))["questions"]


def _first(folder) -> dict:
    return _questions(folder)[0]


def _yaml_edit(folder):
    question = {**_first(folder), "prompt": "Edited as YAML?"}
    question.pop("draft", None)
    return f"/review/{question['id']}/edit", {"question": bankfiles.question_yaml(question)}


def _form_edit(folder):
    question = _first(folder)
    fields = {**to_fields(question), "prompt": "Edited in the form?"}
    return f"/questions/{question['id']}/edit", fields


# Every POST that writes the bank's file: (name, path and form data for the bank in `folder`).
CHANGES = {
    "approve one draft": lambda folder: (f"/review/{_first(folder)['id']}/approve", {}),
    "discard one draft": lambda folder: (f"/review/{_first(folder)['id']}/discard", {}),
    "approve all drafts": lambda folder: ("/review/approve-all", {}),
    "discard all drafts": lambda folder: ("/review/discard-all", {}),
    "save a question as YAML": _yaml_edit,
    "save a question in the form": _form_edit,
    "hide the bank": lambda folder: ("/hide", {}),
    "delete the bank": lambda folder: ("/delete", {}),
}


@pytest.fixture
def owned(app, teacher, folder):
    """The "ferry" bank drafted (so owned) by Ms Teacher, and a second teacher's client."""
    client, owner_id = teacher
    response = client.post("/teacher/banks/draft", data={"bank_id": "ferry", "article": ARTICLE})
    assert response.status_code == 303, page(response)
    assert len(_questions(folder)) > 2
    last = _questions(folder)[-1]["id"]  # one approved question: discard-all has one to keep
    assert client.post(f"{BANK}/review/{last}/approve").status_code == 303
    with app.app_context():
        assert _bank().owner_id == owner_id
    other = app.test_client()
    login_as(other, make_user(app, "teacher2", role="teacher", display_name="Mr Other"))
    return client, other


def _bank() -> Bank:
    return db.session.scalar(select(Bank).where(Bank.slug == "ferry"))


def _file(folder) -> str | None:
    path = folder / "ferry.yaml"
    return path.read_text(encoding="utf-8") if path.exists() else None


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
@pytest.mark.parametrize("headers", [{}, HX], ids=["form", "htmx"])
def test_another_teacher_may_not_change_an_owned_bank(owned, folder, change, headers):
    _, other = owned
    before = _file(folder)
    path, data = change(folder)
    response = other.post(BANK + path, data=data, headers=headers)
    assert response.status_code == 403
    html = page(response)
    assert "Only Ms Teacher can change “" in html and "Nothing was changed" in html
    assert _file(folder) == before


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_the_owner_changes_their_bank(owned, folder, change):
    client, _ = owned
    before = _file(folder)
    path, data = change(folder)
    response = client.post(BANK + path, data=data)
    assert response.status_code == 303, page(response)
    assert _file(folder) != before, page(client.get(response.headers["Location"]))


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_bank_nobody_owns_is_changed_by_any_teacher(app, owned, folder, change):
    _, other = owned
    with app.app_context():
        _bank().owner_id = None  # as for a bank put in the shared folder by hand
        db.session.commit()
    before = _file(folder)
    path, data = change(folder)
    response = other.post(BANK + path, data=data)
    assert response.status_code == 303, page(response)
    assert _file(folder) != before


@pytest.mark.parametrize("form", ["/questions/{key}/edit", "/review/{key}/edit", "/delete"])
def test_the_change_forms_of_another_teachers_bank_are_refused(owned, folder, form):
    _, other = owned
    response = other.get(BANK + form.format(key=_first(folder)["id"]))
    assert response.status_code == 403
    assert "Only Ms Teacher can change" in page(response)


CHANGE_MARKS = (
    "/approve",
    "/discard",
    "approve-all",
    "discard-all",
    "/edit",
    "/hide",
    "/delete",
    "Approve",
    "Discard",
)


def test_another_teachers_bank_is_readable_without_change_buttons(owned, folder):
    _, other = owned
    for path in ("/review", "/questions"):
        response = other.get(BANK + path)
        assert response.status_code == 200
        html = page(response)
        assert "Only Ms Teacher can" in html and "You can read" in html
        assert _first(folder)["prompt"] in html
        main = html.split("<main", 1)[1]
        assert not [mark for mark in CHANGE_MARKS if mark in main.replace("Approve it", "")]
    listing = page(other.get("/teacher/banks/"))
    row = listing.split("(ferry)", 1)[1].split("</tr>", 1)[0]
    assert "Only Ms Teacher can change, hide or delete this bank" in row
    assert "Read the questions" in row and "Read " in row
    assert not [mark for mark in ("/hide", "/delete", "/edit") if mark in row]
    assert "/teacher/banks/sample/hide" in listing  # the shared folder's bank: still everyone's


def test_the_owner_sees_the_change_buttons(owned):
    client, _ = owned
    html = page(client.get(BANK + "/review"))
    assert "approve-all" in html and "/approve" in html and "Only Ms Teacher" not in html
    listing = page(client.get("/teacher/banks/"))
    assert f"{BANK}/hide" in listing and f"{BANK}/delete" in listing


def test_other_refusals_keep_the_general_message(app, client):
    login_as(client, make_user(app, "pupil"))
    response = client.get("/teacher/banks/")
    assert response.status_code == 403
    assert "Your account may not see this page." in page(response)


def test_the_file_writer_refuses_too(app, owned, folder):
    """A view that forgets bank_or_404(change=True) still cannot write another's bank."""
    from flask_login import login_user
    from werkzeug.exceptions import Forbidden

    from quizapp.authoring.saving import edit_file
    from quizapp.models import User

    before = _file(folder)
    with app.test_request_context():
        login_user(db.session.scalar(select(User).where(User.username == "teacher2")))
        with pytest.raises(Forbidden):
            edit_file(_bank(), bankfiles.approve_all)
    assert _file(folder) == before
