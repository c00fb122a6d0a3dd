"""Playwright driving Debian's Chromium against a live server on loopback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizapp.library.sync import sync_folder
from tests.helpers.app import DATA, dispose, make_app, prepare
from tests.helpers.browser import QUESTIONS, serving
from tests.helpers.cards import T0

CHROMIUM = os.environ.get("QUIZAPP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the length of one test."""
    with serving(app) as url:
        yield url


def _context(browser, *, javascript: bool):
    context = browser.new_context(
        bypass_csp=True, java_script_enabled=javascript, viewport={"width": 1000, "height": 900}
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser):
    context = _context(browser, javascript=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def nojs_page(browser):
    context = _context(browser, javascript=False)
    yield context.new_page()
    context.close()


# Runs before any page script, outside the page's CSP: records what the policy refused.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__csp.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile || ""}:${event.lineNumber}`);
});
"""


@pytest.fixture
def strict_page(browser):
    """A page that honours the CSP, collecting violations, console errors and page errors."""
    context = browser.new_context(bypass_csp=False, viewport={"width": 1000, "height": 900})
    # Generous: the machine may be busy with other test processes.
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.problems = problems
    yield page
    context.close()


@pytest.fixture
def real_app(tmp_path, pg_url):
    app = make_app(tmp_path, pg_url, QUESTIONS_DIR=str(QUESTIONS))
    prepare(app)
    yield app
    dispose(app)


@pytest.fixture
def deck(app):
    with app.app_context():
        sync_folder(DATA / "card_banks")
    app.config["CLOCK"] = lambda: T0
