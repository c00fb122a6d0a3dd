"""Drafts stay drafts: a bank with nothing approved is not listed for students."""

from __future__ import annotations

from pathlib import Path

from quizapp.library.sync import sync_folder
from tests.helpers.app import login_as, make_user

BANK = """\
id: ferry-draft
title: The ferry returns
source: {{title: Ferry news, published: 2024-03-05}}
questions:
  - id: one
    type: true_false
    prompt: The ferry carries 120 passengers.
    answer: true
    source: 1
    draft: {first_draft}
  - id: two
    type: true_false
    prompt: The ferry sails at night.
    answer: false
    source: 1
    draft: true
"""


def _write(app, *, first_draft: bool) -> None:
    folder = Path(app.config["QUESTIONS_DIR"])
    (folder / "ferry-draft.yaml").write_text(
        BANK.format(first_draft="true" if first_draft else "false")
    )
    with app.app_context():
        assert not sync_folder(folder).problems


def test_a_bank_with_no_approved_question_is_invisible_to_students(app, client):
    _write(app, first_draft=True)
    client.post("/learner", data={"name": "Ada"})
    assert "The ferry returns" not in client.get("/").get_data(as_text=True)
    assert client.get("/banks/ferry-draft").status_code == 404
    assert client.post("/banks/ferry-draft/attempts", data={}).status_code == 404
    assert "The ferry returns" not in client.get("/history").get_data(as_text=True)
    teacher = app.test_client()
    login_as(teacher, make_user(app, "teach", role="teacher"))
    assert teacher.get("/banks/ferry-draft").status_code == 200  # its teacher previews it


def test_with_one_approved_question_it_shows_one_question_everywhere(app, client):
    _write(app, first_draft=False)
    client.post("/learner", data={"name": "Ada"})
    home = " ".join(client.get("/").get_data(as_text=True).split())
    assert "The ferry returns" in home
    assert "1 question" in home and "2 questions" not in home
    page = " ".join(client.get("/banks/ferry-draft").get_data(as_text=True).split())
    assert "1 question," in page
    started = client.post("/banks/ferry-draft/attempts", data={})
    assert started.status_code == 303
