"""A teacher sees item-writing warnings on the bank list and the written-order option.

QUIZAPP_SCREENSHOTS=<folder> also saves both pages at 390 and 1280 px, light and dark.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.helpers.app import PASSWORD, make_user
from tests.helpers.browser import audit


def sign_in(page, base: str) -> None:
    page.goto(base + "/signin")
    page.get_by_label("Username").fill("teacher1")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")


def show_warnings(page, base: str) -> None:
    page.goto(base + "/teacher/banks/")
    page.get_by_role("link", name="1 item-writing warning for Sample bank").click()
    page.wait_for_url("**#warnings-sample")
    page.locator("#warnings-sample summary").click()


def show_start_options(page, base: str) -> None:
    page.goto(base + "/banks/sample")
    page.get_by_text("Options", exact=True).click()


def test_a_teacher_sees_the_warnings_and_the_written_order_option(app, live_server, page):
    make_user(app, "teacher1", role="teacher", display_name="Ms Teacher")
    sign_in(page, live_server)
    show_warnings(page, live_server)
    expect(page.get_by_text("only '100' is accepted, letter for letter")).to_be_visible()
    audit(page)
    show_start_options(page, live_server)
    keep = page.get_by_label("Keep the choices in the written order")
    expect(keep).to_be_visible()
    expect(keep).not_to_be_checked()
    audit(page)
    page.context.close()

    folder = os.environ.get("QUIZAPP_SCREENSHOTS")
    if folder:
        browser = page.context.browser
        for scheme in ("light", "dark"):
            for width in (390, 1280):
                context = browser.new_context(
                    viewport={"width": width, "height": 900}, color_scheme=scheme
                )
                shot = context.new_page()
                sign_in(shot, live_server)
                show_warnings(shot, live_server)
                shot.screenshot(
                    path=str(Path(folder) / f"banks-{scheme}-{width}.png"), full_page=True
                )
                show_start_options(shot, live_server)
                shot.screenshot(
                    path=str(Path(folder) / f"start-{scheme}-{width}.png"), full_page=True
                )
                context.close()
