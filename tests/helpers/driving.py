"""Drive a quiz page as a person would: read the question on screen, answer it."""

from __future__ import annotations

from quizapp.extensions import db
from quizapp.models import Attempt, Question
from quizapp.quiz import attempts as svc


def current_question(app, page):
    """The spec and layout of the question on screen, read from the URL."""
    attempt_id, number = int(page.url.split("/")[-2]), int(page.url.split("/")[-1])
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        row = db.session.get(Question, attempt.question_ids[number - 1])
        return row.spec, svc.layout_for(attempt, row)


def fill_answer(page, form: dict) -> None:
    """Answer through the page's own controls, as a person would."""
    for name, value in form.items():
        values = value if isinstance(value, list) else [value]
        field = page.locator(f"[name='{name}']").first
        kind = field.evaluate("el => el.type || el.tagName.toLowerCase()")
        for item in values:
            if kind in ("radio", "checkbox"):
                # Their values are display slots: digits, or true/false.
                page.locator(f"input[name='{name}'][value='{item}']").check()
            elif kind.startswith("select"):
                field.select_option(item)
            else:
                field.fill(item)


def tap_sends(page) -> bool:
    """Whether a tap on a choice card sends the answer on this page (script on, practice mode,
    a one-answer question, the learner has not turned it off)."""
    panel = page.locator("html.js #question-panel[data-answer-on-tap='on']")
    return panel.count() == 1


def answer(page, form: dict) -> None:
    """Answer as a person would and send it: a tap on the card where that sends it, else
    choose or type, then "Submit answer"."""
    if tap_sends(page):
        value = form["answer"]
        slot = value[0] if isinstance(value, list) else value
        page.locator(f".choice:has(input[name='answer'][value='{slot}']) label").click()
        return
    fill_answer(page, form)
    page.get_by_role("button", name="Submit answer").click()


ACTIVE = """() => {
    const el = document.activeElement;
    return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
            value: el.value || '', text: el.textContent.trim(),
            inPanel: !!el.closest('#question-panel form'),
            options: el.tagName === 'SELECT' ? Array.from(el.options).map(o => o.value) : []};
}"""


def active(page) -> dict:
    return page.evaluate(ACTIVE)


def keyboard_answer(page, form: dict) -> None:
    """Fill `form` into the question with Tab, arrows, Space and typing, then press Enter."""
    page.wait_for_load_state("load")
    for _ in range(40):
        if active(page)["inPanel"]:
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("Tab never reached the question's form")
    handled_radio_groups = set()
    for _ in range(80):
        el = active(page)
        if el["tag"] == "button":
            assert el["text"] in ("Submit answer", "Save answer")
            page.keyboard.press("Enter")
            return
        wanted = form.get(el["name"])
        wanted = wanted if isinstance(wanted, list) else ([wanted] if wanted is not None else [])
        if el["type"] == "radio" and el["name"] not in handled_radio_groups:
            # Tab lands on the first radio of the group; arrows move and select.
            handled_radio_groups.add(el["name"])
            while active(page)["value"] != wanted[0]:
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        elif el["type"] == "checkbox":
            if el["value"] in wanted:
                page.keyboard.press("Space")
        elif el["tag"] == "select":
            steps = el["options"].index(wanted[0])
            for _ in range(steps):
                page.keyboard.press("ArrowDown")
        elif el["tag"] == "input" and wanted:
            page.keyboard.type(wanted[0])
        page.keyboard.press("Tab")
    raise AssertionError("never reached the submit button")


def press_next(page) -> None:
    """Press Enter on the next step once htmx has settled and moved focus to it."""
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.closest('#next-step')"
    )
    page.keyboard.press("Enter")
