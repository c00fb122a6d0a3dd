"""Anki's "Notes in Plain Text" export: #headers, meta columns, Basic and Cloze notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .common import CLOZE_PROMPT, CLOZE_PROMPT_MANY, BankBuilder, category_tags, text_hash_id
from .flashtext import SEPARATORS, split_records
from .htmltext import html_to_text

_HEADER = re.compile(r"^#([a-z ]+):(.*)$", re.IGNORECASE)
_FRONT = {"front", "question", "term", "word", "text", "q"}
_BACK = {"back", "answer", "definition", "meaning", "a", "back extra", "extra"}
# Meta columns Anki writes before and after a note's fields: "#guid column:1" and so on.
_META = ("guid", "notetype", "deck", "tags")
_KNOWN = {"separator", "html", "tags", "columns", "deck", "notetype"} | {
    f"{name} column" for name in _META
}
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.DOTALL)
_SOUND = re.compile(r"\[sound:([^\]\n]*)\]")


@dataclass
class _Layout:
    """Where things are in each record (0-based column numbers)."""

    separator: str
    html: bool
    meta: dict[str, int] = field(default_factory=dict)
    front: int | None = None  # from #columns:, else the first field that is not meta
    back: int | None = None
    notetype: str = ""  # the #notetype: header, for every note
    deck: str = ""


def parse_anki_text(text: str, builder: BankBuilder, *, sep: str | None = None) -> None:
    lines = text.split("\n")
    headers: dict[str, tuple[int, str]] = {}
    start = 0
    while start < len(lines) and (match := _HEADER.match(lines[start])):
        headers[match.group(1).strip().lower()] = (start + 1, match.group(2).strip())
        start += 1
    layout = _layout(headers, lines[start:], builder, sep)
    if layout is None:
        return
    decks: list[tuple[int, str, list[dict]]] = []
    for line, fields in split_records(
        "\n".join(lines[start:]), layout.separator, first_line=start + 1
    ):
        made = _note(line, fields, layout, builder)
        if made is not None:
            decks.append((line, made[0], made[1]))
    _place(decks, builder)


def _layout(headers: dict, body: list[str], builder: BankBuilder, sep: str | None):
    layout = _Layout(sep or _separator(headers, body, builder), _flag(headers, "html"))
    if "tags" in headers:
        builder.bank["tags"] = headers["tags"][1].split()
    for name in _META:
        if f"{name} column" in headers:
            number = _column_number(name, headers[f"{name} column"], builder)
            if number is not None:
                layout.meta[name] = number
    if "columns" in headers:
        line, value = headers["columns"]
        names = [name.strip().lower() for name in value.split(layout.separator)]
        layout.front = next((i for i, name in enumerate(names) if name in _FRONT), None)
        layout.back = next((i for i, name in enumerate(names) if name in _BACK), None)
        if "tags" in names and "tags" not in layout.meta:
            layout.meta["tags"] = names.index("tags")
        if layout.front is None and layout.back is None:
            others = [i for i in range(len(names)) if i not in layout.meta.values()]
            layout.front, layout.back = (others + [None, None])[:2]
        if layout.front is None or layout.back is None:
            builder.note(line, f"cannot tell the front and back columns from {value!r}")
            return None
    layout.notetype = headers.get("notetype", (0, ""))[1]
    layout.deck = headers.get("deck", (0, ""))[1]
    for header, (line, _) in headers.items():
        if header not in _KNOWN:
            builder.note(line, f"the #{header}: header is not used", "warning")
    return layout


def _note(line: int, raw: list[str], layout: _Layout, builder: BankBuilder):
    """Add one note as a card or a cloze question; return its deck and what was added."""
    needed = max(layout.front, layout.back) + 1 if layout.front is not None else 1
    if len(raw) < needed:
        shown = "tab" if layout.separator == "\t" else repr(layout.separator)
        builder.note(
            line, f"expected at least {needed} fields separated by {shown}, found {len(raw)}"
        )
        return None
    values = [_value(text, layout.html, line, builder) for text in raw]
    meta = {name: values[i] if i < len(values) else "" for name, i in layout.meta.items()}
    fields = [value for i, value in enumerate(values) if i not in layout.meta.values()]
    if layout.front is not None:
        fields = [values[layout.front], values[layout.back]]
    notetype = meta.get("notetype") or layout.notetype
    guid = meta.get("guid", "")
    tags = meta.get("tags", "").split()
    deck = meta.get("deck") or layout.deck
    if "occlusion" in notetype.lower():
        builder.note(line, f"{notetype} notes have no equivalent here", "skipped")
        return None
    if "cloze" in notetype.lower() or (fields and _CLOZE.search(fields[0])):
        item = _cloze(line, fields, guid, tags, builder)
        return (deck, [item]) if item is not None else None
    if len(fields) < 2:
        shown = "tab" if layout.separator == "\t" else repr(layout.separator)
        builder.note(line, f"expected a front and a back separated by {shown}, found one field")
        return None
    key = f"guid:{guid}" if guid else None
    if not builder.add_card(fields[0], fields[1], line=line, tags=tags, key=key):
        return None
    made = [builder.bank["cards"][-1]]
    if "reversed card" in notetype.lower() and "optional" not in notetype.lower():
        reverse_key = f"guid:{guid}:reverse" if guid else None
        if builder.add_card(fields[1], fields[0], line=line, tags=tags, key=reverse_key):
            made.append(builder.bank["cards"][-1])
    return deck, made


def _cloze(line: int, fields: list[str], guid: str, tags: list[str], builder: BankBuilder):
    """`{{c1::Ottawa}} is the capital of {{c2::Canada::country}}` as a cloze question."""
    text, blanks = fields[0] if fields else "", []

    def blank(match: re.Match) -> str:
        answer, _, hint = match.group(2).partition("::")
        if "{{" in match.group(2):
            return "{{c"  # nested: refused below
        if hint:
            number = len(blanks) + 1
            builder.note(line, f"the hint {hint!r} of blank {number} is not kept", "warning")
        blanks.append({"answers": [answer.strip()]})
        return f"[[{len(blanks)}]]"

    marked = _CLOZE.sub(blank, text)
    if not blanks or "{{c" in marked:
        builder.note(line, "a cloze note needs {{c1::...}} deletions, none of them nested")
        return None
    question = {
        "type": "cloze",
        "prompt": CLOZE_PROMPT if len(blanks) == 1 else CLOZE_PROMPT_MANY,
        "text": marked,
        "blanks": blanks,
    }
    if tags:
        question["tags"] = tags
    explicit = text_hash_id("q-", f"guid:{guid}") if guid else None
    extra = fields[1] if len(fields) > 1 else ""
    if not builder.add_question(question, line=line, explicit_id=explicit, explanation=extra):
        return None
    return builder.bank["questions"][-1]


def _place(notes: list[tuple[int, str, list[dict]]], builder: BankBuilder) -> None:
    """One deck names the bank; several become a tag on each note (A::B as A/B)."""
    decks = {deck for _, deck, _ in notes if deck}
    if len(decks) == 1 and all(deck for _, deck, _ in notes):
        builder.bank["title"] = decks.pop().replace("::", " / ")[:200]
        return
    for _, deck, items in notes:
        for item in items:
            for tag in category_tags(deck.replace("::", "/")) if deck else []:
                if tag not in item.setdefault("tags", []):
                    item["tags"].append(tag)


def _value(text: str, html: bool, line: int, builder: BankBuilder) -> str:
    """A field as plain text; sounds and, in HTML, images and links are noted as dropped."""
    for sound in _SOUND.findall(text):
        builder.note(line, f"sound file {sound!r} is not imported", "warning")
    text = _SOUND.sub("", text)
    if not html:
        return text.strip()
    plain, dropped = html_to_text(text)
    for item in dropped:
        builder.note(line, item, "warning")
    return plain


def _flag(headers: dict, name: str) -> bool:
    return headers.get(name, (0, "false"))[1].lower() == "true"


def _separator(headers: dict, body: list[str], builder: BankBuilder) -> str:
    if "separator" in headers:
        line, value = headers["separator"]
        if value:
            return SEPARATORS.get(value.lower(), value)
        builder.note(line, "the #separator: header is empty; using tab", "warning")
        return "\t"
    sample = next((line for line in body if line.strip()), "")
    return next((candidate for candidate in ("\t", ";", ",") if candidate in sample), "\t")


def _column_number(name: str, header: tuple[int, str], builder: BankBuilder) -> int | None:
    line, value = header
    if value.isdigit() and int(value) >= 1:
        return int(value) - 1
    builder.note(line, f"#{name} column: wants a column number, not {value!r}", "warning")
    return None
