"""A student takes a whole quiz in Chromium, with JavaScript and without it."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer
from tests.helpers.answers import right_form, wrong_form
from tests.helpers.browser import audit, name_the_guest
from tests.helpers.driving import answer, current_question, keyboard_answer, press_next


def start_quiz(page, base: str) -> None:
    page.goto(base + "/")
    audit(page)
    page.get_by_role("link", name="Tell us your name").click()
    page.wait_for_url("**/learner")
    audit(page)
    page.get_by_label("Your name").fill("Grace")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Sample bank").click()
    page.wait_for_url("**/banks/sample")
    audit(page)
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")


def test_student_takes_a_quiz_with_htmx_and_no_page_reload(app, live_server, page):
    start_quiz(page, live_server)
    for number in range(1, 9):
        page.wait_for_url(f"**/attempts/*/{number}")
        expect(page.get_by_text(f"Question {number} of 8")).to_be_visible()
        if number in (1, 8):
            audit(page)
        spec, layout = current_question(app, page)
        form = wrong_form(spec, layout) if number == 2 else right_form(spec, layout)
        page.evaluate("window.__sameDocument = true")
        answer(page, form)
        verdict = "Incorrect" if number == 2 else "Correct"
        status = page.get_by_role("status")
        status.get_by_text(verdict, exact=True).wait_for()
        assert page.evaluate("window.__sameDocument") is True, "the page reloaded"
        expect(status).to_contain_text("Why:")
        expect(status).to_contain_text("Source: paragraph")
        if number == 1:
            audit(page)
        nxt = "See your results" if number == 8 else "Next question"
        link = page.get_by_role("link", name=nxt)
        expect(link).to_be_focused()  # htmx moves focus there once the swap settles
        link.click()
    page.wait_for_url("**/summary")
    expect(page.get_by_text("7 of 8 points")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="My scores").first.click()
    page.wait_for_url("**/history")
    expect(page.get_by_role("cell", name="Sample bank")).to_be_visible()
    audit(page)
    with app.app_context():
        answers = db.session.scalars(select(Answer)).all()
        assert len(answers) == 8
        assert sum(a.correct for a in answers) == 7


def test_student_takes_a_quiz_without_javascript(app, live_server, nojs_page):
    page = nojs_page
    start_quiz_nojs(page, live_server)
    for number in range(1, 9):
        page.wait_for_url(f"**/attempts/*/{number}")
        spec, layout = current_question(app, page)
        answer(page, right_form(spec, layout))
        page.wait_for_url(f"**/attempts/*/{number}")
        expect(page.get_by_role("status").get_by_text("Correct", exact=True)).to_be_visible()
        page.get_by_role(
            "link", name="See your results" if number == 8 else "Next question"
        ).click()
    page.wait_for_url("**/summary")
    expect(page.get_by_text("8 of 8 points (100%)")).to_be_visible()
    with app.app_context():
        assert len(db.session.scalars(select(Answer)).all()) == 8


def start_quiz_nojs(page, base: str) -> None:
    name_the_guest(page, base, "Linus")
    page.goto(base + "/banks/sample")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")


def test_an_empty_answer_is_explained_in_the_status_region(app, live_server, page):
    start_quiz(page, live_server)
    page.get_by_role("button", name="Submit answer").click()
    page.get_by_role("status").get_by_text("Choose an answer before submitting.").wait_for()
    audit(page)


def test_keyboard_alone_answers_a_question(app, live_server, page):
    start_quiz(page, live_server)
    spec, layout = current_question(app, page)
    keyboard_answer(page, right_form(spec, layout))
    page.get_by_role("status").get_by_text("Correct", exact=True).wait_for()
    press_next(page)
    page.wait_for_url("**/attempts/*/2")


def test_other_pages_pass_the_audit(app, live_server, page):
    for path in ("/problems", "/no/such/page", "/history"):
        page.goto(live_server + path)
        audit(page)
