"""Make the README's screenshots: `make screenshots` (or `python -m tests.browser.screenshots`).

Builds a throw-away app with the shipped banks (questions/), a teacher, a class and three
students with attempts, serves it on loopback and photographs, at desktop and phone width
in light and dark: a question before and after answering, the results page, the study
screen and the teacher's class page. Writes docs/screenshots/<page>-<desktop|phone>[-dark].png.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path

from quizapp.config import PROJECT_ROOT
from tests.helpers.answers import right_form, wrong_form
from tests.helpers.app import PASSWORD, make_app, make_user, prepare
from tests.helpers.browser import serving

from .conftest import CHROMIUM, CHROMIUM_ARGS

OUT = PROJECT_ROOT / "docs" / "screenshots"
SIZES = {"desktop": (1280, 860), "phone": (390, 844)}
BANK = "iraq-decision"


def _populate(app) -> int:
    """A teacher with a class of three students who took the sample quiz; return the class id."""
    import datetime as dt

    from quizapp.extensions import db
    from quizapp.models import Class, Membership, User, utcnow
    from quizapp.quiz import attempts as svc
    from quizapp.quiz import storing as store

    teacher = make_user(app, "teacher1", role="teacher", display_name="Ms Rivera")
    students = [
        make_user(app, name.lower().split()[0], display_name=name)
        for name in ("Ann Archer", "Bob Baker", "Chloe Chen")
    ]
    with app.app_context():
        school_class = Class(name="Year 9 History", teacher_id=teacher, join_code="HSTY9QZK")
        db.session.add(school_class)
        db.session.flush()
        for user_id in students:
            db.session.add(Membership(class_id=school_class.id, user_id=user_id))
        db.session.commit()
        from quizapp.models import Bank

        bank = db.session.query(Bank).filter_by(slug=BANK).one()
        start = utcnow() - dt.timedelta(days=3)
        for index, user_id in enumerate(students):
            for round_ in range(2):
                now = start + dt.timedelta(days=round_, hours=index)
                attempt = svc.start_attempt(
                    db.session.get(User, user_id), bank, svc.StartOptions(), now
                )
                for number, row in enumerate(svc.attempt_questions(attempt), start=1):
                    spec, layout = row.spec, svc.layout_for(attempt, row)
                    wrong = (number + index + round_) % (3 + round_) == 0
                    form = (wrong_form if wrong else right_form)(spec, layout)
                    from werkzeug.datastructures import MultiDict

                    from quizapp.answering.parse import parse_response

                    response = parse_response(spec, layout, MultiDict(_pairs(form)))
                    now += dt.timedelta(seconds=40)
                    store.lock_attempt(attempt)
                    store.submit_answer(attempt, row, number, lambda r=response: r, now)
                    db.session.commit()  # submit_answer leaves the commit to its caller
        return school_class.id


def _pairs(form: dict) -> list[tuple[str, str]]:
    return [
        (k, v)
        for k, values in form.items()
        for v in (values if isinstance(values, list) else [values])
    ]


def _shoot(page, name: str, size: str, dark: bool, full: bool = False) -> Path:
    path = OUT / f"{name}-{size}{'-dark' if dark else ''}.png"
    page.wait_for_load_state("load")
    page.screenshot(path=str(path), full_page=full)
    return path


def _guest_pages(browser, base: str, app, size: str, dark: bool) -> list[Path]:
    from tests.helpers.driving import answer, current_question

    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme="dark" if dark else "light",
        device_scale_factor=1,
    )
    page = context.new_page()
    shots = []
    page.goto(f"{base}/banks/{BANK}")
    page.get_by_label("Your name").fill("Grace")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")
    spec, layout = current_question(app, page)
    # Chosen with its key, not tapped: a tap would send it, and this shot is before sending.
    page.keyboard.press(str(int(wrong_form(spec, layout)["answer"]) + 1))
    page.mouse.move(0, 0)
    shots.append(_shoot(page, "question", size, dark))
    page.get_by_role("button", name="Submit answer").click()
    page.get_by_role("status").get_by_text("Incorrect", exact=True).wait_for()
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    shots.append(_shoot(page, "question-answered", size, dark))
    number = 1
    while page.get_by_role("link", name="Next question").count():
        number += 1
        page.goto(page.url.rsplit("/", 1)[0] + f"/{number}")
        spec, layout = current_question(app, page)
        answer(page, (wrong_form if number % 4 == 0 else right_form)(spec, layout))
        page.get_by_role("status").get_by_text("Why:").wait_for()
    page.get_by_role("link", name="See your results").click()
    page.wait_for_url("**/summary")
    shots.append(_shoot(page, "results", size, dark))
    page.goto(base + "/study")
    page.locator("#study-card").wait_for()
    shots.append(_shoot(page, "study", size, dark))
    context.close()
    return shots


def _teacher_page(browser, base: str, class_id: int, size: str, dark: bool) -> Path:
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme="dark" if dark else "light"
    )
    page = context.new_page()
    page.goto(base + "/signin")
    page.get_by_label("Username").fill("teacher1")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")
    page.goto(f"{base}/teacher/classes/{class_id}")
    path = _shoot(page, "teacher-class", size, dark)
    context.close()
    return path


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        questions = Path(tmp) / "questions"
        shutil.copytree(PROJECT_ROOT / "questions", questions)
        app = make_app(Path(tmp), None, QUESTIONS_DIR=str(questions))
        prepare(app)
        class_id = _populate(app)
        with serving(app) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            shots = []
            for size in SIZES:
                for dark in (False, True):
                    shots += _guest_pages(browser, base, app, size, dark)
                    shots.append(_teacher_page(browser, base, class_id, size, dark))
            browser.close()
    for path in shots:
        print(path.relative_to(PROJECT_ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
