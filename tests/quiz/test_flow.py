"""Starting in one step, continuing, test mode (change, flag, finish page) and the results."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from quizapp.answering.grading import grade
from quizapp.answering.parse import parse_response
from quizapp.answering.review import answer_rows, form_values, marked_choices
from quizapp.extensions import db
from quizapp.models import Answer, Attempt, CardProgress, Question
from quizapp.quiz import attempts as svc
from tests.helpers.answers import right_form, wrong_form


def attempt_id_of(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].split("/")[2])


def spec_and_layout(app, attempt_id: int, number: int):
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        row = db.session.get(Question, attempt.question_ids[number - 1])
        return row.spec, svc.layout_for(attempt, row)


def stored(app, attempt_id: int) -> list[Answer]:
    with app.app_context():
        return db.session.scalars(
            select(Answer).where(Answer.attempt_id == attempt_id).order_by(Answer.position)
        ).all()


# Starting in one step


def test_a_new_guest_names_themselves_in_the_start_form(app, client):
    page = client.get("/banks/sample").get_data(as_text=True)
    assert 'name="name"' in page and "autofocus" in page
    response = client.post("/banks/sample/attempts", data={"name": " Grace ", "mode": "test"})
    attempt_id = attempt_id_of(response)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.user.display_name == "Grace" and attempt.mode == "test"
    # The name is remembered: the next start form does not ask again.
    assert 'name="name"' not in client.get("/banks/sample").get_data(as_text=True)


def test_start_errors_keep_the_options_open_the_section_and_focus_the_first(client):
    response = client.post(
        "/banks/sample/attempts", data={"name": "", "draw": "0", "time_limit": "9999"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Type the name to show on your scores." in page
    assert "Give a number from 1 up." in page
    assert "Give a time limit from 1 to 600 minutes." in page
    assert '<details class="options" open>' in page
    # The first field with an error has the focus; the options chosen are still there.
    name_input = page[page.index('id="name"') - 200 : page.index('id="name"') + 200]
    assert "autofocus" in name_input
    assert 'value="9999"' in page and 'value="0"' in page
    response = client.post("/banks/sample/attempts", data={"name": "Ada", "draw": "0"})
    page = response.get_data(as_text=True)
    draw = page[page.index('id="draw"') - 200 : page.index('id="draw"') + 200]
    assert "autofocus" in draw and '<details class="options" open>' in page


def test_an_attempt_in_progress_is_a_primary_continue_button(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start())
    for number in (1, 2):
        spec, layout = spec_and_layout(app, attempt_id, number)
        learner.answer(attempt_id, number, right_form(spec, layout))
    for path in ("/", "/banks/sample"):
        page = client.get(path).get_data(as_text=True)
        assert f'class="button primary" href="/attempts/{attempt_id}/3"' in page, path
        assert "Continue (question 3 of 8)" in page, path
    assert 'class="secondary large">Start the quiz' in client.get("/banks/sample").get_data(
        as_text=True
    )


# Answering


def test_an_empty_answer_keeps_what_was_filled_in(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start())
    spec, layout = spec_and_layout(app, attempt_id, 7)  # matching: answer only one of the pairs
    form = right_form(spec, layout)
    first = next(iter(form))
    body = learner.answer(attempt_id, 7, {first: form[first]}, htmx=True).get_data(as_text=True)
    assert "Choose a match for every item." in body
    assert f'<option value="{form[first]}" selected>' in body


def test_no_empty_feedback_box_before_answering(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start())
    page = client.get(f"/attempts/{attempt_id}/1").get_data(as_text=True)
    assert '<div id="feedback" role="status"></div>' in page


@pytest.mark.parametrize("number", range(1, 9))
def test_after_answering_every_type_shows_the_answer_and_the_right_one(
    app, client, learner, number
):
    learner.name()
    attempt_id = attempt_id_of(learner.start())
    spec, layout = spec_and_layout(app, attempt_id, number)
    learner.answer(attempt_id, number, wrong_form(spec, layout))
    page = client.get(f"/attempts/{attempt_id}/{number}").get_data(as_text=True)
    panel = page[page.index('id="question-panel"') : page.index("</section>")]
    assert "<form" not in panel
    if spec.type in ("single", "multiple", "true_false"):
        assert "Your answer</span>" in panel and "Right answer</span>" in panel
    else:
        assert '<table class="answer-table">' in panel
        assert "Wrong</span>" in panel


# Test mode


def test_test_mode_answers_change_until_finished_and_the_last_is_kept(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start(mode="test"))
    spec, layout = spec_and_layout(app, attempt_id, 1)
    first = learner.answer(attempt_id, 1, wrong_form(spec, layout), htmx=True)
    body = first.get_data(as_text=True)
    assert "Answer saved" in body and "Incorrect" not in body
    assert 'name="answer"' in body  # the form stays, filled in
    learner.answer(attempt_id, 1, right_form(spec, layout), htmx=True)
    answers = stored(app, attempt_id)
    assert len(answers) == 1 and answers[0].correct
    # Every question answered: the attempt waits for "Submit all and finish".
    for number in range(2, 9):
        spec, layout = spec_and_layout(app, attempt_id, number)
        learner.answer(attempt_id, number, right_form(spec, layout))
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).finished_at is None
    response = client.get(f"/attempts/{attempt_id}")
    assert response.headers["Location"] == f"/attempts/{attempt_id}/finish"
    client.post(f"/attempts/{attempt_id}/finish")
    # Finished: no more changes.
    spec, layout = spec_and_layout(app, attempt_id, 1)
    learner.answer(attempt_id, 1, wrong_form(spec, layout))
    answers = stored(app, attempt_id)
    assert len(answers) == 8 and answers[0].correct
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).score == 8


def test_test_mode_mistakes_join_the_flashcards_when_finished(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start(mode="test"))
    spec, layout = spec_and_layout(app, attempt_id, 1)
    learner.answer(attempt_id, 1, wrong_form(spec, layout))

    def queued() -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(CardProgress))

    assert queued() == 0
    client.post(f"/attempts/{attempt_id}/finish")
    assert queued() == 1


def test_flags_show_in_the_navigator_and_on_the_finish_page(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start(mode="test"))
    spec, layout = spec_and_layout(app, attempt_id, 2)
    learner.answer(attempt_id, 2, right_form(spec, layout))
    response = client.post(f"/attempts/{attempt_id}/2/flag", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<form id="flag-toggle"')
    assert 'aria-pressed="true"' in body
    assert 'id="navigator"' in body and 'hx-swap-oob="true"' in body
    assert '<span class="visually-hidden">Question 2, answered, flagged</span>' in body
    client.post(f"/attempts/{attempt_id}/5/flag")
    assert client.post(f"/attempts/{attempt_id}/5/flag").status_code == 303  # off again
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).flagged == [2]
    page = client.get(f"/attempts/{attempt_id}/finish").get_data(as_text=True)
    assert "Not answered yet (7)" in page and "Flagged for review (1)" in page
    assert "Submit all and finish" in page
    assert client.post(f"/attempts/{attempt_id}/9/flag").status_code == 404


def test_practice_finish_asks_first_when_questions_are_unanswered(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start())
    page = client.get(f"/attempts/{attempt_id}/1").get_data(as_text=True)
    assert f'href="/attempts/{attempt_id}/finish"' in page
    page = client.get(f"/attempts/{attempt_id}/finish").get_data(as_text=True)
    assert "Not answered yet (8)" in page
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).finished_at is None


# Results


def test_results_count_right_partly_wrong_and_filter_the_missed(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start())
    for number in range(1, 9):
        spec, layout = spec_and_layout(app, attempt_id, number)
        form = wrong_form(spec, layout) if number in (1, 2) else right_form(spec, layout)
        learner.answer(attempt_id, number, form)
    page = client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "Right</dt><dd>6</dd>" in page.replace("\n", "").replace("  ", "") or (
        "<dd>6</dd>" in page
    )
    assert page.count("<details>") == 8
    assert "Only the ones I missed (2)" in page
    missed = client.get(f"/attempts/{attempt_id}/summary?show=missed").get_data(as_text=True)
    assert missed.count("<details>") == 2
    assert "Time taken" in page and "Time is up" not in page


def test_results_say_time_is_up_when_the_server_ended_it(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start(time_limit="5"))
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        attempt.deadline = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        db.session.commit()
    page = client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "Time is up: the attempt ended when its time limit ran out." in page


# The answer shown on its question (pure)


def test_form_values_submit_the_response_they_came_from(app):
    from quizapp.answering.layout import make_layout

    with app.app_context():
        rows = db.session.scalars(select(Question).order_by(Question.position)).all()
        specs = [row.spec for row in rows]
    for spec in specs:
        for seed in ("a", "b", "c", "d"):
            layout = make_layout(spec, seed, shuffle_choices=True)
            for make_form in (right_form, wrong_form):
                response = parse_response(spec, layout, _multi(make_form(spec, layout)))
                values = form_values(spec, layout, response)
                assert parse_response(spec, layout, _multi(values)) == response, spec.id
                marks = marked_choices(spec, layout, response)
                rows_ = answer_rows(spec, response, grade(spec, response))
                assert marks or rows_, spec.id
                if marks:
                    assert any(m.chosen for m in marks) and any(m.right for m in marks)
                else:
                    assert all(r.ok for r in rows_) == (make_form is right_form)


def _multi(form: dict) -> MultiDict:
    return MultiDict(
        [(k, v) for k, vs in form.items() for v in (vs if isinstance(vs, list) else [vs])]
    )


def test_a_response_that_no_longer_fits_gives_nothing(app):
    with app.app_context():
        row = db.session.scalars(select(Question).where(Question.key == "capital")).one()
        spec = row.spec
    from quizapp.answering.layout import make_layout

    layout = make_layout(spec, "seed", shuffle_choices=False)
    assert form_values(spec, layout, 99) == {}
    # Nothing is marked as chosen; the right answer still is.
    marks = marked_choices(spec, layout, "nonsense")
    assert not any(m.chosen for m in marks) and [m.text for m in marks if m.right] == ["Paris"]


def test_a_changed_test_answer_after_the_time_limit_is_refused(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start(mode="test", time_limit="5"))
    spec, layout = spec_and_layout(app, attempt_id, 1)
    learner.answer(attempt_id, 1, right_form(spec, layout))
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        attempt.deadline = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        db.session.commit()
    response = learner.answer(attempt_id, 1, wrong_form(spec, layout))
    assert response.headers["Location"] == f"/attempts/{attempt_id}/summary"
    answers = stored(app, attempt_id)
    assert len(answers) == 1 and answers[0].correct
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).finished_at is not None


def test_the_theme_switch_sets_a_cookie_and_returns_to_the_page(client):
    response = client.post("/preferences", data={"theme": "dark", "next": "/banks/sample"})
    assert response.status_code == 303 and response.headers["Location"] == "/banks/sample"
    assert "theme=dark" in response.headers["Set-Cookie"]
    assert '<html lang="en" class="theme-dark">' in client.get("/").get_data(as_text=True)
    client.post("/preferences", data={"theme": "purple", "next": "//evil.example/"})
    page = client.get("/").get_data(as_text=True)
    assert 'class="theme-dark"' in page  # an unknown theme changes nothing
    assert client.post("/preferences", data={"next": "//evil.example/"}).location == "/"
    # A page drawn for a POST (a start form with errors) returns to where the form was.
    page = client.post(
        "/banks/sample/attempts",
        data={"name": ""},
        headers={"Referer": "http://localhost/banks/sample"},
    ).get_data(as_text=True)
    assert 'name="next" value="/banks/sample"' in page


@pytest.mark.parametrize("secure", [False, True])
def test_the_theme_script_writes_the_cookie_the_server_writes(app, client, secure):
    app.config["SESSION_COOKIE_SECURE"] = secure
    page = client.get("/").get_data(as_text=True)
    written = re.search(r'data-cookie-attributes="([^"]*)"', page).group(1)
    response = client.post("/preferences", data={"theme": "dark", "next": "/"})
    sent = response.headers["Set-Cookie"].split("; ")
    # The server's cookie: theme=dark, then Expires, Max-Age, Secure, Path, SameSite.
    assert sent[0] == "theme=dark"
    assert {a.lower() for a in written.split("; ")[1:]} == {
        a.lower() for a in sent[1:] if not a.startswith("Expires=")
    }
    assert ("; secure" in written) is secure


def test_shortcuts_can_be_turned_off(app, client, learner):
    learner.name()
    attempt_id = attempt_id_of(learner.start())
    assert 'data-shortcuts="on"' in client.get(f"/attempts/{attempt_id}/1").get_data(as_text=True)
    client.post("/preferences", data={"shortcuts": "off", "next": f"/attempts/{attempt_id}/1"})
    page = client.get(f"/attempts/{attempt_id}/1").get_data(as_text=True)
    assert 'data-shortcuts="off"' in page and "Turn on single-key shortcuts" in page


def test_answer_on_tap_is_offered_on_one_answer_practice_questions_and_can_be_turned_off(
    app, client, learner
):
    learner.name()
    practice = attempt_id_of(learner.start())
    page = client.get(f"/attempts/{practice}/1").get_data(as_text=True)  # single
    assert 'data-answer-on-tap="on"' in page and "Tap an answer to send it." in page
    assert "Turn off answer on tap" in page
    assert "Tap an answer" in client.get(f"/attempts/{practice}/3").get_data(as_text=True)
    # Several answers, or a typed one: choosing is not sending.
    for number in (2, 4):
        page = client.get(f"/attempts/{practice}/{number}").get_data(as_text=True)
        assert "data-answer-on-tap" not in page and "Tap an answer" not in page
    spec, layout = spec_and_layout(app, practice, 1)
    answered = learner.answer(practice, 1, right_form(spec, layout), htmx=True)
    assert "data-answer-on-tap" not in answered.get_data(as_text=True)
    # Test mode keeps answers changeable until the end: a tap only chooses.
    test = attempt_id_of(learner.start(mode="test"))
    page = client.get(f"/attempts/{test}/1").get_data(as_text=True)
    assert "data-answer-on-tap" not in page and "answer on tap" not in page
    client.post("/preferences", data={"tap": "off", "next": f"/attempts/{practice}/3"})
    page = client.get(f"/attempts/{practice}/3").get_data(as_text=True)
    assert "data-answer-on-tap" not in page and "Turn on answer on tap" in page
