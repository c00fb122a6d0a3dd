"""Our own YAML format in and out: readable block style, keys in the format doc's order."""

from __future__ import annotations

import yaml
from yaml.nodes import ScalarNode

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
    *("text", "blanks", "shuffle"),
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
# their key ("questions:\n- id: ..."), which is the same YAML. We hand it events, not nodes:
# PyYAML's representer and serializer (Python, two tag look-ups per scalar) were most of
# the time of writing a big bank.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"


class _Events:
    """The event stream for our plain data, with each scalar's plain spelling resolved once."""

    def __init__(self) -> None:
        self.events: list = [yaml.StreamStartEvent(), yaml.DocumentStartEvent(explicit=False)]
        self._resolver = yaml.resolver.Resolver()
        self._plain: dict[str, str] = {}  # value -> the tag it would have, written plain

    def add(self, value) -> None:
        kind = type(value)
        if kind is str:
            self._scalar(_STR, value, "|" if "\n" in value else None)
        elif isinstance(value, dict):
            self.events.append(
                yaml.MappingStartEvent(None, None, True, flow_style=kind is _FlowMap)
            )
            for key, item in value.items():
                self._scalar(_STR, str(key), None)
                self.add(item)
            self.events.append(yaml.MappingEndEvent())
        elif isinstance(value, list | tuple):
            self.events.append(yaml.SequenceStartEvent(None, None, True, flow_style=kind is _Flow))
            for item in value:
                self.add(item)
            self.events.append(yaml.SequenceEndEvent())
        elif kind is bool:
            self._scalar(_TAG + "bool", "true" if value else "false", None)
        elif kind is int:
            self._scalar(_TAG + "int", str(value), None)
        else:  # floats, dates, None: PyYAML's own spelling
            node = yaml.SafeDumper(None).represent_data(value)
            self._scalar(node.tag, node.value, node.style)

    def _scalar(self, tag: str, value: str, style: str | None) -> None:
        plain = self._plain.get(value)
        if plain is None:
            plain = self._plain[value] = self._resolver.resolve(ScalarNode, value, (True, False))
        implicit = (plain == tag, tag == _STR)
        self.events.append(
            yaml.ScalarEvent(None, None if implicit[0] else tag, implicit, value, style=style)
        )

    def close(self) -> list:
        return [*self.events, yaml.DocumentEndEvent(explicit=False), yaml.StreamEndEvent()]


def dump_yaml(bank: dict) -> str:
    """A bank dict as readable YAML with the schema header line; unicode is kept as is."""
    with paused_gc():
        events = _Events()
        events.add(_shape_bank(bank))
        body = yaml.emit(events.close(), Dumper=_Dumper, allow_unicode=True, width=100)
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
