"""`quizapp draft ARTICLE [-o FILE] [--force]`, through click's test runner."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from quizapp.cli.draft import draft_command
from tests.oracles.drafting import validation_problems


def run(*args: str):
    return CliRunner().invoke(draft_command, [str(arg) for arg in args])


def test_prints_the_bank_to_stdout_and_a_summary_to_stderr(article):
    result = run(article)
    assert result.exit_code == 0, result.output
    bank = yaml.safe_load(result.stdout)
    assert bank["id"] == "local-library"  # from the article's file name
    assert validation_problems(result.stdout, bank["id"]) == []
    assert "Paragraphs with no question" in result.stderr
    assert "Paragraphs with no question" not in result.stdout
    counts = {kind: sum(q["type"] == kind for q in bank["questions"]) for kind in ("cloze",)}
    assert f"cloze {counts['cloze']}" in result.stderr
    assert "Paragraphs with no question: none." in result.stderr


def test_writes_the_file_named_by_output_and_takes_the_id_from_it(article, tmp_path):
    output = tmp_path / "questions" / "library-reopens.yaml"
    result = run(article, "-o", output)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = output.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["id"] == "library-reopens"
    assert validation_problems(text, "library-reopens") == []
    assert f"to {output}" in result.stderr


def test_refuses_to_overwrite_without_force(article, tmp_path):
    output = tmp_path / "bank.yaml"
    output.write_text("keep me\n", encoding="utf-8")
    result = run(article, "--output", output)
    assert result.exit_code == 1
    assert "exists; add --force" in result.stderr
    assert output.read_text(encoding="utf-8") == "keep me\n"
    result = run(article, "--output", output, "--force")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(output.read_text(encoding="utf-8"))["id"] == "bank"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_summary_names_paragraphs_without_a_question(tmp_path):
    path = tmp_path / "mixed.md"
    path.write_text(
        "# Mixed\n\nThe council met in Ashford in 2019 and approved 12 new homes.\n\n"
        "nothing here is worth asking about, it is all opinion and mood.\n",
        encoding="utf-8",
    )
    result = run(path)
    assert result.exit_code == 0, result.output
    assert "Paragraphs with no question: 2." in result.stderr


def test_an_article_with_nothing_to_ask_fails_cleanly(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("Title\n\nit was quiet and nothing much happened here at all.\n")
    result = run(path)
    assert result.exit_code == 1
    assert "no names, dates or numbers" in result.stderr


def test_text_that_is_not_utf8_fails_cleanly(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        "Caf\xe9 news\n\nThe caf\xe9 opened in 1990 with 12 tables.\n".encode("latin-1")
    )
    result = run(path)
    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr


def test_a_missing_article_is_a_usage_error(tmp_path):
    result = run(tmp_path / "nope.txt")
    assert result.exit_code == 2
