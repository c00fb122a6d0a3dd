"""The quiz loop through the test client: pages, fragments, storage, access."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Question
from tests.helpers.answers import right_form, wrong_form
from tests.helpers.quiz import spec_and_layout, started


def answer_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Answer))


def test_bank_list_shows_banks_and_counts(client):
    page = client.get("/").get_data(as_text=True)
    assert "Sample bank" in page
    assert "8 questions" in page
    assert "Tell us your name" in page


def test_learner_name_is_required(client):
    response = client.post("/learner", data={"name": "  "})
    assert response.status_code == 200
    assert "Type the name to show on your scores." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/banks/sample", "/banks/sample"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example/", "/"),
    ],
)
def test_learner_form_redirects_only_within_the_site(client, next_url, expected):
    response = client.post("/learner", data={"name": "Ada", "next": next_url})
    assert response.status_code == 303
    assert response.headers["Location"] == expected


def test_bank_page_and_unknown_bank(client):
    assert "Start the quiz" in client.get("/banks/sample").get_data(as_text=True)
    assert client.get("/banks/nope").status_code == 404


def test_start_without_a_name_asks_for_one(client):
    response = client.post("/banks/sample/attempts")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/learner?next=")


def test_question_page_does_not_reveal_the_answer(app, client, learner):
    attempt_id = started(learner)
    page = client.get(f"/attempts/{attempt_id}/1").get_data(as_text=True)
    assert "Which city is the capital of France?" in page
    assert "Question 1 of 8" in page
    for secret in ("correct", "Yes, Paris.", "Lyon is the third", "Paris has been the capital"):
        assert secret not in page
    # Choices are posted by display slot, never by a value that marks the right one.
    assert 'value="0"' in page and 'value="1"' in page


def test_answer_without_htmx_redirects_then_shows_feedback(app, client, learner):
    attempt_id = started(learner)
    spec, layout = spec_and_layout(app, attempt_id, 1)
    response = learner.answer(attempt_id, 1, right_form(spec, layout))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/attempts/{attempt_id}/1"
    page = client.get(f"/attempts/{attempt_id}/1").get_data(as_text=True)
    assert "<strong>Correct</strong>" in page
    assert "Paris has been the capital" in page
    assert "Source: paragraph 1" in page
    assert "Yes, Paris." in page
    assert "Next question" in page


def test_answer_with_htmx_returns_the_panel_and_the_feedback(app, client, learner):
    attempt_id = started(learner)
    spec, layout = spec_and_layout(app, attempt_id, 1)
    response = learner.answer(attempt_id, 1, wrong_form(spec, layout), htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<section id="question-panel"')
    assert 'id="feedback"' in body and 'hx-swap-oob="innerHTML"' in body
    assert "<strong>Incorrect</strong>" in body
    assert "Right answer:</strong> Paris" in body
    assert "HX-Request" in response.headers["Vary"]


def test_no_fragment_for_a_boosted_or_restoring_request(app, client, learner):
    """A boosted form post or a history restore navigates: it gets the page, not the blocks."""
    attempt_id = started(learner)
    for number, header in enumerate(("HX-Boosted", "HX-History-Restore-Request"), start=1):
        spec, layout = spec_and_layout(app, attempt_id, number)
        response = client.post(
            f"/attempts/{attempt_id}/{number}",
            data=wrong_form(spec, layout),
            headers={"HX-Request": "true", header: "true"},
        )
        assert response.status_code == 303
        assert response.headers["Location"] == f"/attempts/{attempt_id}/{number}"
        page = client.get(response.headers["Location"], headers={header: "true"})
        assert "<html" in page.get_data(as_text=True)


def test_submitting_twice_stores_one_answer_and_shows_the_same_feedback(app, client, learner):
    attempt_id = started(learner)
    spec, layout = spec_and_layout(app, attempt_id, 1)
    first = learner.answer(attempt_id, 1, right_form(spec, layout), htmx=True)
    second = learner.answer(attempt_id, 1, wrong_form(spec, layout), htmx=True)
    assert answer_count(app) == 1
    assert "<strong>Correct</strong>" in first.get_data(as_text=True)
    assert "<strong>Correct</strong>" in second.get_data(as_text=True)


@pytest.mark.parametrize("htmx", [False, True])
def test_an_empty_answer_gets_a_message_and_stores_nothing(app, client, learner, htmx):
    attempt_id = started(learner)
    response = learner.answer(attempt_id, 1, {}, htmx=htmx)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Choose an answer before submitting." in body
    assert ("<html" in body) is not htmx
    assert answer_count(app) == 0


def test_forged_ids_get_404(app, client, learner):
    attempt_id = started(learner)
    assert client.get(f"/attempts/{attempt_id + 100}/1").status_code == 404
    assert client.get(f"/attempts/{attempt_id}/99").status_code == 404
    assert client.get(f"/attempts/{attempt_id}/0").status_code == 404
    assert learner.answer(attempt_id, 99, {"answer": "0"}).status_code == 404
    assert client.get("/attempts/abc/1").status_code == 404


def test_another_learners_attempt_is_not_found(app, client, learner):
    attempt_id = started(learner)
    other = app.test_client()
    other.post("/learner", data={"name": "Eve"})
    assert other.get(f"/attempts/{attempt_id}/1").status_code == 404
    assert other.get(f"/attempts/{attempt_id}/summary").status_code == 404
    assert other.post(f"/attempts/{attempt_id}/1", data={"answer": "0"}).status_code == 404
    assert app.test_client().get(f"/attempts/{attempt_id}/1").status_code == 404
    assert answer_count(app) == 0


def take_whole_quiz(app, learner, attempt_id: int, *, right: bool = True) -> None:
    for number in range(1, 9):
        spec, layout = spec_and_layout(app, attempt_id, number)
        form = right_form(spec, layout) if right else wrong_form(spec, layout)
        response = learner.answer(attempt_id, number, form)
        assert response.status_code == 303, (spec.type, response.get_data(as_text=True))


def test_a_whole_quiz_of_every_type_is_scored_and_stored(app, client, learner):
    attempt_id = started(learner)
    take_whole_quiz(app, learner, attempt_id)
    response = client.get(f"/attempts/{attempt_id}")
    assert response.headers["Location"] == f"/attempts/{attempt_id}/summary"
    page = client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "8 of 8 points (100%)" in page
    assert "Retry the" not in page
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.finished_at is not None
        assert attempt.score == 8
        answers = attempt.answers
        assert [a.position for a in answers] == list(range(1, 9))
        assert all(a.correct and a.time_taken_ms >= 0 for a in answers)
        assert answers[0].response == 0  # the original index of Paris


def test_wrong_answers_are_stored_and_can_be_retried(app, client, learner):
    attempt_id = started(learner)
    take_whole_quiz(app, learner, attempt_id, right=False)
    page = client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "Incorrect" in page
    assert "Retry the 8 questions I missed" in page
    response = client.post(f"/attempts/{attempt_id}/retry")
    assert response.status_code == 303
    new_id = int(response.headers["Location"].split("/")[2])
    assert new_id != attempt_id
    with app.app_context():
        assert len(db.session.get(Attempt, new_id).question_ids) == 8


def test_retry_contains_only_the_missed_questions(app, client, learner):
    attempt_id = started(learner)
    spec, layout = spec_and_layout(app, attempt_id, 1)
    learner.answer(attempt_id, 1, right_form(spec, layout))
    spec, layout = spec_and_layout(app, attempt_id, 2)
    learner.answer(attempt_id, 2, wrong_form(spec, layout))
    client.post(f"/attempts/{attempt_id}/finish")
    response = client.post(f"/attempts/{attempt_id}/retry")
    new_id = int(response.headers["Location"].split("/")[2])
    with app.app_context():
        keys = [
            db.session.get(Question, i).key for i in db.session.get(Attempt, new_id).question_ids
        ]
    assert keys == ["primes", "sky", "author", "troops", "steps", "pairs", "fill"]


def test_summary_waits_until_the_attempt_is_finished(app, client, learner):
    attempt_id = started(learner)
    response = client.get(f"/attempts/{attempt_id}/summary")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/attempts/{attempt_id}"
    assert client.post(f"/attempts/{attempt_id}/finish").status_code == 303
    page = client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "0 of 8 points (0%)" in page
    assert "Not answered" in page


def test_test_mode_hides_feedback_until_the_end(app, client, learner):
    attempt_id = started(learner, mode="test")
    spec, layout = spec_and_layout(app, attempt_id, 1)
    body = learner.answer(attempt_id, 1, wrong_form(spec, layout), htmx=True).get_data(as_text=True)
    assert "Answer saved" in body
    assert "Incorrect" not in body and "Paris has been" not in body
    client.post(f"/attempts/{attempt_id}/finish")
    summary = client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "Incorrect" in summary and "Paris has been the capital" in summary


def test_answers_after_the_time_limit_are_refused(app, client, learner):
    attempt_id = started(learner, time_limit="5")
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.deadline - attempt.started_at == dt.timedelta(minutes=5)
        attempt.deadline = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        db.session.commit()
    spec, layout = spec_and_layout(app, attempt_id, 1)
    response = learner.answer(attempt_id, 1, right_form(spec, layout), htmx=True)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"/attempts/{attempt_id}/summary"
    assert answer_count(app) == 0
    page = client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "Time is up" in page


def test_timed_question_page_shows_the_countdown(app, client, learner):
    attempt_id = started(learner, time_limit="10")
    page = client.get(f"/attempts/{attempt_id}/1").get_data(as_text=True)
    assert 'id="countdown"' in page


def test_shuffled_attempt_keeps_its_order_on_reload(app, client, learner):
    attempt_id = started(learner, shuffle_questions="y", shuffle_choices="y")

    def panel(number: int) -> str:
        page = client.get(f"/attempts/{attempt_id}/{number}").get_data(as_text=True)
        start = page.index('<section id="question-panel"')
        panel = page[start : page.index("</section>", start)]
        # The CSRF token is signed with the time, so it may differ between loads.
        return re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', "", panel)

    for number in range(1, 9):
        assert panel(number) == panel(number)


def test_draw_and_tag_options(app, client, learner):
    attempt_id = started(learner, draw="3")
    with app.app_context():
        assert len(db.session.get(Attempt, attempt_id).question_ids) == 3
    response = learner.start(tag="places")
    new_id = int(response.headers["Location"].split("/")[2])
    with app.app_context():
        assert len(db.session.get(Attempt, new_id).question_ids) == 1


def test_bad_start_options_get_a_message(client, learner):
    learner.name()
    response = learner.start(draw="0")
    assert response.status_code == 200
    assert "Give a number from 1 up." in response.get_data(as_text=True)


def test_history_lists_this_learners_attempts(app, client, learner):
    assert client.get("/history").status_code == 303
    attempt_id = started(learner)
    take_whole_quiz(app, learner, attempt_id)
    page = client.get("/history").get_data(as_text=True)
    assert "Sample bank" in page and "8 / 8 (100%)" in page
    assert f"/attempts/{attempt_id}" in page
    other = app.test_client()
    other.post("/learner", data={"name": "Eve"})
    assert "Sample bank" not in other.get("/history").get_data(as_text=True)


def test_index_shows_best_score(app, client, learner):
    attempt_id = started(learner)
    take_whole_quiz(app, learner, attempt_id)
    assert "your best score: 100%" in client.get("/").get_data(as_text=True)


def test_csrf_is_required(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/learner", data={"name": "Ada"})
    assert response.status_code == 400
    assert "Form expired" in response.get_data(as_text=True)
    page = client.get("/learner").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/learner", data={"name": "Ada", "csrf_token": token}).status_code == 303


def test_unknown_pages_get_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_summary_offers_the_weakest_tag(app, client, learner):
    attempt_id = started(learner)
    spec, layout = spec_and_layout(app, attempt_id, 1)  # tagged "places"
    learner.answer(attempt_id, 1, wrong_form(spec, layout))
    spec, layout = spec_and_layout(app, attempt_id, 2)  # tagged "numbers"
    learner.answer(attempt_id, 2, right_form(spec, layout))
    client.post(f"/attempts/{attempt_id}/finish")
    page = client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "Practise my weakest tag: places" in page
    response = learner.start(tag="places", mode="practice")
    new_id = int(response.headers["Location"].split("/")[2])
    with app.app_context():
        keys = [
            db.session.get(Question, i).key for i in db.session.get(Attempt, new_id).question_ids
        ]
    assert keys == ["capital"]
