"""`quizapp convert FILE`: read questions in one format and write them in another."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click
from pydantic import ValidationError

from quizapp.banks.schema import Bank, Card

from ..convert import (
    BINARY_OUT,
    CARD_FORMATS,
    FORMATS_IN,
    FORMATS_OUT,
    Note,
    detect_format,
    dump_yaml,
    export_cards,
    export_with_notes,
    import_bank,
)
from ..convert.common import explain_validation
from ..convert.flashtext import unescape_separator
from ..convert.limits import bank_file_problems


@click.command("convert")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "source_format", type=click.Choice(FORMATS_IN), help="Input format.")
@click.option(
    "--to", "target_format", type=click.Choice(FORMATS_OUT), default="yaml", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the -o file when it exists.")
@click.option("--sep", help=r"Field separator of Anki or Quizlet text, e.g. ' - ' or '\t'.")
@click.option("--card-sep", help=r"Separator between Quizlet cards (default: a line break).")
def convert_command(
    file: Path,
    source_format: str | None,
    target_format: str,
    output: Path | None,
    force: bool,
    sep: str | None,
    card_sep: str | None,
) -> None:
    """Convert FILE between GIFT, Aiken, Moodle XML, QTI, Anki/Quizlet text and our YAML."""
    if target_format in BINARY_OUT and output is None:
        raise click.UsageError(f"{target_format} is binary: name the file to write with -o FILE")
    if output is not None and output.exists() and not force:
        raise click.UsageError(f"{output} exists; add --force to replace it")
    data = file.read_bytes()
    if source_format is None:
        try:
            source_format = detect_format(file.name, data)
        except ValueError as error:
            raise click.UsageError(str(error)) from None
    result = import_bank(
        data,
        source_format,
        name=file.name,
        sep=unescape_separator(sep) if sep else None,
        card_sep=unescape_separator(card_sep) if card_sep else None,
    )
    notes = list(result.notes)
    written = _export(result.bank, target_format, notes) if result.bank else None
    for note in notes:
        where = f"{file}:{note.line}:" if note.line else f"{file}:"
        kind = "" if note.level == "error" else f" {note.level}:"
        click.echo(f"{where}{kind} {note.message}", err=True)
    if written is not None:
        if output is not None:
            _write_whole(output, written)
        else:
            click.echo(written, nl=False)
    if any(note.level == "error" for note in notes) or written is None:
        sys.exit(1)


def _write_whole(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _export(bank: dict, fmt: str, notes: list[Note]) -> bytes | None:
    """Write the imported bank in `fmt`, adding to `notes`; None when nothing may be written."""
    if not bank.get("questions") and not bank.get("cards"):
        return None  # the importer has said why
    if fmt == "yaml":
        data = dump_yaml(bank).encode()
        problems = bank_file_problems(data, bank)
        notes.extend(problems)
        return None if problems else data
    if fmt in CARD_FORMATS and not bank.get("questions"):
        try:
            cards = [Card.model_validate(card) for card in bank.get("cards", [])]
        except ValidationError as error:
            notes.append(Note(0, f"card: {explain_validation(error)}"))
            return None
        tags = bank.get("tags", [])
        return export_cards(cards, fmt, bank_id=bank["id"], title=bank["title"], tags=tags)
    if not bank.get("questions"):
        notes.append(
            Note(
                0,
                f"the file holds flashcards only, and {fmt} holds questions:"
                " write the cards with --to apkg, --to anki-csv or --to yaml",
            )
        )
        return None
    try:
        validated = Bank.model_validate(bank)
    except ValidationError as error:
        notes.append(Note(0, f"the bank does not validate: {explain_validation(error)}"))
        return None
    exported = export_with_notes(validated, fmt)
    notes.extend(exported.notes)
    return exported.data
