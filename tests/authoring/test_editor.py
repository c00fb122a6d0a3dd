"""The form editor's model without an app: question dict <-> form fields, errors per field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.authoring.editor import EXTRA_ROWS, from_fields, row_counts, to_fields
from quizapp.authoring.editor_errors import check

ALL_TYPES = Path(__file__).parent.parent / "convert" / "data" / "all_types.yaml"
QUESTIONS = yaml.safe_load(ALL_TYPES.read_text(encoding="utf-8"))["questions"]


def edit(question: dict, **changes: str):
    """Fill the form from `question`, change some fields, and read it back with checks."""
    return check(from_fields({**to_fields(question), **changes}, question))


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_every_question_round_trips_through_the_form(question):
    parsed = edit(question)
    assert parsed.errors == {}
    assert parsed.question == question


def test_the_sample_covers_every_type():
    assert {q["type"] for q in QUESTIONS} == {
        "single",
        "multiple",
        "true_false",
        "short",
        "numeric",
        "ordering",
        "matching",
        "cloze",
    }


def first(kind: str) -> dict:
    return next(q for q in QUESTIONS if q["type"] == kind)


def test_blank_rows_are_ignored_and_a_new_row_is_taken():
    question = first("single")
    changes = {"choice-1-text": "", "choice-1-feedback": "", "choice-5-text": "A fifth"}
    parsed = edit(question, **changes)
    texts = [choice["text"] for choice in parsed.question["choices"]]
    assert texts == [question["choices"][0]["text"], question["choices"][2]["text"], "A fifth"]
    assert parsed.rows["choices"] == [0, 2, 5]


def test_rows_shown_are_the_filled_ones_plus_some_empty():
    question = first("ordering")
    fields = to_fields(question)
    assert row_counts("ordering", fields) == {"items": len(question["items"]) + EXTRA_ROWS}
    assert row_counts("ordering", fields, 6)["items"] == len(question["items"]) + 6
    assert row_counts("true_false", to_fields(first("true_false"))) == {}


def test_an_error_lands_on_the_row_it_is_about():
    question = first("single")
    duplicate = question["choices"][0]["text"]
    parsed = edit(question, **{"choice-1-text": "", "choice-2-text": duplicate})
    assert list(parsed.errors) == ["choice-2-text"]
    assert "Duplicate choice" in parsed.errors["choice-2-text"][0]


def test_a_single_question_without_a_correct_choice_is_told_at_the_list():
    question = first("single")
    changes = {f"choice-{n}-correct": "" for n in range(len(question["choices"]))}
    assert "No choice is marked correct" in edit(question, **changes).errors["choices"][0]


@pytest.mark.parametrize(
    ("kind", "changes", "field", "words"),
    [
        ("single", {"prompt": "  "}, "prompt", "must not be empty"),
        ("single", {"points": "two"}, "points", "Write a number"),
        ("single", {"points": "-1"}, "points", "more than 0"),
        ("single", {"paragraph": ""}, "paragraph", "Give the paragraph"),
        ("single", {"sentence": "0"}, "sentence", "at least"),
        ("true_false", {"answer": ""}, "answer", "true or false"),
        ("numeric", {"range_min": "5", "range_max": ""}, "range_max", "both ends"),
        ("ordering", {"item-1-text": "", "item-2-text": "", "item-3-text": ""}, "items", "2"),
        ("cloze", {"text": "No blanks at all."}, "text", "must appear exactly once"),
        ("cloze", {"blank-0-answers": "a\nb"}, "blank-0-answers", "not both"),
    ],
)
def test_errors_name_their_field(kind, changes, field, words):
    parsed = edit(first(kind), **changes)
    assert field in parsed.errors, parsed.errors
    assert words in " ".join(parsed.errors[field])


def test_a_drop_down_blank_whose_answer_is_not_an_option():
    question = next(q for q in QUESTIONS if q["type"] == "cloze" and "options" in str(q["blanks"]))
    row = next(n for n, blank in enumerate(question["blanks"]) if "options" in blank)
    parsed = edit(question, **{f"blank-{row}-answer": "Nowhere"})
    assert "is not one of its options" in parsed.errors[f"blank-{row}-answer"][0]


def test_numeric_answer_and_range_are_either_or():
    question = {**first("numeric")}
    fields = {**to_fields(question), "answer": "3", "range_min": "1", "range_max": "2"}
    errors = check(from_fields(fields, question)).errors
    assert "either answer: or range:" in " ".join(errors["range_min"])


def test_keys_the_form_does_not_show_are_kept():
    question = {**first("short"), "draft": True}
    cloze = next(q for q in QUESTIONS if q["type"] == "cloze" and "typos" in str(q["blanks"]))
    assert edit(question).question["draft"] is True
    assert edit(cloze).question["blanks"] == cloze["blanks"]


def test_a_sentence_makes_the_source_a_mapping():
    question = {**first("single"), "source": 2}
    assert edit(question, sentence="3").question["source"] == {"paragraph": 2, "sentence": 3}
    assert edit(question).question["source"] == 2
