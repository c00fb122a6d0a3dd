"""The learner's experience in Chromium: every page a student meets, in light and dark, at
320, 390 and 1280 px, under the Content-Security-Policy; the quickest way in; answer keys;
answers marked in place; test mode as deferred feedback."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, Attempt
from tests.helpers.answers import right_form, wrong_form
from tests.helpers.browser import AXE
from tests.helpers.driving import answer, current_question, fill_answer

from .conftest import RECORD_VIOLATIONS

WIDTHS = (320, 390, 1280)


def strict_context(browser, *, width: int, scheme: str, javascript: bool = True):
    """A context that enforces the CSP, recording violations, console errors and page errors."""
    context = browser.new_context(
        bypass_csp=False,
        java_script_enabled=javascript,
        color_scheme=scheme,
        viewport={"width": width, "height": 900},
    )
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            page.problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning") and "404 (NOT FOUND)" not in message.text
            else None
        ),
    )
    return context, page


def check(page, label: str) -> None:
    """No sideways scrolling, no axe violation (colour contrast included), nothing refused."""
    page.wait_for_load_state("load")
    sizes = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert sizes["scroll"] <= sizes["client"], f"{label}: the page scrolls sideways {sizes}"
    # Evaluated through the DevTools protocol, so the page's CSP does not stand in its way.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
            }));
        }"""
    )
    assert violations == [], f"{label}: axe violations\n{json.dumps(violations, indent=2)}"
    csp = page.evaluate("window.__csp || []")
    assert csp == [] and page.problems == [], f"{label}: {csp + page.problems}"


def visit(page, url: str, label: str) -> None:
    page.goto(url)
    check(page, label)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_student_page_fits_and_passes_axe_under_the_policy(
    app, live_server, browser, width, scheme
):
    base = live_server
    context, page = strict_context(browser, width=width, scheme=scheme)
    label = f"{width}px {scheme}"
    visit(page, base + "/", f"home {label}")
    if width < 1000:
        page.locator("summary", has_text="Menu").click()
        check(page, f"menu open {label}")
        height = page.evaluate("document.querySelector('.site-header').offsetHeight")
        assert height <= 64, f"the header is {height} px tall at {width} px"
    visit(page, base + "/banks/sample", f"bank {label}")
    page.locator("summary", has_text="Options").click()
    page.get_by_label("Number of questions").fill("0")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text("Give a number from 1 up.")).to_be_visible()
    check(page, f"bank with errors {label}")
    page.get_by_label("Your name").fill("Grace")
    page.get_by_label("Number of questions").fill("")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")
    # Every question type before and after answering (wrongly: both marks show).
    for number in range(1, 9):
        check(page, f"question {number} {label}")
        spec, layout = current_question(app, page)
        answer(page, wrong_form(spec, layout))
        expect(page.get_by_role("status").get_by_text("Why:")).to_be_visible()
        check(page, f"question {number} answered {label}")
        if number < 8:
            page.get_by_role("link", name="Next question").click()
            page.wait_for_url(f"**/{number + 1}")
    page.get_by_role("link", name="See your results").click()
    page.wait_for_url("**/summary")
    page.locator(".review summary").first.click()
    check(page, f"results {label}")
    visit(page, page.url + "?show=missed", f"results, missed only {label}")
    # A test: the navigator, a flag, the finish page.
    page.goto(base + "/banks/sample")
    page.locator("summary", has_text="Options").click()
    page.get_by_label("Mode").select_option("test")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")
    page.get_by_role("button", name="Flag for review").click()
    expect(page.get_by_role("button", name="Flag for review")).to_have_attribute(
        "aria-pressed", "true"
    )
    check(page, f"test question {label}")
    page.get_by_role("link", name="Finish attempt…").click()
    check(page, f"finish page {label}")
    for path, name in [
        ("/history", "my scores"),
        ("/study", "study"),
        ("/study/stats", "study statistics"),
        ("/study/settings", "study settings"),
        ("/learner", "name page"),
        ("/signin", "sign in"),
        ("/signup", "sign up"),
        ("/no/such/page", "not found"),
    ]:
        visit(page, base + path, f"{name} {label}")
    context.close()


def test_a_new_guest_answers_the_first_question_in_two_clicks_after_choosing_the_bank(
    app, live_server, browser
):
    """Every click after choosing the bank counts: the start button, then the answer's card."""
    context, page = strict_context(browser, width=390, scheme="light")
    clicks = []

    def click(locator, what: str) -> None:
        clicks.append(what)
        locator.click()

    page.goto(live_server + "/")
    page.get_by_role("link", name="Sample bank").click()  # choosing the bank
    page.wait_for_url("**/banks/sample")
    # The name field has the focus: typing needs no click.
    expect(page.get_by_label("Your name")).to_be_focused()
    page.keyboard.type("Grace")
    click(page.get_by_role("button", name="Start the quiz"), "start")
    page.wait_for_url("**/attempts/*/1")
    expect(page.get_by_text("Tap an answer to send it.")).to_be_visible()
    click(page.get_by_text("Paris", exact=True), "the answer's card")
    expect(page.get_by_role("status").get_by_text("Correct", exact=True)).to_be_visible()
    assert len(clicks) <= 2, clicks
    with app.app_context():
        assert len(db.session.scalars(select(Answer)).all()) == 1
    assert page.evaluate("window.__csp") == [] and page.problems == [], page.problems
    context.close()


