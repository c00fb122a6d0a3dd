"""Show the counts that load and fault tests record in pytest's terminal summary.

Tests call `record_property("counts", ...)`; pytest-xdist carries user properties back to
the main process, so the summary shows them whether the run is parallel or not, and CI's
log keeps them. tests/conftest.py imports these two hooks.
"""

from __future__ import annotations

_lines: list[str] = []


def pytest_runtest_logreport(report) -> None:
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == "counts":
            _lines.append(f"{report.nodeid}: {value}")


def pytest_terminal_summary(terminalreporter) -> None:
    if _lines:
        terminalreporter.section("load and fault test counts")
        for line in sorted(_lines):
            terminalreporter.write_line(line)
