"""Our own YAML format in and out: readable block style, keys in the format doc's order."""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.banks import load_bank
from quizapp.banks.schema import Bank

from .common import ImportResult, Note, paused_gc

HEADER = "# yaml-language-server: $schema=../static/bank.schema.json\n"
BANK_KEYS = ("id", "title", "description", "source", "tags", "settings", "questions", "cards")
SOURCE_KEYS = ("title", "author", "published", "url")
SETTINGS_KEYS = (
    "mode",
    "shuffle_questions",
    "shuffle_choices",
    "draw",
    "draw_tags",
    "time_limit_minutes",
)
QUESTION_KEYS = (
    *("id", "type", "prompt", "explanation", "source", "tags", "points", "draft"),
    *("choices", "answer", "tolerance", "range", "unit", "feedback_true", "feedback_false"),
    *("answers", "case_sensitive", "typos", "items", "credit", "pairs", "distractors"),
    *("text", "blanks"),
)
CHOICE_KEYS = ("text", "correct", "feedback")
PAIR_KEYS = ("left", "right")
BLANK_KEYS = ("answers", "options", "answer", "case_sensitive", "typos")
CARD_KEYS = ("id", "front", "back", "source", "tags")
FLOW_WIDTH = 70


class _Flow(list):
    """A short list of plain values, written on one line: [a, b]."""


class _FlowMap(dict):
    """A citation with a sentence, written as the format doc does: {paragraph: 2, sentence: 1}."""


# libyaml's emitter is about ten times faster than PyYAML's; it writes list items level with
# their key ("questions:\n- id: ..."), which is the same YAML.
_STR = "tag:yaml.org,2002:str"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Remembers how each scalar resolves: keys and short values repeat thousands of times."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._resolved: dict = {}

    def resolve(self, kind, value, implicit):
        if kind is not ScalarNode:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:
            return _STR  # what a quoted scalar resolves to, asked once per scalar
        found = self._resolved.get(value)
        if found is None:
            found = self._resolved[value] = super().resolve(kind, value, implicit)
        return found


_TAG = "tag:yaml.org,2002:"


def _node(value) -> Node:
    """A YAML node for our plain data, built directly (PyYAML's representer is the slow part)."""
    kind = type(value)
    if kind is str:
        return ScalarNode(_TAG + "str", value, style="|" if "\n" in value else None)
    if kind is _Flow or kind is _FlowMap:
        flow = [_node(item) for item in value] if kind is _Flow else _pairs(value)
        return (SequenceNode if kind is _Flow else MappingNode)(
            _TAG + ("seq" if kind is _Flow else "map"), flow, flow_style=True
        )
    if isinstance(value, dict):
        return MappingNode(_TAG + "map", _pairs(value), flow_style=False)
    if isinstance(value, list | tuple):
        return SequenceNode(_TAG + "seq", [_node(item) for item in value], flow_style=False)
    if kind is bool:
        return ScalarNode(_TAG + "bool", "true" if value else "false")
    if kind is int:
        return ScalarNode(_TAG + "int", str(value))
    # Floats, dates, None: PyYAML's own spelling, from a representer of its own (it caches).
    return yaml.SafeDumper(None).represent_data(value)


def _pairs(mapping: dict) -> list[tuple[Node, Node]]:
    return [(ScalarNode(_TAG + "str", str(key)), _node(item)) for key, item in mapping.items()]


def dump_yaml(bank: dict) -> str:
    """A bank dict as readable YAML with the schema header line; unicode is kept as is."""
    with paused_gc():
        tree = _node(_shape_bank(bank))
        body = yaml.serialize(tree, Dumper=_Dumper, allow_unicode=True, width=100)
    return HEADER + body


def bank_to_dict(bank: Bank) -> dict:
    """A validated bank as a plain dict without the fields left at their defaults."""
    return _tidy(bank.model_dump(mode="python", exclude_defaults=True))


def parse_yaml(data: bytes, name: str) -> ImportResult:
    """Our own format: checked by the bank loader, problems reported with their lines."""
    result = load_bank(name, data)
    if result.bank is None:
        notes = [Note(problem.line, problem.message) for problem in result.problems]
        return ImportResult({}, notes)
    return ImportResult(bank_to_dict(result.bank.bank), [])


def _tidy(value):
    if isinstance(value, dict):
        return {key: _tidy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_tidy(item) for item in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _ordered(value: dict, keys: tuple[str, ...]) -> dict:
    first = {key: value[key] for key in keys if key in value}
    return first | {key: item for key, item in value.items() if key not in first}


def _citation(value):
    if isinstance(value, dict) and set(value) <= {"paragraph", "sentence"}:
        if value.get("sentence") is None and "paragraph" in value:
            return value["paragraph"]
        present = {k: v for k, v in value.items() if v is not None}
        return _FlowMap(_ordered(present, ("paragraph", "sentence")))
    return value


def _flow(value):
    """Short lists of one-line strings and numbers go on one line."""
    if not isinstance(value, list) or not value:
        return value
    plain = all(
        isinstance(item, int | float) or (isinstance(item, str) and "\n" not in item)
        for item in value
    )
    if plain and sum(len(str(item)) + 2 for item in value) <= FLOW_WIDTH:
        return _Flow(value)
    return value


def _shape_bank(bank: dict) -> dict:
    bank = _ordered(bank, BANK_KEYS)
    if isinstance(bank.get("source"), dict):
        bank["source"] = _ordered(bank["source"], SOURCE_KEYS)
    if isinstance(bank.get("settings"), dict):
        bank["settings"] = _ordered(bank["settings"], SETTINGS_KEYS)
        if "draw_tags" in bank["settings"]:
            bank["settings"]["draw_tags"] = _flow(bank["settings"]["draw_tags"])
    if "tags" in bank:
        bank["tags"] = _flow(bank["tags"])
    if isinstance(bank.get("questions"), list):
        bank["questions"] = [_shape_question(q) for q in bank["questions"]]
    if isinstance(bank.get("cards"), list):
        bank["cards"] = [_shape_card(card) for card in bank["cards"]]
    return bank


def _shape_question(question):
    if not isinstance(question, dict):
        return question
    question = _ordered(question, QUESTION_KEYS)
    if "source" in question:
        question["source"] = _citation(question["source"])
    for key in ("tags", "range", "answers", "distractors"):
        if key in question:
            question[key] = _flow(question[key])
    if isinstance(question.get("choices"), list):
        question["choices"] = [_ordered(c, CHOICE_KEYS) for c in question["choices"]]
    if isinstance(question.get("pairs"), list):
        question["pairs"] = [_ordered(p, PAIR_KEYS) for p in question["pairs"]]
    if isinstance(question.get("blanks"), list):
        question["blanks"] = [_shape_blank(blank) for blank in question["blanks"]]
    return question


def _shape_blank(blank):
    if not isinstance(blank, dict):
        return blank
    blank = _ordered(blank, BLANK_KEYS)
    for key in ("answers", "options"):
        if key in blank:
            blank[key] = _flow(blank[key])
    return blank


def _shape_card(card):
    if not isinstance(card, dict):
        return card
    card = _ordered(card, CARD_KEYS)
    if "source" in card:
        card["source"] = _citation(card["source"])
    if "tags" in card:
        card["tags"] = _flow(card["tags"])
    return card
