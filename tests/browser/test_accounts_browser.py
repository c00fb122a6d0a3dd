"""Accounts in Chromium: a guest signs up keeping an attempt, signs out and in, joins a class."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Membership, User
from tests.helpers.app import PASSWORD, make_user
from tests.helpers.browser import audit, name_the_guest

STUDENT_PASSWORD = "violet harbour kettle"
NEW_PASSWORD = "amber meadow compass"


def take_quiz_as_guest(page, base: str, name: str) -> None:
    """Give a guest name, start the sample quiz and finish it at once."""
    name_the_guest(page, base, name)
    page.goto(base + "/banks/sample")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")
    page.get_by_role("link", name="Finish attempt…").click()
    page.get_by_role("button", name="Submit all and finish").click()
    page.wait_for_url("**/summary")


def sign_in(page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def flashes(page):
    return page.locator(".flashes")


def test_guest_signs_up_keeping_the_attempt_then_joins_a_class(app, live_server, page, browser):
    take_quiz_as_guest(page, live_server, "Grace")

    # Sign up, with a mistake first.
    page.get_by_role("link", name="Sign up").click()
    page.wait_for_url("**/signup*")
    audit(page)
    keep = page.get_by_label("Keep the 1 attempt you made as Grace in this browser")
    expect(keep).to_be_checked()
    expect(page.get_by_label("Your name")).to_have_value("Grace")
    page.get_by_label("Username").fill("Grace.H")
    page.get_by_label("Password", exact=True).fill(STUDENT_PASSWORD)
    page.get_by_label("Password again").fill("something else")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("The two passwords differ.")).to_be_visible()
    audit(page)
    page.get_by_label("Password", exact=True).fill(STUDENT_PASSWORD)
    page.get_by_label("Password again").fill(STUDENT_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(live_server + "/")
    expect(flashes(page)).to_contain_text(
        "your account grace.h is ready, with the 1 attempt you made as a guest."
    )
    page.get_by_role("link", name="My scores").first.click()
    expect(page.get_by_role("cell", name="Sample bank")).to_be_visible()
    with app.app_context():
        student = db.session.scalar(select(User).where(User.username == "grace.h"))
        assert [a.user_id for a in db.session.scalars(select(Attempt))] == [student.id]
        student_id = student.id

    # Sign out, then back in: a wrong password first.
    page.get_by_role("button", name="Sign out").click()
    expect(flashes(page)).to_contain_text("You are signed out.")
    page.get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/signin")
    audit(page)
    sign_in(page, "grace.h", "not my password")
    expect(page.get_by_role("alert")).to_have_text("Wrong username or password.")
    audit(page)
    sign_in(page, "GRACE.H", STUDENT_PASSWORD)
    page.wait_for_url(live_server + "/")
    expect(flashes(page)).to_contain_text("Signed in as Grace.")

    # A teacher, made on the command line, signs in in another browser and creates a class.
    make_user(app, "teacher1", role="teacher", display_name="Ms Teacher")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1000, "height": 900})
    context.set_default_timeout(10_000)
    teacher = context.new_page()
    teacher.goto(live_server + "/classes/new")
    teacher.wait_for_url("**/signin?next=*")
    sign_in(teacher, "teacher1", PASSWORD)
    teacher.wait_for_url("**/classes/new")
    audit(teacher)
    teacher.get_by_role("button", name="Create the class").click()
    expect(teacher.get_by_text("Type a name for the class")).to_be_visible()
    audit(teacher)
    teacher.get_by_label("Class name").fill("10B History")
    teacher.get_by_role("button", name="Create the class").click()
    expect(flashes(teacher)).to_contain_text(re.compile(r"join it with the code \w{4}-\w{4}\."))
    code = re.search(r"the code (\w{4}-\w{4})\.", flashes(teacher).inner_text()).group(1)
    teacher.goto(live_server + "/account")
    expect(teacher.get_by_role("cell", name=code)).to_be_visible()
    audit(teacher)
    context.close()

    # The student joins with the code typed sloppily, after a wrong one.
    page.get_by_role("link", name="Grace").click()
    page.wait_for_url("**/account")
    audit(page)
    page.get_by_label("Join code").fill("zzzz-zzzz")
    page.get_by_role("button", name="Join the class").click()
    page.wait_for_url("**/classes/join")
    expect(
        page.get_by_text("No class has the code ZZZZZZZZ. Check it with your teacher.")
    ).to_be_visible()
    audit(page)
    page.get_by_label("Join code").fill(" " + code.lower().replace("-", " - ") + " ")
    page.get_by_role("button", name="Join the class").click()
    page.wait_for_url("**/account")
    expect(flashes(page)).to_contain_text("You joined 10B History.")
    expect(page.get_by_text("teacher: Ms Teacher")).to_be_visible()
    with app.app_context():
        assert db.session.scalars(select(Membership.user_id)).all() == [student_id]

    # Change the password.
    page.get_by_role("link", name="Change your password").click()
    page.wait_for_url("**/account/password")
    audit(page)
    page.get_by_label("Current password").fill("wrong current one")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change the password").click()
    expect(page.get_by_text("That is not your current password.")).to_be_visible()
    audit(page)
    page.get_by_label("Current password").fill(STUDENT_PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change the password").click()
    page.wait_for_url("**/account")
    expect(flashes(page)).to_contain_text(
        "Your password is changed, and you are signed out everywhere else."
    )


def test_signing_in_after_a_guest_quiz_offers_to_claim_it(app, live_server, page):
    user_id = make_user(app, "ada", display_name="Ada")
    take_quiz_as_guest(page, live_server, "Ada as a guest")
    page.goto(live_server + "/signin?next=/history")
    sign_in(page, "ada", PASSWORD)
    page.wait_for_url("**/account/claim**")
    expect(page.get_by_text("this browser made 1 attempt as Ada as a guest")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Move 1 attempt to my account").click()
    page.wait_for_url("**/history")
    expect(flashes(page)).to_contain_text("Moved 1 attempt to your account.")
    expect(page.get_by_role("cell", name="Sample bank")).to_be_visible()
    with app.app_context():
        assert [a.user_id for a in db.session.scalars(select(Attempt))] == [user_id]


def test_sign_up_and_join_work_without_javascript(app, live_server, nojs_page):
    page = nojs_page
    teacher_id = make_user(app, "teacher1", role="teacher")
    with app.app_context():
        from quizapp.models import Class

        db.session.add(Class(name="Nojs class", teacher_id=teacher_id, join_code="ABCD2345"))
        db.session.commit()
    page.goto(live_server + "/signup")
    page.get_by_label("Username").fill("linus")
    page.get_by_label("Your name").fill("Linus")
    page.get_by_label("Password", exact=True).fill(STUDENT_PASSWORD)
    page.get_by_label("Password again").fill(STUDENT_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(live_server + "/")
    page.goto(live_server + "/classes/join")
    page.get_by_label("Join code").fill("abcd2345")
    page.get_by_role("button", name="Join the class").click()
    page.wait_for_url("**/account")
    expect(page.get_by_text("You joined Nojs class.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(live_server + "/")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
