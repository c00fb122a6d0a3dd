"""Where a bank file's bytes stop making sense: text that is not UTF-8, YAML syntax errors.

Positions are 1-based (line, column) pairs, columns counted in characters.
"""

from __future__ import annotations

import yaml

from . import yamlnodes
from .yamlnodes import Spot


def utf8_error_position(data: bytes, error: UnicodeDecodeError) -> tuple[int, int]:
    """The (line, column) of the first byte that is not UTF-8."""
    before = data[: error.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return line, column


_SYNTAX_HINTS = (
    ("tab", "YAML indentation must use spaces, not tabs: replace the tab with spaces"),
    (
        "mapping values are not allowed",
        "a ': ' inside a text starts a new key: put the text"
        " in quotes, or check the indentation of this line",
    ),
    ("expected key", "check the indentation: this line does not line up with the keys above"),
    (
        "expected <block end>",
        "check the indentation: this line does not line up with the lines above",
    ),
    (
        "expected '-' indicator",
        "check the indentation: this line does not line up with the list above",
    ),
    ("could not find expected ':'", "write key: value, and check the indentation"),
    ("expected ',' or ']'", "close the [ ... ] list, or put an item with ':' in quotes"),
    ("expected ',' or '}'", "close the { ... } mapping, or put a value with ':' in quotes"),
    ("undefined alias", "an alias (*name) must refer to an anchor (&name) defined above it"),
    ("another document", "a bank is one YAML document: remove the '---' line"),
)


def syntax_spot(error: yaml.YAMLError, data: bytes) -> Spot:
    """Say where and why the YAML parser gave up, in words an author can act on."""
    text = data.decode("utf-8").removeprefix("\ufeff")
    if isinstance(error, yaml.reader.ReaderError):
        index = error.position
        if yamlnodes.Loader is not yaml.SafeLoader:  # libyaml counts bytes here, not characters
            index = len(data[: error.position].decode("utf-8", "replace"))
        line, column = _line_column(text, index)
        return (
            line,
            column,
            f"the file contains the control character #x{error.character:02x}, which YAML"
            " does not allow; remove it",
        )
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    if context and problem.startswith("but "):
        problem = f"{context}, {problem}"
    message = f"YAML syntax error: {problem}"
    row = text.split("\n")[line - 1] if mark else ""
    found = row[column - 1] if 0 < column <= len(row) else ""  # index counts a BOM or not
    if found == "\t":
        problem = "tab"
    elif "cannot start any token" in problem and found:
        message += f" ({found!r} cannot start a value: put the text in quotes)"
    if context and "quoted scalar" in context and context_mark is not None:
        message += (
            f"; the quote opened on line {context_mark.line + 1}, column"
            f" {context_mark.column + 1} is never closed"
        )
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem or (context and needle in context):
            message += f"; {hint}"
            break
    return line, column, message


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1
