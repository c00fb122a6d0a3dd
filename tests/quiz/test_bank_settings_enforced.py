"""A bank whose settings make it a timed test is taken as one, and a test's review shows
the answer key only for what was answered, never for an empty attempt (issue 18)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from quizapp.extensions import db
from quizapp.library.sync import sync_folder
from quizapp.models import Attempt
from tests.helpers.answers import right_form
from tests.helpers.app import APP_BANKS
from tests.helpers.quiz import spec_and_layout

SETTINGS = "settings:\n  mode: test\n  time_limit_minutes: 10\nquestions:\n"


@pytest.fixture
def timed(app, tmp_path):
    """The sample bank again, as `timed`, with test mode and a 10-minute limit."""
    folder = tmp_path / "timed_banks"
    folder.mkdir()
    shutil.copy(APP_BANKS / "sample.yaml", folder / "sample.yaml")
    text = (APP_BANKS / "sample.yaml").read_text()
    text = text.replace("id: sample", "id: timed").replace("questions:\n", SETTINGS, 1)
    (folder / "timed.yaml").write_text(text)
    app.config["QUESTIONS_DIR"] = str(folder)
    with app.app_context():
        report = sync_folder(folder)
        assert "timed" in report.stored, report.problems
    return "timed"


def attempt_of(app, location: str) -> Attempt:
    with app.app_context():
        attempt = db.session.get(Attempt, int(location.split("/")[2]))
        db.session.expunge(attempt)
        return attempt


@pytest.mark.parametrize(
    "options",
    [
        {"mode": "practice"},
        {"mode": "practice", "time_limit": "600"},
        {"mode": "test", "time_limit": "1"},
        {"mode": "test", "time_limit": ""},
    ],
)
def test_a_learner_cannot_make_a_timed_test_untimed_practice(app, learner, timed, options):
    learner.name("Ada")
    response = learner.start(timed, **options)
    if response.status_code == 200:  # practice is no choice here: the form says so
        assert "Not a valid choice" in response.get_data(as_text=True)
        return
    attempt = attempt_of(app, response.headers["Location"])
    assert attempt.mode == "test"
    assert attempt.deadline - attempt.started_at == dt.timedelta(minutes=10)


def test_the_start_form_offers_only_test_mode_and_shows_the_limit(learner, timed):
    learner.name("Ada")
    html = learner.client.get(f"/banks/{timed}").get_data(as_text=True)
    assert 'value="practice"' not in html
    assert "This bank sets the time limit: 10 minutes." in html


def test_an_empty_test_attempt_shows_no_answer_key(app, learner):
    learner.name("Ada")
    location = learner.start(mode="test").headers["Location"]
    attempt_id = location.split("/")[2]
    learner.client.post(f"/attempts/{attempt_id}/finish")
    html = learner.client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "Paris has been the capital" not in html  # an explanation
    assert "Not shown for a question left unanswered" in html


def test_a_test_banks_review_shows_the_key_only_for_answered_questions(app, learner, timed):
    learner.name("Ada")
    location = learner.start(timed, mode="test").headers["Location"]
    attempt_id = int(location.split("/")[2])
    learner.answer(attempt_id, 1, right_form(*spec_and_layout(app, attempt_id, 1)))
    learner.client.post(f"/attempts/{attempt_id}/finish")
    html = learner.client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    spec, _ = spec_and_layout(app, attempt_id, 1)
    assert spec.explanation in html
    assert html.count("Not shown for a question left unanswered") == 7


def test_practice_reviews_show_every_answer(app, learner):
    learner.name("Ada")
    location = learner.start(mode="practice").headers["Location"]
    attempt_id = location.split("/")[2]
    learner.client.post(f"/attempts/{attempt_id}/finish")
    html = learner.client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "Not shown" not in html
