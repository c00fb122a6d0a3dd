"""A teacher uploads and publishes a bank, drafts one from an article and reviews it."""

from __future__ import annotations

import re

import yaml
from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank
from quizapp.quiz.attempts import servable_questions
from tests.helpers.app import PASSWORD, make_user
from tests.helpers.authoring import ARTICLE, NEW_BANK
from tests.helpers.browser import audit


def sign_in(page, base: str, username: str, *, check: bool = True) -> None:
    page.goto(base + "/signin")
    if check:
        audit(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")


def use_bank_folder(app, tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    app.config["QUESTIONS_DIR"] = str(folder)
    return folder


def drafts_on(page):
    return page.locator(".draft-item")


def test_teacher_publishes_and_reviews_a_student_gets_only_approved(
    app, live_server, page, browser, tmp_path
):
    folder = use_bank_folder(app, tmp_path)
    make_user(app, "teacher1", role="teacher", display_name="Ms Teacher")
    sign_in(page, live_server, "teacher1")

    # Upload: a broken file first, then a good one, previewed and published.
    page.get_by_role("link", name="Manage banks").click()
    page.wait_for_url("**/teacher/banks/")
    audit(page)
    page.get_by_role("link", name="Upload a bank").click()
    page.wait_for_url("**/teacher/banks/upload")
    audit(page)
    broken = tmp_path / "broken.yaml"
    broken.write_text(NEW_BANK.replace("type: single", "type: singel"))
    page.get_by_label("Bank file").set_input_files(broken)
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("alert").get_by_text("unknown question type 'singel'").wait_for()
    expect(page.get_by_role("alert")).to_contain_text("broken.yaml:6:11:")
    audit(page)
    good = tmp_path / "planets.yaml"
    good.write_text(NEW_BANK)
    page.get_by_label("Bank file").set_input_files(good)
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Preview: The planets").wait_for()
    expect(page.get_by_text("Jupiter (right)")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Published “The planets” as planets.yaml").wait_for()
    audit(page)
    assert (folder / "planets.yaml").read_text() == NEW_BANK
    # The same bank again: the preview asks before replacing it; discarding leaves it be.
    page.get_by_role("link", name="Upload a bank").click()
    page.get_by_label("Bank file").set_input_files(good)
    page.get_by_role("button", name="Check the file").click()
    page.get_by_label("Replace the existing bank “The planets”").wait_for()
    audit(page)
    page.get_by_role("button", name="Discard this upload").click()
    page.get_by_text("Discarded the upload of planets.yaml").wait_for()
    page.get_by_role("link", name="Back to the banks").click()

    # Draft a bank from an article, then review it: approve two, discard one, edit one.
    page.get_by_role("link", name="Draft a bank from an article").click()
    page.wait_for_url("**/teacher/banks/draft")
    audit(page)
    page.get_by_label("Bank id").fill("ferry")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Draft the questions").click()
    page.wait_for_url("**/teacher/banks/ferry/review")
    audit(page)
    keys = [q["id"] for q in yaml.safe_load((folder / "ferry.yaml").read_text())["questions"]]
    assert len(keys) >= 4
    status = page.get_by_role("status").filter(has_text=re.compile("."))
    for index in (0, 1):
        drafts_on(page).nth(index).get_by_role("button", name=re.compile("^Approve")).click()
        status.get_by_text("students get it from now on").wait_for()
        expect(page.locator(f'[id="draft-{keys[index]}"]')).to_be_focused()
    drafts_on(page).nth(2).get_by_role("button", name=re.compile("^Discard")).click()
    status.get_by_text("it is gone from the bank file").wait_for()
    audit(page)
    expect(page).to_have_url(re.compile(r"/teacher/banks/ferry/review$"))  # swapped in place
    drafts_on(page).nth(3).get_by_role("link", name=re.compile("^Edit as YAML")).click()
    page.get_by_label("The question in YAML").wait_for()
    audit(page)
    page.get_by_role("link", name="Back to the review without saving").click()

    on_file = yaml.safe_load((folder / "ferry.yaml").read_text())["questions"]
    assert [q["id"] for q in on_file] == [keys[0], keys[1], *keys[3:]]
    assert [q["id"] for q in on_file if not q.get("draft")] == keys[:2]
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "ferry"))
        assert [row.key for row in servable_questions(bank)] == keys[:2]

    # A guest student sees the two approved questions and nothing else.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1000, "height": 900})
    context.set_default_timeout(10_000)
    student = context.new_page()
    student.goto(live_server + "/")
    student.get_by_role("link", name="Tell us your name").click()
    student.get_by_label("Your name").fill("Grace")
    student.get_by_role("button", name="Continue").click()
    student.get_by_role("link", name="Harbour Town Opens a Solar Ferry").click()
    student.wait_for_url("**/banks/ferry")
    audit(student)
    student.get_by_role("button", name="Start the quiz").click()
    student.get_by_text("Question 1 of 2").wait_for()
    audit(student)
    context.close()


def test_reviewing_without_javascript(app, live_server, nojs_page, tmp_path):
    folder = use_bank_folder(app, tmp_path)
    make_user(app, "teacher1", role="teacher", display_name="Ms Teacher")
    page = nojs_page  # axe needs JavaScript: these pages are audited in the test above
    sign_in(page, live_server, "teacher1", check=False)
    page.goto(live_server + "/teacher/banks/draft")
    page.get_by_label("Bank id").fill("ferry")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Draft the questions").click()
    page.wait_for_url("**/teacher/banks/ferry/review")
    before = drafts_on(page).count()
    drafts_on(page).first.get_by_role("button", name=re.compile("^Approve")).click()
    page.wait_for_url("**/teacher/banks/ferry/review")
    page.get_by_text("students get it from now on").wait_for()
    expect(drafts_on(page)).to_have_count(before - 1)
    page.goto(live_server + "/teacher/banks/")
    page.get_by_role("button", name="Check the folder again").click()
    page.get_by_text("Checked the bank folder").wait_for()
    assert "draft" not in yaml.safe_load((folder / "ferry.yaml").read_text())["questions"][0]
