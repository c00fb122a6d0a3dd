"""Helpers for the browser tests: serve an app on loopback, name a guest, audit a page with
axe-core."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from quizapp.config import PROJECT_ROOT

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
QUESTIONS = PROJECT_ROOT / "questions"


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


def name_the_guest(page, base: str, name: str) -> None:
    """Give a guest's name on the name page and wait until the server has kept it."""
    page.goto(base + "/learner")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Continue").click()
    # Leaving before the redirect may cancel the post, and the name with it.
    page.wait_for_url(base + "/")


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
