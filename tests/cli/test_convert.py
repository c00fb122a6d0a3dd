import io
import zipfile

import pytest

from quizapp.banks import load_bank
from quizapp.cli.convert import convert_command
from quizapp.convert import detect_format
from tests.helpers.convert import DATA, read


def test_convert_gift_to_yaml_on_stdout_with_notes_on_stderr(runner):
    path = DATA / "sample.gift"
    result = runner.invoke(convert_command, [str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# yaml-language-server: $schema=")
    assert load_bank("sample.yaml", result.stdout_bytes).problems == []
    assert f"{path}:50: skipped: essay questions are not a gradable type\n" in result.stderr


def test_errors_exit_1_but_the_good_questions_are_still_written(runner, tmp_path):
    out = tmp_path / "broken.yaml"
    path = DATA / "broken_aiken.txt"
    result = runner.invoke(convert_command, [str(path), "--from", "aiken", "-o", str(out)])
    assert result.exit_code == 1
    assert f"{path}:8: question must have at least 2 answers on line 8\n" in result.stderr
    loaded = load_bank(out)
    assert loaded.problems == []
    assert len(loaded.bank.bank.questions) == 3


def test_convert_yaml_to_gift_and_moodle_xml(runner, tmp_path):
    bank = DATA / "all_types.yaml"
    result = runner.invoke(convert_command, [str(bank), "--to", "gift"])
    assert result.exit_code == 0
    assert "::single-1::" in result.stdout
    assert f"{bank}: warning: question cloze-many: GIFT holds one blank" in result.stderr
    out = tmp_path / "bank.xml"
    result = runner.invoke(convert_command, [str(bank), "--to", "moodle-xml", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')


def test_apkg_needs_an_output_file(runner, tmp_path):
    quizlet = DATA / "quizlet.txt"
    result = runner.invoke(convert_command, [str(quizlet), "--from", "quizlet", "--to", "apkg"])
    assert result.exit_code == 2
    assert "-o FILE" in result.stderr
    out = tmp_path / "cards.apkg"
    args = [str(quizlet), "--from", "quizlet", "--to", "apkg", "-o", str(out)]
    result = runner.invoke(convert_command, args)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert "collection.anki2" in archive.namelist()


def test_quizlet_separators_from_the_command_line(runner):
    path = DATA / "quizlet_custom.txt"
    args = [str(path), "--from", "quizlet", "--sep", " - ", "--card-sep", ";", "--to", "anki-csv"]
    result = runner.invoke(convert_command, args)
    assert result.exit_code == 1  # card 3 has no separator
    assert f"{path}:1: card 3: no ' - ' between the term and the definition" in result.stderr
    assert "Hund\tdog\t\nKatze\tcat\t\nVogel\tbird\t\n" in result.stdout
    tabbed = runner.invoke(convert_command, [str(DATA / "quizlet.txt"), "--from", "quizlet"])
    assert "front: Hund" in tabbed.stdout
    escaped = runner.invoke(convert_command, [str(DATA / "quizlet.txt"), "--sep", "\\t"])
    assert "front: Hund" in escaped.stdout


def test_a_cards_only_bank_cannot_become_gift(runner):
    result = runner.invoke(convert_command, [str(DATA / "quizlet.txt"), "--to", "gift"])
    assert result.exit_code == 1
    assert "holds flashcards only, and gift holds questions" in result.stderr


def test_unknown_format_asks_for_from(runner, tmp_path):
    odd = tmp_path / "notes.dat"
    odd.write_text("just some words\n")
    result = runner.invoke(convert_command, [str(odd)])
    assert result.exit_code == 2
    assert "--from" in result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sample.gift", "gift"),
        ("sample_aiken.txt", "aiken"),
        ("sample_moodle.xml", "moodle-xml"),
        ("anki.txt", "anki-text"),
        ("quizlet.txt", "anki-text"),
        ("all_types.yaml", "yaml"),
    ],
)
def test_detect_format(name, expected):
    assert detect_format(name, read(name)) == expected
    assert detect_format("upload", read(name)) == expected
