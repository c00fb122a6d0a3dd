"""Every question type answered with the keyboard alone, in practice and in test mode."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, Attempt
from tests.helpers.answers import right_form, wrong_form
from tests.helpers.browser import audit, name_the_guest
from tests.helpers.driving import current_question, keyboard_answer, press_next


def start(page, base: str, mode: str) -> None:
    name_the_guest(page, base, "Kay")
    page.goto(base + "/banks/sample")
    page.locator("summary", has_text="Options").click()
    page.get_by_label("Mode").select_option(mode)
    audit(page)
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")


def test_every_type_right_by_keyboard_in_practice_mode(app, live_server, page):
    start(page, live_server, "practice")
    for number in range(1, 9):
        spec, layout = current_question(app, page)
        keyboard_answer(page, right_form(spec, layout))
        page.get_by_role("status").get_by_text("Correct", exact=True).wait_for()
        if number in (5, 6, 7, 8):  # numeric, ordering, matching, cloze after answering
            audit(page)
        press_next(page)
        page.wait_for_url(f"**/{number + 1}" if number < 8 else "**/summary")
    expect(page.get_by_text("8 of 8 points (100%)")).to_be_visible()


def test_every_type_wrong_by_keyboard_in_test_mode(app, live_server, page):
    start(page, live_server, "test")
    for number in range(1, 9):
        spec, layout = current_question(app, page)
        if number in (5, 6, 7, 8):
            audit(page)  # the question form of each newer type, before answering
        keyboard_answer(page, wrong_form(spec, layout))
        page.get_by_role("status").get_by_text("Answer saved", exact=False).wait_for()
        expect(page.get_by_role("status")).not_to_contain_text("Incorrect")
        press_next(page)
        page.wait_for_url(f"**/{number + 1}" if number < 8 else "**/finish")
    page.get_by_role("button", name="Submit all and finish").click()
    page.wait_for_url("**/summary")
    summary = page.locator("main").inner_text()
    assert "Correct" not in summary.replace("Partly correct", "")
    assert summary.count("Incorrect") + summary.count("Partly correct") == 8
    with app.app_context():
        answers = db.session.scalars(select(Answer)).all()
        assert len(answers) == 8 and not any(a.correct for a in answers)


def test_the_server_refuses_answers_after_the_time_limit(app, live_server, page):
    name_the_guest(page, live_server, "Tim")
    page.goto(live_server + "/banks/sample")
    page.locator("summary", has_text="Options").click()
    page.get_by_label("Time limit in minutes").fill("1")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^(0:5|1:00)"))
    spec, layout = current_question(app, page)
    with app.app_context():
        attempt = db.session.scalars(select(Attempt)).one()
        attempt.deadline = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30)
        db.session.commit()
    keyboard_answer(page, right_form(spec, layout))
    page.wait_for_url("**/summary")
    expect(page.get_by_text("Time is up: the attempt ended")).to_be_visible()
    with app.app_context():
        assert db.session.scalars(select(Answer)).all() == []
