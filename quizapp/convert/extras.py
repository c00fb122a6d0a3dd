"""The `quizapp:` comments that carry our fields through GIFT and Moodle XML, both ways."""

from __future__ import annotations

import json
import re

from quizapp.banks.fields import BLANK_RE

# "quizapp:" comments carry our fields through formats that have no place for them:
# key=<JSON value> pairs, e.g.  quizapp: source=3 points=2 prompt="Fill in the blank."
EXTRA_KEYS = (
    "type",
    "source",
    "points",
    "draft",
    "prompt",
    "case_sensitive",
    "typos",
    "unit",
    "range",
    "credit",
    "blanks",
    "order",
    "cloze",
)
_EXTRA_KEY = re.compile(r"\s*([a-z_]+)=")


def format_extras(extras: dict) -> str:
    return " ".join(
        f"{key}={json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
        for key, value in extras.items()
    )


def parse_extras(text: str) -> tuple[dict, list[str]]:
    """Read key=value pairs written by format_extras; return them and complaints."""
    decoder = json.JSONDecoder()
    extras: dict = {}
    position = 0
    while position < len(text.rstrip()):
        match = _EXTRA_KEY.match(text, position)
        if match is None:
            return extras, [f"cannot read the quizapp comment from {text[position:]!r}"]
        try:
            value, position = decoder.raw_decode(text, match.end())
        except json.JSONDecodeError:
            return extras, [f"cannot read the value of {match.group(1)} in the quizapp comment"]
        extras[match.group(1)] = value
    unknown = [key for key in extras if key not in EXTRA_KEYS]
    return extras, [f"unknown key {key!r} in the quizapp comment" for key in unknown]


def question_extras(question) -> dict:
    """The fields no foreign format has: the source citation, and draft when set."""
    source = question.source.model_dump(exclude_none=True)
    extras: dict = {"source": source["paragraph"] if len(source) == 1 else source}
    if question.draft:
        extras["draft"] = True
    return extras


def apply_extras(question: dict, extras: dict) -> dict:
    """Put carried fields back on an imported question dict (type changes are the caller's)."""
    for key in ("source", "points", "draft"):
        if key in extras:
            question[key] = extras[key]
    kind = question.get("type")
    if kind == "short":
        for key in ("case_sensitive", "typos"):
            if key in extras:
                question[key] = extras[key]
    elif kind == "numeric":
        if "unit" in extras:
            question["unit"] = extras["unit"]
        if "range" in extras:
            question.pop("answer", None)
            question.pop("tolerance", None)
            question["range"] = extras["range"]
    elif kind == "ordering" and "credit" in extras:
        question["credit"] = extras["credit"]
    elif kind == "cloze":
        _reorder_blanks(question, extras.get("order"))
        if "prompt" in extras:
            question["prompt"] = extras["prompt"]
        for blank, tolerance in zip(question["blanks"], extras.get("blanks", []), strict=False):
            if "answers" in blank and isinstance(tolerance, dict):
                blank.update(tolerance)
    return question


def blank_order(question) -> list[int] | None:
    """The blank numbers in the order the text uses them, when that is not 1, 2, 3..."""
    order = [int(number) for number in BLANK_RE.findall(question.text)]
    return order if order != sorted(order) else None


def _reorder_blanks(question: dict, order: object) -> None:
    """Formats that number blanks by position get our numbering back from `order`."""
    blanks = question["blanks"]
    if not isinstance(order, list) or sorted(order) != list(range(1, len(blanks) + 1)):
        return
    renumbered: list = [None] * len(blanks)
    for position, number in enumerate(order):
        renumbered[number - 1] = blanks[position]
    question["blanks"] = renumbered
    question["text"] = BLANK_RE.sub(lambda m: f"[[{order[int(m[1]) - 1]}]]", question["text"])


def blank_tolerances(question) -> list[dict] | None:
    """Per-blank case_sensitive/typos of a cloze question, or None when all are defaults."""
    out = []
    for blank in question.blanks:
        keep = {}
        if getattr(blank, "case_sensitive", False):
            keep["case_sensitive"] = True
        if getattr(blank, "typos", None) is not None:
            keep["typos"] = blank.typos
        out.append(keep)
    return out if any(out) else None
