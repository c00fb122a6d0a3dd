"""Put learner answers and right answers into words for summaries and reviews."""

from __future__ import annotations

from quizapp.answering.grading import Response
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

NO_ANSWER = "(no answer)"
_UNKNOWN = "(answer not recognised)"


def describe_response(question: Question, response: Response) -> str:
    """Put a learner's answer into words for summaries, such as "Jupiter; Saturn"."""
    if response is None or response == "" or response == []:
        return NO_ANSWER
    try:
        return _describe(question, response)
    except (TypeError, IndexError, KeyError):
        # A response stored before the bank was edited may no longer fit the question.
        return _UNKNOWN


def _index(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("not an index")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value or NO_ANSWER


def _describe(question: Question, response: Response) -> str:
    if isinstance(question, SingleQuestion):
        return question.choices[_index(response)].text
    if isinstance(question, MultipleQuestion):
        return "; ".join(question.choices[_index(i)].text for i in _as_list(response))
    if isinstance(question, TrueFalseQuestion):
        if not isinstance(response, bool):
            raise TypeError("not a bool")
        return "True" if response else "False"
    if isinstance(question, ShortQuestion | NumericQuestion):
        return _text(response)
    if isinstance(question, OrderingQuestion):
        items = [question.items[_index(i)] for i in _as_list(response)]
        return _numbered(items)
    if isinstance(question, MatchingQuestion):
        matches = _as_list(response)
        if len(matches) != len(question.pairs):
            raise TypeError("one match per left item")
        rights = question.rights
        return "; ".join(
            f"{pair.left} → {NO_ANSWER if right is None else rights[_index(right)]}"
            for pair, right in zip(question.pairs, matches, strict=True)
        )
    if isinstance(question, ClozeQuestion):
        filled = _as_list(response)
        if len(filled) != len(question.blanks):
            raise TypeError("one text per blank")
        return "; ".join(f"[{number}] {_text(text)}" for number, text in enumerate(filled, 1))
    raise TypeError(f"unknown question type {question.type!r}")


def _as_list(value: object) -> list:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _numbered(items: list[str]) -> str:
    return ", ".join(f"{place}. {item}" for place, item in enumerate(items, 1))


def describe_answer(question: Question) -> str:
    """Put the right answer into words, in the shapes describe_response uses."""
    if isinstance(question, SingleQuestion | MultipleQuestion):
        return "; ".join(question.choices[i].text for i in question.correct_indices)
    if isinstance(question, TrueFalseQuestion):
        return "True" if question.answer else "False"
    if isinstance(question, ShortQuestion):
        first, *others = question.answers
        return f"{first} (also accepted: {'; '.join(others)})" if others else first
    if isinstance(question, NumericQuestion):
        return _describe_number(question)
    if isinstance(question, OrderingQuestion):
        return _numbered(question.items)
    if isinstance(question, MatchingQuestion):
        return "; ".join(f"{pair.left} → {pair.right}" for pair in question.pairs)
    if isinstance(question, ClozeQuestion):
        return "; ".join(
            f"[{number}] {blank.answer if isinstance(blank, ChoiceBlank) else blank.answers[0]}"
            for number, blank in enumerate(question.blanks, 1)
        )
    raise TypeError(f"unknown question type {question.type!r}")


def _describe_number(question: NumericQuestion) -> str:
    if question.range is not None:
        low, high = question.range
        words = _number(low) if low == high else f"between {_number(low)} and {_number(high)}"
    else:
        assert question.answer is not None
        words = _number(question.answer)
        if question.tolerance:
            words += f" (±{_number(question.tolerance)})"
    return f"{words} {question.unit}" if question.unit else words


def _number(value: float) -> str:
    """Format a number with thousands commas and no needless ".0": 2,500 and 1.5."""
    return f"{value:,.12g}"
