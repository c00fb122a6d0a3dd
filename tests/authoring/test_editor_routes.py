"""The form editor in the app: every type edited and served, errors, rows, access."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from sqlalchemy import select

from quizapp.authoring.editor import to_fields
from quizapp.extensions import db
from quizapp.models import Question

from .test_editor import ALL_TYPES, QUESTIONS

URL = "/teacher/banks/all-types/questions"


@pytest.fixture
def folder(app, tmp_path):
    """A bank folder holding a bank with every question type, imported."""
    from quizapp.library.sync import sync_folder

    path = tmp_path / "editor_banks"
    path.mkdir()
    shutil.copy(ALL_TYPES, path / "all_types.yaml")
    app.config["QUESTIONS_DIR"] = str(path)
    with app.app_context():
        sync_folder(path)
    return path


def in_file(folder, key: str) -> dict:
    bank = yaml.safe_load((folder / "all_types.yaml").read_text(encoding="utf-8"))
    return next(q for q in bank["questions"] if q["id"] == key)


def page(response) -> str:
    return response.get_data(as_text=True)


def test_every_type_is_edited_in_the_form_and_served(app, teacher, folder):
    client, _ = teacher
    for key in [q["id"] for q in QUESTIONS]:
        question = in_file(folder, key)
        form = page(client.get(f"{URL}/{key}/edit"))
        assert 'name="prompt"' in form and "Edit as YAML" in form
        with app.app_context():
            old = db.session.scalar(select(Question).where(Question.key == key, Question.active))
        fields = {**to_fields(question), "prompt": f"Edited: {key}?"}
        response = client.post(f"{URL}/{key}/edit", data=fields)
        assert response.status_code == 303, page(response)
        draft = question.get("draft", False)  # tf-false is a draft: it stays one
        assert response.headers["Location"].endswith("/review" if draft else URL)
        assert in_file(folder, key) == {**question, "prompt": f"Edited: {key}?"}
        with app.app_context():
            rows = db.session.scalars(select(Question).where(Question.key == key)).all()
            current = [row for row in rows if row.active]
            assert [row.data["prompt"] for row in current] == [f"Edited: {key}?"]
            assert current[0].served is not draft
            # A new version: the old row stays for the answers already given to it.
            assert db.session.get(Question, old.id).active is False


def test_the_question_list_links_both_editors(teacher, folder):
    client, _ = teacher
    html = page(client.get(URL))
    assert html.count('/edit"') >= 2 * len(QUESTIONS)
    assert "Edit as YAML" in html
    assert "/teacher/banks/all-types/questions" in page(client.get("/teacher/banks/"))


def test_errors_stand_next_to_their_fields_and_nothing_is_written(teacher, folder):
    client, _ = teacher
    before = (folder / "all_types.yaml").read_text(encoding="utf-8")
    question = in_file(folder, "single-1")
    fields = {**to_fields(question), "choice-1-text": question["choices"][0]["text"]}
    fields["points"] = "lots"
    response = client.post(f"{URL}/single-1/edit", data=fields)
    html = page(response)
    assert response.status_code == 200
    assert re.search(r'id="f-points-error">Write a number', html)
    assert 'aria-describedby="f-points-error"' in html and 'value="lots"' in html
    assert (folder / "all_types.yaml").read_text(encoding="utf-8") == before
    fields["points"] = "2"
    html = page(client.post(f"{URL}/single-1/edit", data=fields))
    assert re.search(r'id="f-choice-1-text-error">Duplicate choice', html)


def test_add_more_rows_re_renders_with_more_and_saves_nothing(teacher, folder):
    client, _ = teacher
    before = (folder / "all_types.yaml").read_text(encoding="utf-8")
    key = next(q["id"] for q in QUESTIONS if q["type"] == "ordering")
    question = in_file(folder, key)
    fields = {**to_fields(question), "prompt": "Kept while adding rows", "extra": "3"}
    html = page(client.post(f"{URL}/{key}/edit", data={**fields, "add_rows": "1"}))
    count = len(question["items"])
    assert f'name="item-{count + 5}-text"' in html and f'name="item-{count + 6}-text"' not in html
    assert 'value="Kept while adding rows"' not in html  # the prompt is a textarea
    assert ">Kept while adding rows</textarea>" in html
    assert (folder / "all_types.yaml").read_text(encoding="utf-8") == before


def test_a_draft_edited_in_the_form_stays_a_draft(app, teacher, folder):
    client, _ = teacher
    text = (folder / "all_types.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: single-1\n", "  - id: single-1\n    draft: true\n", 1)
    (folder / "all_types.yaml").write_text(text, encoding="utf-8")
    from quizapp.library.sync import sync_folder

    with app.app_context():
        sync_folder(folder)
    fields = {**to_fields(in_file(folder, "single-1")), "prompt": "Still a draft?"}
    response = client.post(f"{URL}/single-1/edit", data=fields)
    assert response.headers["Location"].endswith("/teacher/banks/all-types/review")
    assert in_file(folder, "single-1")["draft"] is True


def test_the_yaml_editor_keeps_a_published_question_published(teacher, folder):
    client, _ = teacher
    question = in_file(folder, "single-1")
    edited = yaml.safe_dump({**question, "prompt": "Through YAML"}, sort_keys=False)
    response = client.post(
        "/teacher/banks/all-types/review/single-1/edit", data={"question": edited}
    )
    assert response.status_code == 303
    assert "draft" not in in_file(folder, "single-1")


def test_unknown_banks_and_questions_are_not_found(teacher, folder):
    client, _ = teacher
    assert client.get("/teacher/banks/nope/questions").status_code == 404
    assert client.get(f"{URL}/nope/edit").status_code == 404
    assert client.post(f"{URL}/nope/edit").status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_students_and_visitors_may_not_edit(client, student, folder, method):
    for url in (URL, f"{URL}/single-1/edit"):
        if method == "post" and url == URL:
            continue
        assert getattr(student[0], method)(url).status_code == 403
        response = getattr(client, method)(url)
        assert response.status_code in (302, 303) and "/signin" in response.headers["Location"]
