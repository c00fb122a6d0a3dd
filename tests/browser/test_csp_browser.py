"""The Content-Security-Policy enforced: a whole quiz with htmx, and no violation anywhere.

The other browser tests run with bypass_csp (axe-core is injected as an inline script);
this one does not, so Chromium applies the policy the server sends exactly as it would for
a student.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.helpers.answers import right_form, wrong_form
from tests.helpers.driving import answer, current_question


def violations(page) -> list[str]:
    return page.evaluate("window.__csp || []") + page.problems


def test_a_quiz_with_htmx_runs_under_the_policy(app, live_server, strict_page):
    page = strict_page
    response = page.goto(live_server + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_role("link", name="Tell us your name").click()
    page.get_by_label("Your name").fill("Grace")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Sample bank").click()
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/attempts/*/1")
    assert page.evaluate("typeof htmx") == "object", "htmx did not load under the policy"
    for number in range(1, 9):
        page.wait_for_url(f"**/attempts/*/{number}")
        spec, layout = current_question(app, page)
        form = wrong_form(spec, layout) if number == 3 else right_form(spec, layout)
        page.evaluate("window.__sameDocument = true")
        answer(page, form)
        verdict = "Incorrect" if number == 3 else "Correct"
        page.get_by_role("status").get_by_text(verdict, exact=True).wait_for()
        # htmx swapped the feedback in: the page did not reload.
        assert page.evaluate("window.__sameDocument") is True
        assert violations(page) == [], f"question {number}"
        page.get_by_role(
            "link", name="See your results" if number == 8 else "Next question"
        ).click()
    page.wait_for_url("**/summary")
    expect(page.get_by_text("7 of 8 points")).to_be_visible()
    assert violations(page) == []


def test_pages_load_their_styles_and_scripts_under_the_policy(app, live_server, strict_page):
    page = strict_page
    for path in ("/", "/learner", "/banks/sample", "/history", "/no/such/page", "/signin"):
        page.goto(live_server + path)
        if path == "/no/such/page":
            # The console reports the 404 of the page itself: that one is meant.
            page.problems[:] = [p for p in page.problems if "404 (NOT FOUND)" not in p]
        # The stylesheet applied: it comes from 'self', so the policy lets it in.
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") in (
            "absolute",
            "fixed",
        ), path
        assert violations(page) == [], path
