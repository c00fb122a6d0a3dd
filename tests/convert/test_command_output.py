"""`quizapp convert -o`: nothing written when conversion fails, nothing replaced unasked."""

import pytest
from click.testing import CliRunner

from quizapp.banks import load_bank
from quizapp.banks.loader import MAX_BYTES
from quizapp.cli.convert import convert_command
from tests.helpers.convert import DATA


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_an_existing_file_is_replaced_only_with_force(runner, tmp_path):
    out = tmp_path / "bank.yaml"
    out.write_text("precious\n")
    args = [str(DATA / "sample.gift"), "-o", str(out)]
    result = runner.invoke(convert_command, args)
    assert result.exit_code == 2
    assert f"{out} exists; add --force to replace it" in result.stderr
    assert out.read_text() == "precious\n"
    result = runner.invoke(convert_command, [*args, "--force"])
    assert result.exit_code == 0, result.stderr
    assert load_bank(out).problems == []
    assert [path.name for path in tmp_path.iterdir()] == ["bank.yaml"]  # no temporary left


def test_a_conversion_that_finds_nothing_writes_nothing(runner, tmp_path):
    empty = tmp_path / "empty.gift"
    empty.write_text("// only a comment\n")
    out = tmp_path / "out.yaml"
    result = runner.invoke(convert_command, [str(empty), "-o", str(out)])
    assert result.exit_code == 1
    assert "no questions or cards were found in the file" in result.stderr
    assert not out.exists()
    out.write_text("kept\n")
    result = runner.invoke(convert_command, [str(empty), "-o", str(out), "--force"])
    assert result.exit_code == 1
    assert out.read_text() == "kept\n"
    result = runner.invoke(convert_command, [str(empty)])
    assert result.exit_code == 1 and result.stdout == ""


def _gift(count: int) -> str:
    return "\n".join(
        f"::q{n}::Planet {n}?{{=Jupiter ~Saturn ####The largest one.}}\n" for n in range(count)
    )


def test_a_40000_question_gift_is_refused_and_nothing_is_written(runner, tmp_path):
    big = tmp_path / "big.gift"
    big.write_text(_gift(40_000))
    assert big.stat().st_size < MAX_BYTES  # the input is allowed; the bank it makes is not
    out = tmp_path / "big.yaml"
    result = runner.invoke(convert_command, [str(big), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{big}: the bank would be " in result.stderr
    assert "a bank may be at most 5 MiB: nothing was written; split the input into at" in (
        result.stderr
    )
    assert list(tmp_path.iterdir()) == [big]
