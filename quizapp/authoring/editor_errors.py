"""Errors for the form editor: the bank loader's validation, mapped onto form fields. No Flask."""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from ..banks.messages import explain
from ..banks.schema import Question
from .editor import LISTS, Parsed, text_of

_QUESTION = TypeAdapter(Question)

_SHOWN = {
    "prompt", "explanation", "points", "tags", "answer", "tolerance", "unit", "text",
    "credit", "feedback_true", "feedback_false", "case_sensitive", "typos",
}  # fmt: skip


def field_for(loc: tuple, parsed: Parsed, kind: str) -> str:
    """The form field an error at `loc` (a path in the question) belongs to; "" if none."""
    if not loc:
        return ""
    head = loc[0]
    if head == "source":
        return "sentence" if "sentence" in loc else "paragraph"
    if head == "range":
        return "range_max" if loc[1:2] == (1,) else "range_min"
    if head in LISTS.get(kind, {}):
        prefix, names = LISTS[kind][head]
        rows = parsed.rows.get(head, [])
        if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(rows):
            name = loc[2] if len(loc) > 2 and loc[2] in names else names[0]
            if prefix == "blank" and name == names[0] and "options" in str(loc):
                name = "options"
            return f"{prefix}-{rows[loc[1]]}-{name}"
        return head
    return str(head) if head in _SHOWN else ""


def check(parsed: Parsed) -> Parsed:
    """Validate the question with the bank's own model; errors land on their fields."""
    question = parsed.question
    try:
        _QUESTION.validate_python(question)
    except ValidationError as error:
        kind = question.get("type", "")
        for item in error.errors():
            pointed = {**item, "loc": ("questions", 0, *item["loc"])}
            explained = explain(pointed, lambda loc: _raw(question, loc[2:]))
            name = field_for(explained.loc[2:], parsed, kind)
            if name not in parsed.errors or name == "":
                parsed.add(name, _sentence(explained.message))
    return parsed


def _raw(question: dict, loc: tuple) -> str | None:
    value: object = question
    for part in loc:
        try:
            value = value[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return None if isinstance(value, dict | list) else text_of(value)


def _sentence(message: str) -> str:
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."
