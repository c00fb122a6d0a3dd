"""Move questions in and out: GIFT, Aiken, Moodle XML, QTI, Anki and Quizlet text, .apkg, CSV.

Importers return our YAML format as a dict plus notes (line, message, level); exporters take
a validated Bank. No Flask imports here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from quizapp.banks.schema import Bank, Card
from quizapp.banks.text import document_problem

from .aiken import parse_aiken
from .anki_text import parse_anki_text
from .apkg import write_apkg
from .common import (
    MAX_IMPORT_BYTES,
    BankBuilder,
    ConvertError,
    ImportResult,
    Note,
    decode,
    paused_gc,
)
from .csvexport import write_anki_csv
from .flashtext import parse_quizlet
from .gift import parse_gift
from .gift_out import write_gift
from .moodle_xml import parse_moodle_xml
from .moodle_xml_out import write_moodle_xml
from .qti_in import parse_qti
from .qti_out import write_qti_package
from .yamlout import bank_to_dict, dump_yaml, parse_yaml
from .zipsafe import is_zip

FORMATS_IN = ("yaml", "gift", "aiken", "moodle-xml", "qti", "anki-text", "quizlet")
FORMATS_OUT = ("yaml", "gift", "moodle-xml", "qti", "anki-csv", "apkg")
BINARY_OUT = ("qti", "apkg")  # zip archives: written to a file, never to a terminal
CARD_FORMATS = ("anki-csv", "apkg")
_NAMES = {
    "gift": "GIFT",
    "aiken": "Aiken",
    "moodle-xml": "Moodle XML",
    "qti": "QTI",
    "anki-text": "Anki text",
    "quizlet": "Quizlet text",
}
_EXTENSIONS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".gift": "gift",
    ".xml": "moodle-xml",
    ".zip": "qti",
    ".imscc": "qti",
    ".csv": "anki-text",
    ".tsv": "anki-text",
}

__all__ = [
    "BINARY_OUT",
    "CARD_FORMATS",
    "FORMATS_IN",
    "FORMATS_OUT",
    "ConvertError",
    "ExportResult",
    "ImportResult",
    "Note",
    "bank_to_dict",
    "detect_format",
    "dump_yaml",
    "export_bank",
    "export_cards",
    "export_with_notes",
    "import_bank",
]


@dataclass
class ExportResult:
    data: bytes
    notes: list[Note] = field(default_factory=list)  # what the format could not carry


def detect_format(filename: str, data: bytes) -> str:
    """Guess the input format from the file name, then from the content; ValueError if unsure."""
    suffix = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    head = data[:65536].decode("utf-8", "replace").lstrip("\ufeff \t\n")
    if is_zip(data) or re.search(r"<(\w+:)?(assessmentItem|questestinterop)[\s>]", head):
        return "qti"
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if head.startswith(("<?xml", "<quiz")):
        return "moodle-xml"
    if re.match(r"#(separator|html|columns|tags|deck|notetype):", head, re.IGNORECASE):
        return "anki-text"
    if re.search(r"^ANSWER\s*:\s*[A-Z]\s*$", head, re.MULTILINE) and re.search(
        r"^[A-Z][.)]\s*\S", head, re.MULTILINE
    ):
        return "aiken"
    if head.startswith("# yaml-language-server") or re.search(
        r"^(title|questions|source)\s*:", head, re.MULTILINE
    ):
        return "yaml"
    if re.search(r"\{[^{}]*\}", head) or head.startswith(("::", "//", "$CATEGORY:")):
        return "gift"
    if "\t" in head:
        return "anki-text"
    raise ValueError(f"cannot tell the format of {filename}; name it with --from")


def import_bank(
    data: bytes,
    fmt: str,
    *,
    name: str,
    sep: str | None = None,
    card_sep: str | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Read a file in `fmt` into our format; problems come back as notes, never exceptions.

    `sep` replaces the field separator of Anki and Quizlet text, `card_sep` the line break
    between Quizlet cards.
    """
    if fmt not in FORMATS_IN:
        raise ValueError(f"unknown input format {fmt!r}; use one of {', '.join(FORMATS_IN)}")
    if fmt == "yaml":
        return parse_yaml(data, name)
    builder = BankBuilder(name, fmt=_NAMES[fmt], today=today)
    with paused_gc():
        _read(data, fmt, builder, sep=sep, card_sep=card_sep)
    return builder.result()


def _read(data: bytes, fmt: str, builder: BankBuilder, **options) -> None:
    """Run the importer for `fmt`; a ConvertError becomes a note at its line."""
    sep, card_sep = options["sep"], options["card_sep"]
    try:
        if len(data) > MAX_IMPORT_BYTES:
            raise ConvertError(0, f"the file is larger than {MAX_IMPORT_BYTES // 2**20} MiB")
        if fmt == "moodle-xml":
            parse_moodle_xml(data, builder)
        elif fmt == "qti":
            parse_qti(data, builder)
        else:
            text = decode(data)
            refused = document_problem(text)
            if refused is not None:
                raise ConvertError(refused[0], f"column {refused[1]}: {refused[2]}")
            if fmt == "gift":
                parse_gift(text, builder)
            elif fmt == "aiken":
                parse_aiken(text, builder)
            elif fmt == "anki-text":
                parse_anki_text(text, builder, sep=sep)
            else:
                parse_quizlet(text, builder, sep=sep, card_sep=card_sep)
    except ConvertError as error:
        builder.note(error.line, error.message)


def export_with_notes(bank: Bank, fmt: str) -> ExportResult:
    """Write a validated bank in `fmt`, with notes on what that format cannot carry."""
    if fmt == "yaml":
        return ExportResult(dump_yaml(bank_to_dict(bank)).encode())
    if fmt == "gift":
        text, notes = write_gift(bank)
        return ExportResult(text.encode(), notes)
    if fmt == "moodle-xml":
        return ExportResult(*write_moodle_xml(bank))
    if fmt == "qti":
        return ExportResult(*write_qti_package(bank))
    if fmt in CARD_FORMATS:
        result = export_cards(
            list(bank.cards), fmt, bank_id=bank.id or "bank", title=bank.title, tags=bank.tags
        )
        notes = []
        if bank.questions:
            left_out = f"{len(bank.questions)} questions are not written: {fmt} holds flashcards"
            notes.append(Note(0, left_out, "skipped"))
        if not bank.cards:
            notes.append(Note(0, "the bank has no flashcards, so the file holds none", "warning"))
        return ExportResult(result, notes)
    raise ValueError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS_OUT)}")


def export_bank(bank: Bank, fmt: str) -> bytes:
    """Write a validated bank in `fmt` (see export_with_notes for what gets left out)."""
    return export_with_notes(bank, fmt).data


def export_cards(
    cards: list[Card], fmt: str, *, bank_id: str, title: str, tags: list[str] = ()
) -> bytes:
    """Flashcards alone as apkg or CSV."""
    if fmt == "apkg":
        return write_apkg(cards, bank_id=bank_id, title=title, tags=list(tags))
    if fmt == "anki-csv":
        return write_anki_csv(cards, title=title, tags=list(tags)).encode()
    raise ValueError(f"{fmt!r} is not a flashcard format; use one of {', '.join(CARD_FORMATS)}")
