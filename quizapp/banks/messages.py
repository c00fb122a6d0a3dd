"""Turn pydantic's validation errors into messages a bank author can act on.

`explain` also rewrites the error's location into a path of keys and list indices in the
file: pydantic puts union tags into it (`single`, `typed`) that name no key, and the bank
models add `at` to their errors to point below the model at the faulty entry.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel

from . import fields, questions, schema

Loc = tuple[str | int, ...]

QUESTION_MODELS: dict[str, type[BaseModel]] = {
    typing.get_args(model.model_fields["type"].annotation)[0]: model
    for model in typing.get_args(typing.get_args(schema.Question)[0])
}
_TAGGED: dict[str, type[BaseModel]] = {
    **QUESTION_MODELS,
    "typed": questions.TypedBlank,
    "choice": questions.ChoiceBlank,
}
_MODEL_NAMES: dict[type[BaseModel], str] = {
    schema.Bank: "the bank",
    fields.Source: "the bank's source",
    fields.Settings: "settings",
    fields.Citation: "a source citation",
    fields.Choice: "a choice",
    questions.Pair: "a pair",
    questions.TypedBlank: "a typed blank",
    questions.ChoiceBlank: "a drop-down blank",
    schema.Card: "a card",
    **{model: f"a {kind} question" for kind, model in QUESTION_MODELS.items()},
}
_ENTRY_NAMES = {
    "questions": "question",
    "cards": "card",
    "choices": "choice",
    "blanks": "blank",
    "pairs": "pair",
    "items": "item",
    "answers": "answer",
    "options": "option",
    "distractors": "distractor",
    "tags": "tag",
    "draw_tags": "tag",
}
_TYPES = ", ".join(schema.QUESTION_TYPES)
_ID_RULE = "use letters, digits, '-', '_' and '.', starting with a letter or digit"


class Explained(NamedTuple):
    loc: Loc  # keys and list indices in the file
    at_key: bool  # point at the key itself (an unknown field), not at its value
    message: str
    covers: Loc | None = None  # a missing field this message already explains (a typo)


def explain(error: dict[str, Any], raw: Callable[[Loc], str | None]) -> Explained:
    """Explain one pydantic error; `raw` gives the text written at a path, if a scalar."""
    loc, owner, annotation = _walk(error["loc"])
    ctx = error.get("ctx") or {}
    loc += tuple(ctx.get("at", ()))
    kind = error["type"]
    what = _what(loc)
    if kind == "missing":
        return Explained(loc, False, _missing(loc, owner))
    if kind == "extra_forbidden":
        message, suggestion = _unknown_field(str(loc[-1]), owner)
        return Explained(loc, True, message, loc[:-1] + (suggestion,) if suggestion else None)
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", "")
        close = _close(tag, schema.QUESTION_TYPES)
        hint = f"did you mean {close!r}? The" if close else "the"
        message = f"unknown question type {tag!r}; {hint} types are: {_TYPES}"
        return Explained(loc + ("type",), False, message)
    if kind == "union_tag_not_found":
        return Explained(loc, False, f"{what} has no 'type': add type: with one of {_TYPES}")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return Explained(loc, False, _not_a_mapping(what, error.get("input"), annotation))
    return Explained(loc, False, _bad_value(error, loc, what, annotation, raw))


def _bad_value(
    error: dict[str, Any], loc: Loc, what: str, annotation: Any, raw: Callable[[Loc], str | None]
) -> str:
    """Explain a value of the wrong kind, size or form."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "string_type":
        return _wrong_kind(what, "text", value, raw(loc))
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _wrong_kind(what, "a whole number", value, raw(loc))
    if kind in ("float_type", "float_parsing", "finite_number"):
        return _wrong_kind(what, "a number", value, raw(loc))
    if kind in ("bool_type", "bool_parsing"):
        return _wrong_kind(what, "true or false", value, raw(loc))
    if kind in ("list_type", "tuple_type"):
        return _wrong_kind(what, _list_kind(loc), value, raw(loc))
    if kind.startswith("date_"):
        message = f"{what} must be a date written YYYY-MM-DD, not {raw(loc) or value!r}"
        if "range" in str(ctx.get("error", "")):  # such as a 13th month
            message += f" ({ctx['error']})"
        return message
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return f"{what} must not be empty"
    if kind == "string_too_long":
        return f"{what} is {len(value)} characters long; at most {ctx['max_length']} allowed"
    if kind == "string_pattern_mismatch" and loc[-1:] == ("url",):
        return f"{what} must be a web address starting with http:// or https://, not {value!r}"
    if kind == "string_pattern_mismatch":
        return f"the id {value!r} is not valid: {_ID_RULE}"
    if kind in ("too_short", "too_long"):
        return _length(what, kind, ctx, loc)
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()))
        return f"{what} must be {_BOUNDS[kind]} {_number(bound)}, not {_number(value)}"
    if kind == "literal_error":
        options = typing.get_args(annotation) or (ctx.get("expected", ""),)
        message = f"{what} must be one of: {', '.join(map(str, options))}, not {value!r}"
        close = _close(str(value), [str(option) for option in options])
        return message + (f"; did you mean {close!r}?" if close else "")
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    if kind == "blank_type":
        return f"{what} is not a blank: {error['msg']}"
    if kind in fields.CUSTOM_ERRORS:
        return error["msg"]
    return f"{what}: {error['msg']}"


