"""Browser assertions wait: no `assert` reads the page without waiting for it to change.

`assert locator.is_visible()` (or `inner_text()`, `count()`...) right after a click reads the
page before the click has changed it, and fails at random on a busy machine. The browser
tests use `expect(locator).to_...` and `page.wait_for_url` instead; this check keeps it so.

In the same way, `page.goto(...)` right after a click leaves the page while what the click sent
(a form post, a fetch) may still be on its way, and the next page is then read without it. A
click is followed by a wait for what it does before the page is left.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

# The tests folder, wherever in it this file sits.
TESTS = next(p for p in Path(__file__).resolve().parents if p.name == "tests")

# Locator and page methods that return the state of this instant instead of waiting.
NON_WAITING = {
    "all_inner_texts": "to_have_text([...])",
    "all_text_contents": "to_have_text([...])",
    "get_attribute": "to_have_attribute",
    "inner_html": "to_contain_text / to_have_text",
    "inner_text": "to_have_text / to_contain_text",
    "input_value": "to_have_value",
    "is_checked": "to_be_checked",
    "is_disabled": "to_be_disabled",
    "is_editable": "to_be_editable",
    "is_enabled": "to_be_enabled",
    "is_hidden": "to_be_hidden",
    "is_visible": "to_be_visible",
    "text_content": "to_have_text / to_contain_text",
}
# Only files that drive a browser are checked: elsewhere these names mean something else.
DRIVES_A_BROWSER = re.compile(r"playwright|\.get_by_\w+\(|\.locator\(")


def _read(call: ast.AST) -> str | None:
    """The non-waiting method `call` invokes, if it is one."""
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return None
    name = call.func.attr
    if name in NON_WAITING:
        return name
    # Locator.count(), not str.count(x) nor SQLAlchemy's func.count().
    receiver = call.func.value
    is_func = isinstance(receiver, ast.Name) and receiver.id == "func"
    if name == "count" and not call.args and not call.keywords and not is_func:
        return name
    return None


def _reading_helpers(tree: ast.Module) -> dict[str, str]:
    """Functions of the module that return a non-waiting read, e.g. `flash_text(page)`."""
    helpers = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    name = next(filter(None, map(_read, ast.walk(inner.value))), None)
                    if name:
                        helpers[node.name] = name
    return helpers


def _hint(name: str) -> str:
    if name == "count":
        return "expect(locator).to_have_count(n)"
    if name == "url":
        return "expect(page).to_have_url(...) or page.wait_for_url(...)"
    return f"expect(locator).{NON_WAITING[name]}(...)"


def non_waiting_asserts(source: str, filename: str) -> list[str]:
    """`file:line: ...` for each `assert` in `source` that reads the page without waiting."""
    if not DRIVES_A_BROWSER.search(source):
        return []
    tree = ast.parse(source, filename)
    helpers = _reading_helpers(tree)
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assert):
            continue
        for inner in ast.walk(node.test):
            name = _read(inner)
            via = ""
            if name is None and isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
                name = helpers.get(inner.func.id)
                via = f" (through {inner.func.id}())"
            if (
                name is None
                and isinstance(inner, ast.Attribute)
                and inner.attr == "url"
                and isinstance(inner.value, ast.Name)
                and inner.value.id.endswith("page")
            ):
                name = "url"
            if name:
                problems.append(
                    f"{filename}:{node.lineno}: `assert` reads .{name}{via} without waiting;"
                    f" use {_hint(name)}"
                )
    return problems


# Actions that may send something to the server.
SENDING = {"click", "dblclick", "tap", "check", "uncheck", "press", "select_option"}


def _page_of(node: ast.AST) -> str | None:
    """The variable a chain such as `page.get_by_role(...).click()` starts from."""
    while isinstance(node, (ast.Call, ast.Attribute)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _call(statement: ast.stmt) -> ast.Call | None:
    call = statement.value if isinstance(statement, ast.Expr) else None
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
        return call
    return None


def leaves_at_once(source: str, filename: str) -> list[str]:
    """`file:line: ...` for each `page.goto` that follows a click on the same page at once."""
    if not DRIVES_A_BROWSER.search(source):
        return []
    problems = []
    for node in ast.walk(ast.parse(source, filename)):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for before, after in zip(block, block[1:], strict=False):
                acted, left = _call(before), _call(after)
                if acted is None or left is None or left.func.attr != "goto":
                    continue
                page = _page_of(left.func.value)
                if acted.func.attr in SENDING and page and _page_of(acted) == page:
                    problems.append(
                        f"{filename}:{after.lineno}: {page}.goto() right after"
                        f" .{acted.func.attr}(): wait for what it does first"
                        " (wait_for_url, expect(...), expect_response)"
                    )
    return problems


def test_no_browser_test_asserts_without_waiting():
    problems, browser_files = [], 0
    for path in sorted(TESTS.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        browser_files += bool(DRIVES_A_BROWSER.search(source))
        problems += non_waiting_asserts(source, str(path.relative_to(TESTS.parent)))
    assert browser_files >= 5, "the check no longer finds the browser tests"
    assert problems == [], "\n".join(problems)


def test_no_browser_test_leaves_a_page_before_its_click_is_done():
    problems = []
    for path in sorted(TESTS.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        problems += leaves_at_once(source, str(path.relative_to(TESTS.parent)))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("snippet", "line", "action"),
    [
        (
            'page.get_by_role("button", name="Continue").click()\npage.goto(base + "/banks")\n',
            2,
            "click",
        ),
        (
            'for js in (1, 2):\n    student.get_by_label("Name").press("Enter")\n'
            "    student.goto(url)\n",
            3,
            "press",
        ),
    ],
)
def test_the_check_names_a_goto_right_after_a_click(snippet, line, action):
    page = "student" if "student" in snippet else "page"
    assert leaves_at_once(snippet, "tests/browser/test_bad.py") == [
        f"tests/browser/test_bad.py:{line}: {page}.goto() right after .{action}():"
        " wait for what it does first (wait_for_url, expect(...), expect_response)"
    ]


@pytest.mark.parametrize(
    "snippet",
    [
        'page.get_by_role("button").click()\npage.wait_for_url(base + "/")\npage.goto(base)\n',
        'with page.expect_response("**/x"):\n    page.click("b")\npage.goto(base)\n',
        'teacher.get_by_role("button").click()\nstudent.goto(base)\n',  # another page
    ],
)
def test_the_goto_check_lets_waiting_code_pass(snippet):
    assert leaves_at_once(snippet, "tests/browser/test_good.py") == []


@pytest.mark.parametrize(
    ("snippet", "line", "read"),
    [
        ('page.click("a")\nassert page.get_by_text("Saved").is_visible()\n', 2, "is_visible"),
        ('assert "Saved" in page.locator(".flashes").inner_text()\n', 1, "inner_text"),
        ('assert page.get_by_role("status").text_content() == "Done"\n', 1, "text_content"),
        ('assert page.locator("li").count() == 3\n', 1, "count"),
        ('assert page.get_by_label("Keep").is_checked()\n', 1, "is_checked"),
        ('page.get_by_role("button").click()\nassert page.url.endswith("/review")\n', 2, "url"),
        (
            'assert (\n    page.get_by_role("row")\n    .get_by_text("x")\n    .is_visible()\n)\n',
            1,
            "is_visible",
        ),
        (
            'def flash(page):\n    return page.locator(".flashes").inner_text()\n\n\n'
            'def test():\n    assert "Saved" in flash(page)\n',
            6,
            "inner_text (through flash())",
        ),
    ],
)
def test_the_check_names_file_and_line_of_a_non_waiting_assert(snippet, line, read):
    assert non_waiting_asserts(snippet, "tests/browser/test_bad.py") == [
        f"tests/browser/test_bad.py:{line}: `assert` reads .{read} without waiting;"
        f" use {_hint(read.split()[0])}"
    ]


@pytest.mark.parametrize(
    "snippet",
    [
        'expect(page.get_by_text("Saved")).to_be_visible()\n',
        'expect(page.locator("li")).to_have_count(3)\n',
        'text = page.locator("main").inner_text()\nassert text.count("Incorrect") == 8\n',
        'page.wait_for_url("**/summary")\nassert page.evaluate("window.__kept") is True\n',
        'if not page.get_by_role("link").count():\n    pass\n',
        # Not a browser test: `count()` and `is_visible()` are someone else's methods here.
        "assert query.count() == 3\nassert widget.is_visible()\n",
        'page.locator("li").click()\nassert db.session.scalar(select(func.count())) == 1\n',
        'page.locator("li").click()\nassert response.url == "/"\n',  # not a page's url
    ],
)
def test_the_check_lets_waiting_code_pass(snippet):
    assert non_waiting_asserts(snippet, "tests/browser/test_good.py") == []
