"""Links in the bank folder are not followed out of it, and no problem message quotes a
file outside it (issue 18, finding 5)."""

from __future__ import annotations

from quizapp.banks import load_folder, validate_paths
from tests.helpers.authoring import NEW_BANK

SECRET = "hunter2: the database password\n"


def test_a_link_out_of_the_folder_is_a_problem_that_quotes_nothing(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    outside = tmp_path / "secret.yaml"
    outside.write_text(SECRET)
    (folder / "secret.yaml").symlink_to(outside)
    (folder / "planets.yaml").write_text(NEW_BANK)
    result = load_folder(folder)
    assert [bank.bank.id for bank in result.banks] == ["planets"]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.path == str(folder / "secret.yaml")
    assert "outside the bank folder" in problem.message
    assert "hunter2" not in str(problem) and str(outside) not in str(problem)
    assert [str(p) for p in validate_paths([folder])] == [str(problem)]


def test_a_link_inside_the_folder_is_read(tmp_path):
    folder = tmp_path / "questions"
    (folder / "drafts").mkdir(parents=True)
    (folder / "drafts" / "planets.yaml").write_text(NEW_BANK)
    (folder / "planets.yaml").symlink_to(folder / "drafts" / "planets.yaml")
    result = load_folder(folder)
    assert [bank.bank.id for bank in result.banks] == ["planets"]
    assert result.problems == []


def test_the_app_lists_the_link_as_a_problem(app, tmp_path):
    from quizapp.extensions import db
    from quizapp.library.sync import sync_folder
    from quizapp.models import BankProblem

    folder = tmp_path / "linked"
    folder.mkdir()
    (tmp_path / "secret.yaml").write_text(SECRET)
    (folder / "secret.yaml").symlink_to(tmp_path / "secret.yaml")
    with app.app_context():
        report = sync_folder(folder)
        assert report.stored == []
        messages = [p.message for p in db.session.query(BankProblem)]
        assert len(messages) == 1 and "hunter2" not in messages[0]
