"""A teacher's day without dead ends (issue 13): review, projection, editing, approving, hiding."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from playwright.sync_api import expect

from quizapp.classes import service as classes
from quizapp.extensions import db
from quizapp.library.sync import sync_folder
from quizapp.models import User
from tests.authoring.test_editor import ALL_TYPES
from tests.helpers.app import login_as, make_user
from tests.helpers.browser import audit, name_the_guest

from .test_teacher_browser import new_page, sign_in

# Screenshots go outside the repository; QUIZAPP_SCREENSHOTS chooses where.
SHOTS = Path(os.environ.get("QUIZAPP_SCREENSHOTS", tempfile.gettempdir())) / "quizapp-editor"


def one_of_each_type() -> list[dict]:
    questions = yaml.safe_load(ALL_TYPES.read_text(encoding="utf-8"))["questions"]
    first: dict[str, dict] = {}
    for question in questions:
        first.setdefault(question["type"], question)
    return list(first.values())


def class_with_a_finished_attempt(app) -> tuple[int, int]:
    """A teacher's class with one student who has finished the sample quiz."""
    teacher_id = make_user(app, "teacher1", role="teacher", display_name="Ms Teacher")
    student_id = make_user(app, "ann", display_name="Ann Archer")
    with app.app_context():
        school_class = classes.create_class(db.session.get(User, teacher_id), "Year 9")
        classes.join_class(db.session.get(User, student_id), school_class.join_code)
        class_id = school_class.id
    client = app.test_client()
    login_as(client, student_id)
    attempt_id = int(client.post("/banks/sample/attempts").headers["Location"].split("/")[2])
    client.post(f"/attempts/{attempt_id}/finish")
    return class_id, attempt_id


def test_a_teachers_day(app, live_server, browser):
    folder = Path(app.config["QUESTIONS_DIR"])
    # Two drafts (tf-false is one already), so the review page offers "Approve all".
    text = ALL_TYPES.read_text(encoding="utf-8")
    text = text.replace("  - id: tf-plain\n", "  - id: tf-plain\n    draft: true\n", 1)
    (folder / "all_types.yaml").write_text(text, encoding="utf-8")
    with app.app_context():
        sync_folder(folder)
    class_id, attempt_id = class_with_a_finished_attempt(app)
    context, page, errors = new_page(browser)
    sign_in(page, live_server, "teacher1")

    # A student's attempt review, from the class page.
    page.goto(f"{live_server}/teacher/classes/{class_id}")
    audit(page)
    page.get_by_role("link", name="Ann Archer").click()
    page.get_by_role("link", name="Review attempt").first.click()
    page.wait_for_url(f"**/attempts/{attempt_id}/summary")
    expect(page.get_by_role("heading", name=re.compile("^Results of Ann Archer"))).to_be_visible()
    expect(page.get_by_text("without its buttons")).to_be_visible()
    audit(page)

    # The join code, projected.
    page.goto(f"{live_server}/teacher/classes/{class_id}")
    page.get_by_role("link", name="show it to the class").first.click()
    expect(page.get_by_role("heading", name="Join Year 9")).to_be_visible()
    expect(page.get_by_role("img", name="QR code: join Year 9")).to_be_visible()
    audit(page)

    # One question of each type, edited in the form editor.
    for question in one_of_each_type():
        page.goto(f"{live_server}/teacher/banks/all-types/questions")
        page.locator(f"a[href$='/questions/{question['id']}/edit']").click()
        prompt = page.get_by_label("Prompt", exact=True)
        expect(prompt).to_have_value(question["prompt"])
        if question["type"] == "ordering":
            rows = page.locator("input[name^='item-']")
            before = rows.count()
            page.get_by_role("button", name="Add more rows").click()
            expect(rows).to_have_count(before + 3)
            audit(page)
        prompt.fill(f"Edited {question['type']} question?")
        if question["type"] == "single":
            page.get_by_label("Points").fill("lots")
            page.get_by_role("button", name="Save the question").click()
            expect(page.locator("#f-points-error")).to_contain_text("Write a number")
            expect(page.get_by_label("Prompt", exact=True)).to_have_value("Edited single question?")
            audit(page)
            page.get_by_label("Points").fill("2")
        page.get_by_role("button", name="Save the question").click()
        expect(page.locator(".flashes")).to_contain_text(f"Saved “Edited {question['type']}")
    audit(page)

    # A student is served the edited version.
    student_context, student, student_errors = new_page(browser)
    name_the_guest(student, live_server, "Guest Gil")
    student.goto(live_server + "/banks/all-types")
    student.get_by_role("button", name="Start the quiz").click()
    expect(student.get_by_text("Edited single question?")).to_be_visible()
    student_context.close()
    assert student_errors == []

    # Every draft approved in one click.
    page.goto(f"{live_server}/teacher/banks/all-types/review")
    page.get_by_role("button", name="Approve all").click()
    expect(page.locator(".flashes")).to_contain_text("Approved 2 drafts")
    audit(page)

    # The bank hidden, then deleted.
    page.goto(f"{live_server}/teacher/banks/")
    hide = re.compile(r"^Hide from students\W+Every question type")
    page.get_by_role("button", name=hide).click()
    expect(page.locator(".flashes")).to_contain_text("is hidden: students no longer see it")
    audit(page)
    page.get_by_role("link", name=re.compile(r"^Delete…\W+Every question type")).click()
    expect(page.get_by_role("heading", name="Delete “Every question type”?")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Delete the bank").click()
    expect(page.locator(".flashes")).to_contain_text("Deleted “Every question type”")
    assert not (folder / "all_types.yaml").exists()
    context.close()
    assert errors == []


def test_editor_screenshots(app, live_server, browser):
    """The editor at phone and desktop widths, light and dark (looked at by a person)."""
    folder = Path(app.config["QUESTIONS_DIR"])
    shutil.copy(ALL_TYPES, folder / "all_types.yaml")
    with app.app_context():
        sync_folder(folder)
    make_user(app, "teacher1", role="teacher")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        for width in (390, 1280):
            context = browser.new_context(
                bypass_csp=True, color_scheme=scheme, viewport={"width": width, "height": 900}
            )
            page = context.new_page()
            sign_in(page, live_server, "teacher1")
            page.goto(f"{live_server}/teacher/banks/all-types/questions/single-1/edit")
            page.get_by_label("Points").fill("lots")
            page.get_by_role("button", name="Save the question").click()
            expect(page.locator("#f-points-error")).to_be_visible()
            width_px = page.evaluate("document.documentElement.scrollWidth")
            assert width_px <= width, f"horizontal scroll at {width}px: {width_px}"
            page.screenshot(path=str(SHOTS / f"editor-{width}-{scheme}.png"), full_page=True)
            context.close()
