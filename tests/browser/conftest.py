"""Playwright driving Debian's Chromium against a live server on loopback.

Assertions about the page must wait for what they check. After a click, a key press, a
navigation or an htmx swap, the page changes a moment later, later still on a busy machine:
`assert locator.is_visible()` or `assert "x" in locator.inner_text()` reads it at once and
flakes. Use Playwright's retrying assertions instead: `expect(locator).to_be_visible()`,
`to_have_text`, `to_contain_text`, `to_have_count`, `to_be_focused`, `expect(page).to_have_url`,
and `page.wait_for_url(...)` after a navigation (it also waits for the new page's load event,
so htmx is ready before the test submits a form). Read state with `page.evaluate` only once
a wait has shown that the change happened (or use `page.wait_for_function`).
tests/test_browser_waits.py fails on a non-waiting read inside an `assert`.
"""

from __future__ import annotations

import json
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from quizapp.config import PROJECT_ROOT

CHROMIUM = os.environ.get("QUIZAPP_CHROMIUM", "/usr/bin/chromium")
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# As long as actions wait (see _context): the machine may be busy with other test processes.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


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


@contextmanager
def serving(app):
    """Serve `app` on a free loopback port while the block runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the length of one test."""
    with serving(app) as url:
        yield url


def _context(browser, *, javascript: bool):
    context = browser.new_context(
        bypass_csp=True, java_script_enabled=javascript, viewport={"width": 1000, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
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


def audit(page) -> None:
    """Run axe-core on the current page; fail with a readable list of violations."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make setup`")
    # A click that navigates returns once the new page starts loading: audit it loaded.
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
            }));
        }"""
    )
    assert violations == [], f"axe violations on {page.url}:\n{json.dumps(violations, indent=2)}"
