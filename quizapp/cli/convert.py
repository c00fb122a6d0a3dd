"""`quizapp convert FILE`: read questions in one format and write them in another."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from pydantic import ValidationError

from quizapp.banks.schema import Bank, Card

from ..convert import (
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


@click.command("convert")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "source_format", type=click.Choice(FORMATS_IN), help="Input format.")
@click.option(
    "--to", "target_format", type=click.Choice(FORMATS_OUT), default="yaml", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sep", help=r"Field separator of Anki or Quizlet text, e.g. ' - ' or '\t'.")
@click.option("--card-sep", help=r"Separator between Quizlet cards (default: a line break).")
def convert_command(
    file: Path,
    source_format: str | None,
    target_format: str,
    output: Path | None,
    sep: str | None,
    card_sep: str | None,
) -> None:
    """Convert FILE between GIFT, Aiken, Moodle XML, Anki/Quizlet text and our YAML."""
    if target_format == "apkg" and output is None:
        raise click.UsageError("an .apkg is binary: name the file to write with -o FILE")
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
            output.write_bytes(written)
        else:
            click.echo(written, nl=False)
    if any(note.level == "error" for note in notes) or written is None:
        sys.exit(1)


def _export(bank: dict, fmt: str, notes: list[Note]) -> bytes | None:
    """Write the imported bank in `fmt`, adding to `notes`; None when nothing can be written."""
    if fmt == "yaml":
        return dump_yaml(bank).encode()
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
