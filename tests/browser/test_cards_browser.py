"""Flashcard study in Chromium: the keyboard alone, the shortcut setting, no JavaScript."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import func, select

from quizapp.cards import queue, reviews
from quizapp.extensions import db
from quizapp.models import Class, Membership, ReviewLog
from tests.helpers.app import PASSWORD, make_user
from tests.helpers.browser import audit
from tests.helpers.cards import T0

FRONTS = ["Front one", "Front two", "Front three", "Front four", "Front five", "Front six"]


def ratings(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(ReviewLog.rating).order_by(ReviewLog.id)))


def name_learner(page, base: str) -> None:
    page.goto(base + "/learner?next=/study")
    page.get_by_label("Your name").fill("Grace")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/study")


def face(page, text: str):
    return page.locator(".face-text", has_text=text)


def test_five_cards_reviewed_with_the_keyboard_alone(app, deck, live_server, page):
    name_learner(page, live_server)
    face(page, FRONTS[0]).wait_for()
    audit(page)  # the front of a card
    page.evaluate("window.__sameDocument = true")
    for number in range(5):
        page.keyboard.press("Space")
        face(page, f"Back {FRONTS[number].split()[1]}").wait_for()
        if number == 0:
            expect(page.get_by_role("button", name="Good · 2 d")).to_be_visible()
            audit(page)  # the back, with the rating buttons
        page.keyboard.press("3")
        face(page, FRONTS[number + 1]).wait_for()
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded"
    page.get_by_text("Done today: 5").wait_for()
    expect(page.get_by_role("status")).to_contain_text("Rated Good: it comes back in 2 d.")
    assert ratings(app) == [3, 3, 3, 3, 3]

    page.get_by_role("link", name="Your statistics").click()
    page.wait_for_url("**/study/stats")
    expect(page.locator(".study-facts dt:text-is('Reviews today') + dd")).to_have_text("5")
    expect(page.get_by_role("img", name="Reviews per day by you, last 90 days")).to_be_visible()
    audit(page)


def test_single_key_shortcuts_can_be_turned_off(app, deck, live_server, page):
    name_learner(page, live_server)
    page.goto(live_server + "/study/settings")
    audit(page)
    page.get_by_label("Single-key shortcuts on the study screen").uncheck()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Study settings saved.").wait_for()

    page.goto(live_server + "/study")
    face(page, FRONTS[0]).wait_for()
    # Record every click a shortcut would make: the script clicks synchronously on keydown.
    page.evaluate(
        """() => {
            window.__clicks = 0;
            document.addEventListener("click", () => { window.__clicks += 1; }, true);
        }"""
    )
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__clicks") == 0
    expect(page.locator(".card-back")).to_have_count(0)

    page.get_by_role("link", name="Show answer").click()
    face(page, "Back one").wait_for()
    clicks = page.evaluate("window.__clicks")
    for key in ("1", "2", "3", "4"):
        page.keyboard.press(key)
    assert page.evaluate("window.__clicks") == clicks
    expect(page.locator(".card-back")).to_have_count(1)
    assert ratings(app) == []
    page.get_by_role("button", name="Easy · 8 d").click()
    face(page, FRONTS[1]).wait_for()
    assert ratings(app) == [4]


def test_an_empty_queue_and_study_ahead(app, deck, live_server, page):
    name_learner(page, live_server)
    page.goto(live_server + "/study/settings")
    page.get_by_label("New cards per day").fill("1")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Study settings saved.").wait_for()
    page.goto(live_server + "/study")
    page.keyboard.press("Space")
    face(page, "Back one").wait_for()
    page.keyboard.press("4")
    page.get_by_role("heading", name="Nothing to study now").wait_for()
    audit(page)  # the empty queue
    page.get_by_role("link", name="Study ahead").click()
    face(page, FRONTS[0]).wait_for()
    expect(page.get_by_text("studying ahead")).to_be_visible()


def test_studying_without_javascript(app, deck, live_server, nojs_page):
    page = nojs_page
    name_learner(page, live_server)
    page.get_by_role("link", name="Show answer").click()
    face(page, "Back one").wait_for()
    page.get_by_role("button", name="Again · 1 min").click()
    page.wait_for_url("**/study")
    face(page, FRONTS[1]).wait_for()
    expect(page.get_by_text("Rated Again: it comes back in 1 min.")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewLog)) == 1


def test_a_missed_question_is_answered_in_place(app, deck, live_server, page):
    # The quiz and the cards share the deck's clock (app.config["CLOCK"] = T0).
    name_learner(page, live_server)
    page.goto(live_server + "/banks/flash")
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_label("The Sun").click()  # a tap on a one-answer choice sends it
    page.get_by_role("status").get_by_text("Incorrect", exact=True).wait_for()
    page.goto(live_server + "/")
    page.get_by_role("link", name="Study now").click()
    page.wait_for_url("**/study")
    page.get_by_text("What orbits the Earth?").wait_for()
    audit(page)  # a question in the queue
    page.get_by_label("The Moon").check()
    page.get_by_role("button", name="Submit answer").click()
    page.get_by_role("status").get_by_text("Correct. Rate how easily you recalled it.").wait_for()
    expect(page.get_by_role("button", name="Again · 1 min")).to_have_count(0)
    audit(page)  # the answered question with Hard, Good and Easy
    page.keyboard.press("3")
    face(page, FRONTS[0]).wait_for()
    assert ratings(app) == [3]


def test_a_teacher_sees_the_class_statistics(app, deck, live_server, page):
    teacher_id = make_user(app, "teacher1", role="teacher", display_name="Ms Teacher")
    student_id = make_user(app, "ann", display_name="Ann Archer")
    with app.app_context():
        group = Class(name="Year 9 French", teacher_id=teacher_id, join_code="FRENCH9")
        db.session.add(group)
        db.session.flush()
        db.session.add(Membership(class_id=group.id, user_id=student_id))
        db.session.commit()
        class_id = group.id
        for rating in (3, 1, 4):
            item = queue.next_item(student_id, T0, 20)
            reviews.rate(item, item.version, rating, T0, desired_retention=0.9)
    page.goto(live_server + "/signin")
    page.get_by_label("Username").fill("teacher1")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server + "/")
    page.goto(f"{live_server}/teacher/classes/{class_id}/study-stats")
    page.get_by_role("heading", name="Flashcard statistics: Year 9 French").wait_for()
    expect(page.locator(".study-facts dt:text-is('Reviews today') + dd")).to_have_text("3")
    audit(page)
