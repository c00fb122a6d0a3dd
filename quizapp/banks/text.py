"""The one rule for text that quizapp stores, whichever database holds it.

PostgreSQL refuses NUL in text and JSON, and no database takes half of a UTF-16 surrogate
pair; the other C0 control characters are invisible and break copies, CSV files and
terminals. Tab and line breaks are text. In names (of people, classes, nicknames) the
bidirectional embedding, override and isolate characters are refused too: they make a
name display backwards and pass for another.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_NOT_IN_NAMES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_NAMES = {0: "NUL", 0x1B: "ESC", 0x7: "BEL", 0x8: "BS"}


def describe(char: str) -> str:
    """Name a refused character so that an author can find it: "U+0000 (NUL)"."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (half of a surrogate pair, not a character)"
    name = _NAMES.get(code) or unicodedata.name(char, "a control character")
    return f"U+{code:04X} ({name})"


def refused_at(text: str, *, name: bool = False) -> int | None:
    """The index of the first character `text` may not hold, or None when all are fine."""
    found = (_NOT_IN_NAMES if name else _NOT_TEXT).search(text)
    return None if found is None else found.start()


def text_problem(text: str, *, name: bool = False) -> str | None:
    """Say which character `text` may not hold and where, or None when it is fine."""
    index = refused_at(text, name=name)
    if index is None:
        return None
    char = text[index]
    line = text.count("\n", 0, index) + 1
    where = f"character {index + 1}" + (f" (line {line} of the text)" if line > 1 else "")
    if _NOT_TEXT.match(char):
        kind = "the control character" if ord(char) < 0x20 else "the code"
        return f"{kind} {describe(char)} at {where} cannot be stored; remove it"
    return (
        f"the direction control {describe(char)} at {where} is not allowed in a name,"
        " since it can make the name display backwards; remove it"
    )


def document_problem(text: str) -> tuple[int, int, str] | None:
    """For a whole file: the line, column and message of its first refused character."""
    index = refused_at(text)
    if index is None:
        return None
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    message = f"the control character {describe(text[index])} cannot be stored; remove it"
    return line, column, message


def printable(text: str) -> str:
    """`text` with every refused character written as an escape (for messages and logs)."""
    return _NOT_TEXT.sub(lambda found: f"\\x{ord(found.group()):02x}", text)
