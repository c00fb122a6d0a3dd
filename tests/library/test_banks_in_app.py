"""Banks in the running app: import, versioning, broken files, the CLI."""

from __future__ import annotations

import shutil

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.library.sync import sync_folder
from quizapp.models import Attempt, Bank, BankProblem, Question
from tests.helpers.answers import right_form
from tests.helpers.app import APP_BANKS, login_as, make_user
from tests.helpers.quiz import spec_and_layout, started

BROKEN = "title: Broken\nquestions:\n  - id: q1\n    type: single\n\tprompt: tab\n"


def copy_banks(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(APP_BANKS / "sample.yaml", folder / "sample.yaml")
    return folder


def test_a_broken_file_does_not_stop_the_good_ones(app, tmp_path):
    folder = copy_banks(tmp_path)
    (folder / "broken.yaml").write_text(BROKEN)
    with app.app_context():
        report = sync_folder(folder)
        assert report.problems
        assert db.session.scalar(select(Bank).where(Bank.slug == "sample")).active
        problems = db.session.scalars(select(BankProblem)).all()
        assert problems and all(p.path.endswith("broken.yaml") for p in problems)
    app.config["QUESTIONS_DIR"] = str(folder)
    client = app.test_client()
    assert "Sample bank" in client.get("/").get_data(as_text=True)
    # The problems are for teachers: students see no notice, and /problems moved.
    assert "problem" not in client.get("/").get_data(as_text=True)
    moved = client.get("/problems")
    assert moved.status_code == 301
    assert moved.headers["Location"].startswith("/teacher/banks/")
    teacher = app.test_client()
    login_as(teacher, make_user(app, "teach", role="teacher"))
    assert "1 problem in the bank files" in teacher.get("/").get_data(as_text=True)
    page = teacher.get("/teacher/banks/").get_data(as_text=True)
    assert "broken.yaml:5:" in page


def test_editing_a_question_keeps_old_answers_true(app, client, learner, tmp_path):
    folder = copy_banks(tmp_path)
    with app.app_context():
        sync_folder(folder)
    attempt_id = started(learner)
    spec, layout = spec_and_layout(app, attempt_id, 1)
    learner.answer(attempt_id, 1, right_form(spec, layout))
    text = (folder / "sample.yaml").read_text()
    text = text.replace("Which city is the capital of France?", "Name the capital of France.")
    text = text.replace("  - id: sky\n", "  - id: sky-gone\n", 1)
    (folder / "sample.yaml").write_text(text)
    with app.app_context():
        report = sync_folder(folder)
        assert report.stored == ["sample"]
        versions = db.session.scalars(
            select(Question).where(Question.key == "capital").order_by(Question.id)
        ).all()
        assert len(versions) == 2
        assert [v.active for v in versions] == [False, True]
        assert not db.session.scalar(select(Question).where(Question.key == "sky")).active
    old_page = client.get(f"/attempts/{attempt_id}/1").get_data(as_text=True)
    assert "Which city is the capital of France?" in old_page
    response = learner.start()
    new_id = int(response.headers["Location"].split("/")[2])
    with app.app_context():
        keys = [
            db.session.get(Question, i).key for i in db.session.get(Attempt, new_id).question_ids
        ]
        assert "sky" not in keys and "sky-gone" in keys
    assert "Name the capital of France." in client.get(f"/attempts/{new_id}/1").get_data(
        as_text=True
    )


def test_reimporting_an_unchanged_folder_changes_nothing(app, tmp_path):
    folder = copy_banks(tmp_path)
    with app.app_context():
        sync_folder(folder)
        before = db.session.scalars(select(Question.id)).all()
        report = sync_folder(folder)
        assert report.unchanged == ["sample"] and report.stored == []
        assert db.session.scalars(select(Question.id)).all() == before


def test_a_removed_file_hides_its_bank(app, client, tmp_path):
    folder = copy_banks(tmp_path)
    with app.app_context():
        sync_folder(folder)
    (folder / "sample.yaml").unlink()
    with app.app_context():
        report = sync_folder(folder)
        assert report.removed == ["sample"]
    assert client.get("/banks/sample").status_code == 404


def test_cli_validate_good_and_broken(runner, tmp_path):
    folder = copy_banks(tmp_path)
    result = runner.invoke(args=["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert "1 bank file OK." in result.output
    (folder / "broken.yaml").write_text(BROKEN)
    result = runner.invoke(args=["validate", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / 'broken.yaml'}:5:" in result.output


def test_cli_validate_missing_path(runner, tmp_path):
    result = runner.invoke(args=["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


def test_cli_import_folder_and_file(app, runner, tmp_path):
    folder = copy_banks(tmp_path)
    result = runner.invoke(args=["import", str(folder)])
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.output
    other = tmp_path / "other.yaml"
    other.write_text((APP_BANKS / "sample.yaml").read_text().replace("id: sample", "id: other"))
    result = runner.invoke(args=["import", str(other)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(Bank).where(Bank.slug == "other")) is not None


def test_shipped_questions_folder_validates(runner):
    from quizapp.config import PROJECT_ROOT

    result = runner.invoke(args=["validate", str(PROJECT_ROOT / "questions")])
    assert result.exit_code == 0, result.output


DECK = """\
id: deck
title: A deck of cards
source: {title: T, author: A, published: 2024-01-06}
cards:
  - {id: c1, front: Hund, back: dog, source: 1}
"""


def test_a_flashcard_deck_has_no_quiz_to_start(app, client, tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK)
    with app.app_context():
        report = sync_folder(folder)
        assert report.stored == ["deck"] and report.problems == []
    page = client.get("/banks/deck").get_data(as_text=True)
    assert "This bank is a flashcard deck" in page
    assert "Start the quiz" not in page
