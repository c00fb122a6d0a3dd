"""Read flashcards from Anki's text export (with #headers) and Quizlet's plain text."""

from __future__ import annotations

import re

from .common import BankBuilder
from .htmltext import html_to_text

SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "space": " ",
    "colon": ":",
}
_FRONT = {"front", "question", "term", "word", "text", "q"}
_BACK = {"back", "answer", "definition", "meaning", "a"}
_HEADER = re.compile(r"^#([a-z ]+):(.*)$", re.IGNORECASE)


def unescape_separator(value: str) -> str:
    """Command-line separators: `\\t` and `\\n` stand for a tab and a line break."""
    return value.replace("\\t", "\t").replace("\\n", "\n")


def parse_anki_text(text: str, builder: BankBuilder, *, sep: str | None = None) -> None:
    lines = text.split("\n")
    headers: dict[str, tuple[int, str]] = {}
    start = 0
    while start < len(lines) and (match := _HEADER.match(lines[start])):
        headers[match.group(1).strip().lower()] = (start + 1, match.group(2).strip())
        start += 1
    separator = sep or _separator(headers, lines[start:], builder)
    html = headers.get("html", (0, "false"))[1].lower() == "true"
    if "tags" in headers:
        builder.bank["tags"] = headers["tags"][1].split()
    front, back, tags = 0, 1, None
    if "columns" in headers:
        line, value = headers["columns"]
        names = [name.strip().lower() for name in value.split(separator)]
        found = _columns(names)
        if found is None:
            builder.note(line, f"cannot tell the front and back columns from {value!r}")
            return
        front, back, tags = found
    if "tags column" in headers:
        tags = _column_number(headers["tags column"], builder)
    for header in headers:
        if header not in ("separator", "html", "tags", "columns", "tags column", "deck"):
            line = headers[header][0]
            builder.note(line, f"the #{header}: header is not used", "warning")
    for line, fields in split_records("\n".join(lines[start:]), separator, first_line=start + 1):
        if len(fields) <= max(front, back):
            shown = "tab" if separator == "\t" else repr(separator)
            builder.note(
                line,
                f"expected at least {max(front, back) + 1} fields separated by {shown},"
                f" found {len(fields)}",
            )
            continue
        values = [html_to_text(field)[0] if html else field.strip() for field in fields]
        card_tags = values[tags].split() if tags is not None and tags < len(values) else []
        builder.add_card(values[front], values[back], line=line, tags=card_tags)


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


def _separator(headers: dict, body: list[str], builder: BankBuilder) -> str:
    if "separator" in headers:
        line, value = headers["separator"]
        named = SEPARATORS.get(value.lower())
        if named or value:
            return named or value
        builder.note(line, "the #separator: header is empty; using tab", "warning")
        return "\t"
    sample = next((line for line in body if line.strip()), "")
    for candidate in ("\t", ";", ","):
        if candidate in sample:
            return candidate
    return "\t"


def _columns(names: list[str]) -> tuple[int, int, int | None] | None:
    front = next((i for i, name in enumerate(names) if name in _FRONT), None)
    back = next((i for i, name in enumerate(names) if name in _BACK), None)
    tags = next((i for i, name in enumerate(names) if name == "tags"), None)
    others = [i for i in range(len(names)) if i != tags]
    if front is None and back is None and len(others) >= 2:
        front, back = others[0], others[1]
    if front is None or back is None:
        return None
    return front, back, tags


def _column_number(header: tuple[int, str], builder: BankBuilder) -> int | None:
    line, value = header
    if value.isdigit() and int(value) >= 1:
        return int(value) - 1
    builder.note(line, f"#tags column: wants a column number, not {value!r}", "warning")
    return None


def _shown(sep: str) -> str:
    return {"\t": "tab", "\n": "line break"}.get(sep, repr(sep))
