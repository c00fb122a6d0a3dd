"""Show a stored answer on the question it answers: the form filled in, choices marked, rows.

Pure: questions, layouts and responses in, plain values out (parse.py describes the shapes).
A response that no longer fits its question (the bank was edited) gives empty results, and
pages fall back to describe_response's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.answering.describe import NO_ANSWER, describe_answer
from quizapp.answering.grading import Response, Result
from quizapp.answering.layout import Layout
from quizapp.banks.questions import (
    ChoiceBlank,
    ClozeQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from quizapp.banks.schema import Question


@dataclass(frozen=True)
class MarkedChoice:
    """One option as the page showed it, with whether it was chosen and whether it is right."""

    text: str
    chosen: bool
    right: bool


@dataclass(frozen=True)
class AnswerRow:
    """One item, pair, blank or typed answer: what was given, what is right, and a mark."""

    item: str
    yours: str
    right: str
    ok: bool


def form_values(question: Question, layout: Layout, response: Response) -> dict[str, list[str]]:
    """Return the form fields that would submit `response`: the inverse of parse_response."""
    try:
        return _form_values(question, layout, response)
    except (TypeError, ValueError, IndexError, KeyError):
        return {}


def _form_values(question: Question, layout: Layout, response: Response) -> dict[str, list[str]]:
    if isinstance(question, SingleQuestion):
        return {"answer": [str(layout.choices.index(response))]}
    if isinstance(question, MultipleQuestion):
        return {"answer": [str(layout.choices.index(i)) for i in response]}
    if isinstance(question, TrueFalseQuestion):
        return {"answer": ["true" if response else "false"]} if isinstance(response, bool) else {}
    if isinstance(question, ShortQuestion | NumericQuestion):
        return {"answer": [response]} if isinstance(response, str) else {}
    if isinstance(question, OrderingQuestion):
        return {
            f"position-{slot}": [str(response.index(item) + 1)]
            for slot, item in enumerate(layout.items)
        }
    if isinstance(question, MatchingQuestion):
        return {
            f"match-{left}": [str(layout.rights.index(right))]
            for left, right in enumerate(response)
            if right is not None
        }
    if isinstance(question, ClozeQuestion):
        values = {}
        for number, (blank, text) in enumerate(zip(question.blanks, response, strict=True), 1):
            if isinstance(blank, ChoiceBlank):
                slots = layout.options[number - 1]
                text = str([blank.options[i] for i in slots].index(text))
            values[f"blank-{number}"] = [text]
        return values
    return {}


def marked_choices(question: Question, layout: Layout, response: Response) -> list[MarkedChoice]:
    """The options of a choice question in page order, each marked chosen and/or right."""
    if isinstance(question, TrueFalseQuestion):
        return [
            MarkedChoice(label, response is value, question.answer is value)
            for label, value in (("True", True), ("False", False))
        ]
    if not isinstance(question, SingleQuestion | MultipleQuestion):
        return []
    if isinstance(question, SingleQuestion):
        chosen = {response}
    else:
        chosen = set(response) if isinstance(response, list) else set()
    right = set(question.correct_indices)
    try:
        return [
            MarkedChoice(question.choices[i].text, i in chosen, i in right) for i in layout.choices
        ]
    except (TypeError, IndexError):
        return []


def answer_rows(question: Question, response: Response, result: Result) -> list[AnswerRow]:
    """Rows of a compact table: per ordering place, matching pair or cloze blank; else one."""
    try:
        return _rows(question, response, result)
    except (TypeError, ValueError, IndexError, KeyError):
        return []


def _rows(question: Question, response: Response, result: Result) -> list[AnswerRow]:
    if isinstance(question, OrderingQuestion):
        return [
            AnswerRow(f"Place {place}", question.items[given], right, given == place - 1)
            for place, (given, right) in enumerate(zip(response, question.items, strict=True), 1)
        ]
    if isinstance(question, MatchingQuestion):
        rights = question.rights
        return [
            AnswerRow(
                pair.left,
                NO_ANSWER if given is None else rights[given],
                pair.right,
                bool(result.parts and result.parts[left]),
            )
            for left, (pair, given) in enumerate(zip(question.pairs, response, strict=True))
        ]
    if isinstance(question, ClozeQuestion):
        return [
            AnswerRow(
                f"Blank {number}",
                given or NO_ANSWER,
                blank.answer if isinstance(blank, ChoiceBlank) else blank.answers[0],
                bool(result.parts and result.parts[number - 1]),
            )
            for number, (blank, given) in enumerate(zip(question.blanks, response, strict=True), 1)
        ]
    if isinstance(question, ShortQuestion | NumericQuestion):
        return [
            AnswerRow("Answer", response or NO_ANSWER, describe_answer(question), result.correct)
        ]
    return []
