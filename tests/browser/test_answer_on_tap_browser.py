"""Answer on tap in Chromium: in practice mode a tap on a one-answer choice sends it, once;
the keyboard only chooses (WCAG 3.2.2); the learner can turn it off; test mode and
several-answer questions keep choose-then-send."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer
from tests.helpers.answers import right_form
from tests.helpers.driving import current_question


def record_answer_posts(page) -> list[str]:
    """The answer requests the page sends, collected as they go."""
    posts: list[str] = []
    page.on(
        "request",
        lambda request: (
            posts.append(request.url)
            if request.method == "POST" and "/attempts/" in request.url
            else None
        ),
    )
    return posts


def start(page, base: str, name: str, mode: str = "practice") -> None:
    page.goto(base + "/banks/sample")
    page.get_by_label("Your name").fill(name)
    if mode != "practice":
        page.locator("summary", has_text="Options").click()
        page.get_by_label("Mode").select_option(mode)
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")


def stored_answers(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Answer)).all())


def right_card(app, page):
    spec, layout = current_question(app, page)
    slot = right_form(spec, layout)["answer"]
    return page.locator(f".choice:has(input[value='{slot}']) label")


def test_a_double_tap_sends_one_answer(app, live_server, page):
    start(page, live_server, "Ada")
    posts = record_answer_posts(page)
    right_card(app, page).dblclick()
    expect(page.get_by_role("status").get_by_text("Correct", exact=True)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert len(posts) == 1, posts
    assert stored_answers(app) == 1


def test_arrow_keys_and_space_choose_without_sending(app, live_server, page):
    start(page, live_server, "Kim")
    posts = record_answer_posts(page)
    radios = page.locator(".choice input")
    # A click elsewhere first: only a tap on a card sends.
    page.locator("#question-heading").click()
    radios.first.focus()
    page.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(radios.nth(2)).to_be_checked()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    expect(radios.nth(1)).to_be_checked()
    page.keyboard.press("3")  # the answer keys choose as before
    expect(radios.nth(2)).to_be_checked()
    page.wait_for_load_state("networkidle")
    assert posts == []
    expect(page.locator("#feedback")).to_be_empty()
    expect(page.locator("#question-panel form")).to_have_count(1)
    assert stored_answers(app) == 0
    page.keyboard.press("Enter")  # Enter still sends
    expect(page.locator("#feedback .verdict")).to_be_visible()
    assert stored_answers(app) == 1


def test_turned_off_a_tap_only_chooses_and_submit_sends(app, live_server, page):
    start(page, live_server, "Lee")
    hint = page.get_by_text("Tap an answer to send it.")
    expect(hint).to_be_visible()
    page.get_by_role("button", name="Turn off answer on tap").click()
    expect(page.get_by_role("button", name="Turn on answer on tap")).to_be_visible()
    expect(hint).to_have_count(0)
    posts = record_answer_posts(page)
    card = right_card(app, page)
    card.click()
    expect(page.locator(".choice input:checked")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert posts == [] and stored_answers(app) == 0
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("status").get_by_text("Correct", exact=True)).to_be_visible()
    assert stored_answers(app) == 1
    # Remembered: the next question keeps choose-then-send until it is turned back on.
    page.get_by_role("link", name="Next question").click()
    page.wait_for_url("**/attempts/*/2")
    page.get_by_role("button", name="Turn on answer on tap").click()
    expect(page.get_by_role("button", name="Turn off answer on tap")).to_be_visible()


def test_in_test_mode_a_tap_only_chooses(app, live_server, page):
    start(page, live_server, "Max", mode="test")
    posts = record_answer_posts(page)
    right_card(app, page).click()  # a single-choice question, answers changeable till the end
    expect(page.locator(".choice input:checked")).to_have_count(1)
    expect(page.get_by_text("Tap an answer to send it.")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    assert posts == [] and stored_answers(app) == 0


def test_a_tap_on_a_several_answer_question_only_chooses(app, live_server, page):
    start(page, live_server, "Mia")
    page.goto(page.url.rsplit("/", 1)[0] + "/2")
    posts = record_answer_posts(page)
    page.locator(".choice label").first.click()
    expect(page.locator(".choice input:checked")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert posts == [] and stored_answers(app) == 0


def test_without_javascript_there_is_no_hint_and_submit_sends(app, live_server, nojs_page):
    page = nojs_page
    start(page, live_server, "Ola")
    expect(page.locator(".tap-hint")).to_be_hidden()
    expect(page.get_by_role("button", name="Turn off answer on tap")).to_be_hidden()
    right_card(app, page).click()
    page.get_by_role("button", name="Submit answer").click()
    page.wait_for_url("**/attempts/*/1")
    expect(page.get_by_role("status").get_by_text("Correct", exact=True)).to_be_visible()
    assert stored_answers(app) == 1
