"""Property tests: awkward texts survive the round trips; no input makes an importer crash."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from quizapp.banks import load_bank
from quizapp.banks.schema import Bank, Card, Question
from quizapp.convert import bank_to_dict, dump_yaml, export_with_notes, import_bank
from tests.helpers.convert import DATA

PIECES = list('ab =~#{}:->%.\t\\[]T0*;,"<>/&é') + [
    "\n",
    "[html]",
    "[plain]",
    "::",
    "####",
    "<p>",
    "{1:SA:=x}",
    "--",
    "//",
    "$CATEGORY:",
    "&amp;",
    "[id:x]",
    "\\n",
    "%50%",
    "ANSWER: A",
    "A. ",
    "#separator:;",
]
TEXTS = {"prompt", "explanation", "feedback", "left", "right", "feedback_true", "feedback_false"}
LISTS = {"answers", "items", "distractors", "options"}
BASE = bank_to_dict(load_bank(DATA / "all_types.yaml").bank.bank)
QUESTION = TypeAdapter(Question)

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join)


def _fill(value, draw, key=None):
    if isinstance(value, dict):
        return {k: _fill(item, draw, k) for k, item in value.items()}
    if isinstance(value, list):
        if key in LISTS:
            return [f"{draw()}{n}" for n in range(len(value))]
        return [_fill(item, draw, key) for item in value]
    if isinstance(value, str) and key in TEXTS:
        return draw()
    return value


@st.composite
def banks(draw) -> Bank:
    def text() -> str:
        return draw(texts).strip().replace("[[", "(") or "x"

    data = copy.deepcopy(BASE)
    data["questions"] = [_fill(question, text) for question in data["questions"]]
    for question in data["questions"]:
        if question["type"] == "cloze":
            marks = [f"[[{n}]]" for n in range(1, len(question["blanks"]) + 1)][::-1]
            question["text"] = " ".join(f"{text()} {mark}" for mark in marks) + " " + text()
            for blank in question["blanks"]:
                if "options" in blank:
                    blank["answer"] = blank["options"][-1]
    try:
        return Bank.model_validate(data)
    except ValidationError:  # e.g. two choices drawn alike after stripping
        return Bank.model_validate(BASE)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_awkward_texts_survive_gift_and_moodle_xml(bank: Bank):
    for fmt in ("gift", "moodle-xml"):
        exported = export_with_notes(bank, fmt)
        skipped = {
            note.message.split(":")[0].removeprefix("question ")
            for note in exported.notes
            if note.level == "skipped"
        }
        kept = [question for question in bank.questions if question.id not in skipped]
        back = import_bank(exported.data, fmt, name="round.trip")
        assert [n for n in back.notes if "wildcard" not in n.message] == []
        assert Bank.model_validate(back.bank).questions == kept


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(["gift", "aiken", "anki-text", "quizlet", "moodle-xml"]))
def test_importers_never_crash_and_keep_only_valid_questions(text: str, fmt: str):
    result = import_bank(text.encode(), fmt, name="fuzz.txt")
    for question in result.bank["questions"]:
        QUESTION.validate_python(question)
    for card in result.bank.get("cards", []):
        Card.model_validate(card)
    dump_yaml(result.bank)
    assert all(note.line >= 0 and note.message for note in result.notes)
