"""The form editor's model: a question dict <-> flat form fields, and errors per field.

No Flask here. Lists (choices, answers, items, pairs, distractors, blanks) are numbered rows,
`choice-0-text`, `choice-1-text`, ...; a row left blank is ignored, so the page can always
offer a few empty rows without JavaScript. Validation is the bank loader's own model; its
errors are mapped back to the row and field they name (editor_errors.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

EXTRA_ROWS = 3  # empty rows under every list, and how many "Add more rows" adds
MAX_ROWS = 40  # a list never has more rows than this (the schema allows at most 30 blanks)

# The row lists of each type: list key in the bank format -> (row prefix, row fields).
LISTS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "single": {"choices": ("choice", ("text", "correct", "feedback"))},
    "multiple": {"choices": ("choice", ("text", "correct", "feedback"))},
    "true_false": {},
    "short": {"answers": ("answer", ("text",))},
    "numeric": {},
    "ordering": {"items": ("item", ("text",))},
    "matching": {
        "pairs": ("pair", ("left", "right")),
        "distractors": ("distractor", ("text",)),
    },
    "cloze": {"blanks": ("blank", ("answers", "options", "answer"))},
}
_SCALARS = {
    "true_false": ("feedback_true", "feedback_false"),
    "numeric": ("unit",),
    "cloze": ("text",),
    "ordering": ("credit",),
}
_NUMBERS = {"numeric": ("answer", "tolerance")}


@dataclass
class Parsed:
    """What the form said: the question, errors by field name ("" for the whole form)."""

    question: dict
    errors: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)  # list key -> form row numbers

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def text_of(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_fields(question: dict) -> dict[str, str]:
    """The question as form values; a ticked box is "on"."""
    kind = question.get("type", "single")
    source = question.get("source")
    source = source if isinstance(source, dict) else {"paragraph": source}
    fields = {
        "prompt": text_of(question.get("prompt")),
        "explanation": text_of(question.get("explanation")),
        "paragraph": text_of(source.get("paragraph")),
        "sentence": text_of(source.get("sentence")),
        "tags": ", ".join(map(str, question.get("tags") or [])),
        "points": text_of(question.get("points", 1)),
    }
    for name in _SCALARS.get(kind, ()) + _NUMBERS.get(kind, ()):
        fields[name] = text_of(question.get(name))
    if kind == "true_false":
        fields["answer"] = text_of(question.get("answer"))
    if kind == "numeric" and question.get("range"):
        fields["range_min"], fields["range_max"] = map(text_of, question["range"])
    if kind == "short":
        fields["case_sensitive"] = "on" if question.get("case_sensitive") else ""
        fields["typos"] = text_of(question.get("typos"))
    for key, (prefix, _names) in LISTS.get(kind, {}).items():
        for row, entry in enumerate(question.get(key) or []):
            fields.update(_row_fields(prefix, row, entry))
    return fields


def _row_fields(prefix: str, row: int, entry: object) -> dict[str, str]:
    name = f"{prefix}-{row}-"
    if prefix == "choice":
        return {
            name + "text": text_of(entry.get("text")),
            name + "correct": "on" if entry.get("correct") else "",
            name + "feedback": text_of(entry.get("feedback")),
        }
    if prefix == "pair":
        return {name + side: text_of(entry.get(side)) for side in ("left", "right")}
    if prefix == "blank":
        return {
            name + "answers": "\n".join(map(text_of, entry.get("answers") or [])),
            name + "options": "\n".join(map(text_of, entry.get("options") or [])),
            name + "answer": text_of(entry.get("answer")),
        }
    return {name + "text": text_of(entry)}


def row_counts(kind: str, fields: Mapping[str, str], extra: int = EXTRA_ROWS) -> dict[str, int]:
    """How many rows to show for each list: the last filled row, then `extra` empty ones."""
    counts = {}
    for key, (prefix, names) in LISTS.get(kind, {}).items():
        used = [
            row for row in range(MAX_ROWS) if any(fields.get(f"{prefix}-{row}-{n}") for n in names)
        ]
        counts[key] = min((used[-1] + 1 if used else 0) + extra, MAX_ROWS)
    return counts


def _number(parsed: Parsed, fields: Mapping[str, str], name: str, whole: bool = False):
    raw = (fields.get(name) or "").strip().replace(",", "") if not whole else fields.get(name, "")
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        example = "a whole number such as 2" if whole else "a number such as 2 or 2.5"
        parsed.add(name, f"Write {example} here, not {raw!r}.")
        return None
    return int(value) if not whole and value.is_integer() else value


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def from_fields(fields: Mapping[str, str], original: dict) -> Parsed:
    """The question the form describes; keys the form does not show are kept from `original`."""
    kind = original.get("type", "single")
    question = {key: original[key] for key in ("id", "type") if key in original}
    parsed = Parsed(question)
    question["prompt"] = (fields.get("prompt") or "").strip()
    explanation = (fields.get("explanation") or "").strip()
    if explanation:
        question["explanation"] = explanation
    _source(parsed, fields)
    tags = [tag.strip() for tag in (fields.get("tags") or "").split(",") if tag.strip()]
    if tags:
        question["tags"] = tags
    points = _number(parsed, fields, "points")
    if points is not None and points != 1:
        question["points"] = points
    for name in _SCALARS.get(kind, ()):
        value = (fields.get(name) or "").strip()
        if value:
            question[name] = value
    _TYPED.get(kind, _nothing)(parsed, fields, original)
    for key, (prefix, names) in LISTS.get(kind, {}).items():
        _rows(parsed, fields, key, prefix, names, original)
    if original.get("draft"):
        question["draft"] = True
    return parsed


def _source(parsed: Parsed, fields: Mapping[str, str]) -> None:
    paragraph = _number(parsed, fields, "paragraph", whole=True)
    sentence = _number(parsed, fields, "sentence", whole=True)
    if paragraph is None and "paragraph" not in parsed.errors:
        parsed.add("paragraph", "Give the paragraph of the source this question rests on.")
    if paragraph is not None:
        source = {"paragraph": paragraph}
        if sentence is not None:
            source["sentence"] = sentence
        parsed.question["source"] = source if sentence is not None else paragraph


def _true_false(parsed: Parsed, fields: Mapping[str, str], _original: dict) -> None:
    answer = fields.get("answer")
    if answer not in ("true", "false"):
        parsed.add("answer", "Choose whether the statement is true or false.")
    else:
        parsed.question["answer"] = answer == "true"


def _short(parsed: Parsed, fields: Mapping[str, str], _original: dict) -> None:
    if fields.get("case_sensitive"):
        parsed.question["case_sensitive"] = True
    typos = _number(parsed, fields, "typos", whole=True)
    if typos is not None:
        parsed.question["typos"] = typos


def _numeric(parsed: Parsed, fields: Mapping[str, str], _original: dict) -> None:
    for name in ("answer", "tolerance"):
        value = _number(parsed, fields, name)
        if value is not None and not (name == "tolerance" and value == 0):
            parsed.question[name] = value
    low = _number(parsed, fields, "range_min")
    high = _number(parsed, fields, "range_max")
    missing = "range_min" if low is None else "range_max"
    if (low is None) != (high is None) and missing not in parsed.errors:
        parsed.add(missing, "A range needs both ends: fill in both, or neither.")
    elif low is not None:
        parsed.question["range"] = [low, high]


def _nothing(_parsed: Parsed, _fields: Mapping[str, str], _original: dict) -> None:
    pass


_TYPED = {
    "true_false": _true_false,
    "short": _short,
    "numeric": _numeric,
}


def _rows(parsed: Parsed, fields, key: str, prefix: str, names, original: dict) -> None:
    entries, rows = [], []
    before = original.get(key) or []
    for row in range(MAX_ROWS):
        values = {name: (fields.get(f"{prefix}-{row}-{name}") or "").strip() for name in names}
        if not any(value for name, value in values.items() if name != "correct"):
            continue  # a blank row: the page always offers a few
        old = before[row] if row < len(before) and isinstance(before[row], dict) else {}
        entry = _entry(parsed, prefix, row, values, old)
        if entry is not None:
            entries.append(entry)
            rows.append(row)
    parsed.rows[key] = rows
    if entries or key != "distractors":
        parsed.question[key] = entries


def _entry(parsed: Parsed, prefix: str, row: int, values: dict[str, str], old: dict):
    if prefix == "choice":
        entry: dict = {"text": values["text"]}
        if values["correct"]:
            entry["correct"] = True
        if values["feedback"]:
            entry["feedback"] = values["feedback"]
        return entry
    if prefix == "pair":
        return {"left": values["left"], "right": values["right"]}
    if prefix == "blank":
        return _blank(parsed, row, values, old)
    return values["text"]


def _blank(parsed: Parsed, row: int, values: dict[str, str], old: dict) -> dict | None:
    options, answers = _lines(values["options"]), _lines(values["answers"])
    if options and answers:
        parsed.add(
            f"blank-{row}-answers",
            "A blank is typed (accepted answers) or a drop-down (options and the right one),"
            " not both: empty one of them.",
        )
        return None
    if options:
        return {"options": options, "answer": values["answer"]}
    # The typing tolerance of a typed blank is not on the form: keep what the file said.
    kept = {key: old[key] for key in ("case_sensitive", "typos") if key in old}
    return {"answers": answers, **kept}