def test_a_new_guest_answers_the_first_question_in_twelve_key_presses(app, live_server, page):
    presses = []

    def press(key: str) -> None:
        presses.append(key)
        page.keyboard.press(key)

    page.goto(live_server + "/")
    press("Tab")  # the skip link
    press("Enter")
    press("Tab")  # the first bank
    expect(page.get_by_role("link", name="Sample bank")).to_be_focused()
    press("Enter")
    page.wait_for_url("**/banks/sample")
    expect(page.get_by_label("Your name")).to_be_focused()
    for key in "Al":
        press(key)
    press("Enter")
    page.wait_for_url("**/attempts/*/1")
    # Focus starts on the question's heading; the keys choose and send.
    expect(page.locator("#question-heading")).to_be_focused()
    spec, layout = current_question(app, page)
    slot = layout.choices.index(spec.correct_indices[0])
    press(str(slot + 1))
    press("Enter")
    expect(page.get_by_role("status").get_by_text("Correct", exact=True)).to_be_visible()
    assert len(presses) <= 12, presses
    with app.app_context():
        assert len(db.session.scalars(select(Answer)).all()) == 1


def test_keys_choose_and_can_be_turned_off(app, live_server, page):
    page.goto(live_server + "/banks/sample")
    page.get_by_label("Your name").fill("Kim")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")
    radios = page.locator(".choice input")
    for key, index in [("3", 2), ("1", 0), ("2", 1), ("c", 2), ("A", 0)]:
        page.keyboard.press(key)
        expect(radios.nth(index)).to_be_checked()
    expect(page.locator(".key-hint").first).to_be_visible()
    page.get_by_role("button", name="Turn off single-key shortcuts").click()
    page.wait_for_url("**/attempts/*/1")
    page.locator("#question-heading").focus()
    page.keyboard.press("2")
    expect(radios.nth(1)).not_to_be_checked()
    expect(page.locator(".key-hint").first).to_be_hidden()
    page.get_by_role("button", name="Turn on single-key shortcuts").click()
    page.wait_for_url("**/attempts/*/1")
    page.keyboard.press("2")
    expect(radios.nth(1)).to_be_checked()


def _wrong_and_right(spec) -> tuple[str, str]:
    """The text of the option wrong_form picks and of a right one."""
    if spec.type == "true_false":
        return ("False", "True") if spec.answer else ("True", "False")
    wrong = next(choice for choice in spec.choices if not choice.correct)
    return wrong.text, spec.choices[spec.correct_indices[0]].text


def _take_wrongly(app, page, base: str, *, javascript: bool) -> None:
    page.goto(base + "/banks/sample")
    page.get_by_label("Your name").fill("Noor")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")
    for number in range(1, 9):
        spec, layout = current_question(app, page)
        answer(page, wrong_form(spec, layout))
        if not javascript:
            page.wait_for_url(f"**/attempts/*/{number}")
        panel = page.locator("#question-panel")
        expect(panel.locator("form")).to_have_count(0)
        if spec.type in ("single", "multiple", "true_false"):
            chosen = panel.locator(".choice-result", has_text="Your answer")
            right = panel.locator(".choice-result", has_text="Right answer")
            expect(chosen.first).to_be_visible()
            expect(right.first).to_be_visible()
            wrong_text, right_text = _wrong_and_right(spec)
            # Choices are shuffled: find the marked one by its text, not by its place.
            expect(chosen.filter(has_text=wrong_text).first).to_be_visible()
            expect(right.filter(has_text=right_text).first).to_be_visible()
        else:
            table = panel.locator("table.answer-table")
            expect(table).to_be_visible()
            expect(table.locator("thead")).to_contain_text("Your answer")
            expect(table.locator("thead")).to_contain_text("Right answer")
            expect(table.locator(".row-mark", has_text="Wrong").first).to_be_visible()
        if number < 8:
            page.get_by_role("link", name="Next question").click()
            page.wait_for_url(f"**/{number + 1}")


def test_after_answering_each_type_the_answer_and_the_right_one_are_marked(app, live_server, page):
    _take_wrongly(app, page, live_server, javascript=True)


def test_after_answering_each_type_without_javascript(app, live_server, nojs_page):
    _take_wrongly(app, nojs_page, live_server, javascript=False)


