"""Quizlet's plain text, and the delimited records Anki's text export shares with it."""

from __future__ import annotations

from .common import BankBuilder

SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}


def unescape_separator(value: str) -> str:
    """Command-line separators: `\\t` and `\\n` stand for a tab and a line break."""
    return value.replace("\\t", "\t").replace("\\n", "\n")


def parse_quizlet(
    text: str, builder: BankBuilder, *, sep: str | None = None, card_sep: str | None = None
) -> None:
    """Quizlet's export: term SEP definition, one card per line (or per `card_sep`)."""
    sep = sep or "\t"
    card_sep = card_sep or "\n"
    position = 0
    for number, chunk in enumerate(text.split(card_sep), 1):
        line = text.count("\n", 0, position) + 1 + (len(chunk) - len(chunk.lstrip("\n")))
        position += len(chunk) + len(card_sep)
        if not chunk.strip():
            continue
        term, found, definition = chunk.strip("\n").partition(sep)
        if not found:
            where = "" if card_sep == "\n" else f"card {number}: "
            builder.note(line, f"{where}no {_shown(sep)} between the term and the definition")
            continue
        builder.add_card(term.strip(), definition.strip(), line=line)


def split_records(text: str, sep: str, *, first_line: int = 1) -> list[tuple[int, list[str]]]:
    """Split delimited text into records of fields; quoted fields may hold sep and breaks."""
    records: list[tuple[int, list[str]]] = []
    fields: list[str] = []
    field: list[str] = []
    line = first_line
    start_line = line
    i = 0
    at_field_start = True
    while i < len(text):
        if at_field_start and text[i] == '"':
            close = i + 1
            value = []
            while True:
                end = text.find('"', close)
                if end < 0:
                    value.append(text[close:])
                    close = len(text)
                    break
                value.append(text[close:end])
                if text.startswith('""', end):
                    value.append('"')
                    close = end + 2
                    continue
                close = end + 1
                break
            joined = "".join(value)
            line += joined.count("\n")
            field.append(joined)
            i = close
            at_field_start = False
            continue
        if text.startswith(sep, i):
            fields.append("".join(field))
            field = []
            i += len(sep)
            at_field_start = True
            continue
        if text[i] == "\n":
            fields.append("".join(field))
            if any(value.strip() for value in fields):
                records.append((start_line, fields))
            fields, field = [], []
            line += 1
            start_line = line
            i += 1
            at_field_start = True
            continue
        field.append(text[i])
        at_field_start = False
        i += 1
    fields.append("".join(field))
    if any(value.strip() for value in fields):
        records.append((start_line, fields))
    return records


def _shown(sep: str) -> str:
    return {"\t": "tab", "\n": "line break"}.get(sep, repr(sep))