def _walk(pydantic_loc: Loc) -> tuple[Loc, type[BaseModel] | None, Any]:
    """Drop union tags from the location; find the model holding the last field and its type."""
    loc: list[str | int] = []
    annotation: Any = schema.Bank
    owner: type[BaseModel] | None = None
    for part in pydantic_loc:
        annotation = _unwrap(annotation)
        if _is_union(annotation) and part in _TAGGED:
            annotation = _TAGGED[str(part)]
            continue
        loc.append(part)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            owner = annotation
            field = annotation.model_fields.get(str(part))
            annotation = field.annotation if field else None
        elif typing.get_origin(annotation) in (list, tuple) and isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[min(part, len(args) - 1)] if args else None
        else:
            annotation = None
    return tuple(loc), owner, _unwrap(annotation)


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and `| None` from a type."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif _is_union(annotation):
            members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _what(loc: Loc) -> str:
    """Name the entry at `loc` as the author sees it: 'prompt', 'choice 2', 'question 3'."""
    if not loc:
        return "the bank"
    last = loc[-1]
    if isinstance(last, int):
        field = loc[-2] if len(loc) > 1 else ""
        entry = _ENTRY_NAMES.get(str(field))
        return f"{entry} {last + 1}" if entry else f"entry {last + 1} of {field!r}"
    return repr(last)


def _missing(loc: Loc, owner: type[BaseModel] | None) -> str:
    field = loc[-1]
    if isinstance(field, int):  # a fixed-length list: range: [min, max]
        return f"{_what(loc[:-1])} must be [min, max]: two numbers"
    where = f" in {_MODEL_NAMES[owner]}" if owner in _MODEL_NAMES else ""
    return f"missing required field {field!r}{where}"


def _unknown_field(field: str, owner: type[BaseModel] | None) -> tuple[str, str | None]:
    """The message, and the field the author probably meant."""
    if owner is None:
        return f"unknown field {field!r}", None
    allowed = list(owner.model_fields)
    message = f"unknown field {field!r} in {_MODEL_NAMES.get(owner, owner.__name__)}"
    close = _close(field, allowed)
    if close:
        return f"{message}; did you mean {close!r}?", close
    if owner in QUESTION_MODELS.values():
        kinds = [kind for kind, model in QUESTION_MODELS.items() if field in model.model_fields]
        if kinds:
            return f"{message} ({field!r} belongs to {', '.join(kinds)} questions)", None
    return f"{message}; the fields are: {', '.join(allowed)}", None


def _close(word: str, options: typing.Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else None


def _describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({_number(value)})"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    return type(value).__name__


def _wrong_kind(what: str, expected: str, value: object, raw: str | None) -> str:
    if value is None:
        return f"{what} is empty; it must be {expected}"
    message = f"{what} must be {expected}, not {_describe(value)}"
    if expected == "text" and raw is not None:
        message += f"; put it in quotes ({raw!r}) to make it text"
    return message


def _not_a_mapping(what: str, value: object, annotation: Any) -> str:
    if annotation is fields.Citation:
        return (
            f"{what} must be a paragraph number (source: 2) or a mapping"
            f" {{paragraph: 2, sentence: 1}}, not {_describe(value)}"
        )
    if value is None:
        return f"{what} is empty; it must be a mapping of fields (key: value)"
    return f"{what} must be a mapping of fields (key: value), not {_describe(value)}"


def _list_kind(loc: Loc) -> str:
    return "a list [min, max]" if loc and loc[-1] == "range" else "a list"


def _length(what: str, kind: str, ctx: dict[str, Any], loc: Loc) -> str:
    if kind == "too_short":
        limit, word = ctx.get("min_length", 0), "at least"
    else:
        limit, word = ctx.get("max_length", 0), "at most"
    actual = ctx.get("actual_length")
    if loc and loc[-1] == "range":
        return f"{what} must be [min, max]: two numbers"
    noun = _ENTRY_NAMES.get(str(loc[-1]) if loc else "", "entry")
    if limit != 1:
        noun = "entries" if noun == "entry" else noun + "s"
    has = f"; it has {actual}" if actual is not None else ""
    return f"{what} needs {word} {limit} {noun}{has}"


_BOUNDS = {
    "greater_than_equal": "at least",
    "greater_than": "more than",
    "less_than_equal": "at most",
    "less_than": "less than",
}


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