def _test_mode(app, page, base: str, *, javascript: bool) -> None:
    page.goto(base + "/banks/sample")
    page.get_by_label("Your name").fill("Tess")
    page.locator("summary", has_text="Options").click()
    page.get_by_label("Mode").select_option("test")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")
    spec, layout = current_question(app, page)
    # Answer wrongly, then change it: the form stays, filled in, and no verdict shows.
    fill_answer(page, wrong_form(spec, layout))
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_role("status")).to_contain_text("Answer saved")
    expect(page.get_by_role("status")).not_to_contain_text("Incorrect")
    wrong_slot = wrong_form(spec, layout)["answer"]
    expect(page.locator(f".choice input[value='{wrong_slot}']")).to_be_checked()
    fill_answer(page, right_form(spec, layout))
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_role("status")).to_contain_text("Answer saved")
    expect(page.get_by_role("status")).not_to_contain_text("Correct")
    # Flag question 2 and go there with the navigator.
    navigator = page.get_by_role("navigation", name="Questions")
    navigator.get_by_role("link", name="Question 2, not yet answered", exact=True).click()
    page.wait_for_url("**/attempts/*/2")
    page.get_by_role("button", name="Flag for review").click()
    expect(page.get_by_role("button", name="Flag for review")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(
        navigator.get_by_role("link", name="Question 2, not yet answered, flagged")
    ).to_be_visible()
    expect(navigator.get_by_role("link", name="Question 1, answered", exact=True)).to_be_visible()
    page.get_by_role("link", name="Finish attempt…").click()
    page.wait_for_url("**/finish")
    main = page.locator("main")
    expect(main).to_contain_text("Not answered yet (7)")
    expect(main).to_contain_text("Flagged for review (1)")
    for number in range(2, 9):
        expect(main.get_by_role("link", name=f"Question {number}").first).to_be_visible()
    with app.app_context():
        answers = db.session.scalars(select(Answer)).all()
        assert len(answers) == 1 and answers[0].correct  # the last answer given
        assert db.session.scalars(select(Attempt)).one().finished_at is None
    page.get_by_role("button", name="Submit all and finish").click()
    page.wait_for_url("**/summary")
    expect(page.get_by_text("1 of 8 points (12.5%)")).to_be_visible()


def test_test_mode_answer_change_flag_navigate_and_finish(app, live_server, page):
    _test_mode(app, page, live_server, javascript=True)


def test_test_mode_without_javascript(app, live_server, nojs_page):
    _test_mode(app, nojs_page, live_server, javascript=False)


def test_the_colour_theme_is_remembered(app, live_server, browser):
    for javascript in (True, False):
        context, page = strict_context(browser, width=1280, scheme="light", javascript=javascript)
        page.goto(live_server + "/banks/sample")
        if javascript:
            # Script changes the colours before the server answers: wait for its answer.
            with page.expect_response(lambda r: r.url.endswith("/preferences")) as answered:
                page.get_by_role("button", name="Dark").click()
            assert answered.value.status == 303
        else:
            # Without script only the page the server sends after the post is dark.
            page.get_by_role("button", name="Dark").click()
        expect(page.locator("html")).to_have_class(re.compile(r"\btheme-dark\b"))
        page.goto(live_server + "/")
        expect(page.locator("html")).to_have_class(re.compile(r"\btheme-dark\b"))
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert background == "rgb(16, 20, 27)", background
        expect(page.get_by_role("button", name="Dark")).to_have_attribute("aria-pressed", "true")
        context.close()


def test_the_theme_is_kept_by_a_learner_who_leaves_before_the_server_answers(
    app, live_server, browser
):
    context, page = strict_context(browser, width=390, scheme="light", javascript=True)
    page.goto(live_server + "/banks/sample")
    # The POST never reaches the server: the choice must already be remembered by the page.
    page.route("**/preferences", lambda route: route.abort())
    page.get_by_role("button", name="Dark").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\btheme-dark\b"))
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_class(re.compile(r"\btheme-dark\b"))
    expect(page.get_by_role("button", name="Dark")).to_have_attribute("aria-pressed", "true")
    context.close()


def test_the_teacher_menu_is_one_line_at_1280(app, live_server, browser):
    from tests.helpers.app import PASSWORD, make_user

    make_user(app, "teacher1", role="teacher", display_name="Ms Teacher")
    context, page = strict_context(browser, width=1280, scheme="light")
    page.goto(live_server + "/signin")
    page.get_by_label("Username").fill("teacher1")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server + "/")
    expect(page.get_by_role("link", name="Manage banks")).to_be_visible()
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.site-nav a, .site-nav button')]"
        ".map(el => Math.round(el.getBoundingClientRect().top))"
    )
    assert len(tops) == 7 and len(set(tops)) == 1, tops
    height = page.evaluate("document.querySelector('.site-header').offsetHeight")
    assert height <= 64, height
    context.close()
