"""The banks shipped in questions/ work in the browser: every keyed answer is accepted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers.answers import right_form
from tests.helpers.browser import QUESTIONS, audit, name_the_guest, serving
from tests.helpers.driving import answer, current_question

BANKS = sorted(path.stem for path in QUESTIONS.glob("*.yaml"))


@pytest.mark.parametrize("slug", BANKS)
def test_every_question_of_a_shipped_bank_accepts_its_keyed_answer(real_app, page, slug):
    with serving(real_app) as base:
        name_the_guest(page, base, "Noor")
        page.goto(base + f"/banks/{slug}")
        audit(page)
        page.get_by_role("button", name="Start the quiz").click()
        page.wait_for_url("**/attempts/*/1")
        seen_types = set()
        number = 1
        while True:
            spec, layout = current_question(real_app, page)
            if spec.type not in seen_types:
                audit(page)
            answer(page, right_form(spec, layout))
            status = page.get_by_role("status")
            status.get_by_text("Correct", exact=True).wait_for()
            expect(status).to_contain_text("Source: paragraph")
            if spec.type not in seen_types:
                audit(page)
                seen_types.add(spec.type)
            link = page.get_by_role("link", name="Next question")
            if not link.count():
                break
            link.click()
            number += 1
            page.wait_for_url(f"**/{number}")
        page.get_by_role("link", name="See your results").click()
        page.wait_for_url("**/summary")
        expect(page.get_by_text("(100%)").first).to_be_visible()
        audit(page)
