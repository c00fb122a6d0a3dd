"""`quizapp lint`: each item-writing check on a small bank written for it.

Each bank in tests/data/banks/lint/ marks the lines that must be flagged with a comment
`# lint: <check>`; the test asserts exactly those (line, check) pairs, so a check that
misses its flaw, or flags a good item next to it, fails. A bank with a .txt of the same
name is linted with that text as its article.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.banks.lint import LintWarning, article_sentences, lint_bank, lint_paths
from quizapp.cli.lint import lint_command

LINT = Path(__file__).resolve().parents[1] / "data" / "banks" / "lint"
MARK = re.compile(r"#\s*lint:\s*([\w-]+)")
CHECKS = [
    "longest-correct",
    "same-position",
    "all-none-above",
    "negative-stem",
    "give-away",
    "copied-statement",
    "single-form",
    "typo-accepts-word",
    "numeric-wording",
    "duplicate-distractor",
    "near-duplicate",
]
FILES = {
    "longest-correct": "longest-correct",
    "same-position": "same-position",
    "all-none-above": "all-none-above",
    "negative-stem": "negative-stem",
    "give-away": "give-away",
    "copied-statement": "copied-statement",
    "single-form": "single-form",
    "typo-accepts-word": "typo-accepts",
    "numeric-wording": "numeric-wording",
    "duplicate-distractor": "duplicate-distractor",
    "near-duplicate": "near-duplicate",
}


def marked(path: Path) -> set[tuple[int, str]]:
    lines = path.read_text("utf-8").splitlines()
    return {
        (number, match.group(1))
        for number, line in enumerate(lines, start=1)
        if (match := MARK.search(line))
    }


def lint(path: Path) -> list[LintWarning]:
    article = path.with_suffix(".txt")
    text = article.read_text("utf-8") if article.exists() else None
    result = lint_bank(path, article=text)
    assert result.problems == []
    return result.warnings


@pytest.mark.parametrize("check", CHECKS)
def test_each_check_flags_its_lines_and_nothing_else(check):
    path = LINT / f"{FILES[check]}.yaml"
    expected = marked(path)
    assert expected and {name for _, name in expected} == {check}
    warnings = lint(path)
    assert {(warning.line, warning.check) for warning in warnings} == expected
    for warning in warnings:
        assert warning.path == str(path)
        assert "Fix: " in warning.fix and warning.message
        assert str(warning).startswith(f"{path}:{warning.line}:{warning.column}: {check}: ")


def test_a_bank_with_one_instance_of_each_flaw_reports_each_once_with_its_line():
    path = LINT / "every-flaw.yaml"
    warnings = lint(path)
    assert sorted(warning.check for warning in warnings) == sorted(CHECKS)
    assert {(warning.line, warning.check) for warning in warnings} == marked(path)


def test_a_clean_bank_of_every_type_has_no_warnings():
    assert lint(LINT / "clean.yaml") == []


def test_copied_statements_need_the_article():
    result = lint_bank(LINT / "copied-statement.yaml")
    assert result.warnings == []


def test_typo_warning_names_the_words_it_would_accept():
    [hamas, iran] = lint(LINT / "typo-accepts.yaml")
    assert "'hama'" in hamas.message
    assert "'iraq'" in iran.message and "in this bank" in iran.message


def test_a_bank_that_does_not_load_gives_its_problems_and_no_warnings(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nquestions: 3\n", "utf-8")
    result = lint_paths([bad, tmp_path / "missing.yaml"])
    assert result.warnings == []
    assert [problem.path for problem in result.problems].count(str(bad)) >= 1
    assert any("no such file" in problem.message for problem in result.problems)


def test_article_sentences_skip_headings():
    text = "A title\n\nOne two three four five six. Seven eight nine ten eleven twelve!\n--\n"
    assert article_sentences(text) == [
        "One two three four five six.",
        "Seven eight nine ten eleven twelve!",
    ]


def test_cli_exit_status(tmp_path):
    from click.testing import CliRunner

    runner = CliRunner()
    clean = runner.invoke(
        lint_command, ["--article", str(LINT / "clean.txt"), str(LINT / "clean.yaml")]
    )
    assert clean.exit_code == 0 and "No warnings." in clean.output

    flawed = runner.invoke(lint_command, [str(LINT / "give-away.yaml")])
    assert flawed.exit_code == 1
    assert f"{LINT / 'give-away.yaml'}:13:" in flawed.output and "1 warning." in flawed.output

    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [\n", "utf-8")
    failed = runner.invoke(lint_command, [str(broken)])
    assert failed.exit_code == 2 and str(broken) in failed.output
