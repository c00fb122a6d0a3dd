"""Read a learner's answer from a submitted form, in terms of the bank file's indices.

Responses are stored as JSON:

    single      int, the choice index
    multiple    list[int], sorted and unique
    true_false  bool
    short       str
    numeric     str, the text as typed (graded with grading.parse_number)
    ordering    list[int], original item indices in the learner's order
    matching    list[int | None], per left item an index into question.rights
    cloze       list[str], per blank the typed text or the chosen option's text

A page may show choices, items, right items and drop-down options shuffled, so its form
speaks in display slots; a Layout maps them back. Form fields: `answer` (single, multiple,
true_false, short, numeric), `position-<slot>` (ordering, 1-based positions),
`match-<left index>` (matching, a right item's slot), `blank-<n>` (cloze, n from 1).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Protocol

from quizapp.answering.grading import Response, parse_number
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

MAX_ANSWER = 1000
_RELOAD = "Reload the page and answer again."


class InvalidResponse(ValueError):
    """A form that cannot be read as an answer; the message is shown to the learner."""


class FormData(Protocol):
    """What parse_response needs of a form; werkzeug's MultiDict has both."""

    def getlist(self, key: str) -> list[str]: ...

    def __iter__(self) -> Iterator[str]: ...  # the field names


def parse_response(question: Question, layout: Layout, form: FormData) -> Response:
    """Read a submitted form as a response; raise InvalidResponse with a message if it can't be."""
    if not _layout_fits(question, layout):
        raise InvalidResponse(f"This question has changed since the page was shown. {_RELOAD}")
    _check_fields(question, form)
    return _PARSERS[question.type](question, layout, form)


def _is_permutation(slots: list[int], count: int) -> bool:
    return sorted(slots) == list(range(count))


def _layout_fits(question: Question, layout: Layout) -> bool:
    if isinstance(question, SingleQuestion | MultipleQuestion):
        return _is_permutation(layout.choices, len(question.choices))
    if isinstance(question, OrderingQuestion):
        return _is_permutation(layout.items, len(question.items))
    if isinstance(question, MatchingQuestion):
        return _is_permutation(layout.rights, len(question.rights))
    if isinstance(question, ClozeQuestion):
        return len(layout.options) == len(question.blanks) and all(
            _is_permutation(slots, len(blank.options) if isinstance(blank, ChoiceBlank) else 0)
            for blank, slots in zip(question.blanks, layout.options, strict=True)
        )
    return True


def _expected_fields(question: Question) -> set[str]:
    if isinstance(question, OrderingQuestion):
        return {f"position-{slot}" for slot in range(len(question.items))}
    if isinstance(question, MatchingQuestion):
        return {f"match-{left}" for left in range(len(question.pairs))}
    if isinstance(question, ClozeQuestion):
        return {f"blank-{number}" for number in range(1, len(question.blanks) + 1)}
    return {"answer"}


def _check_fields(question: Question, form: FormData) -> None:
    # Other fields (the CSRF token, buttons) belong to the page, not to the answer.
    expected = _expected_fields(question)
    for key in form:
        ours = key == "answer" or key.startswith(("position-", "match-", "blank-"))
        if ours and key not in expected:
            raise InvalidResponse(f"The form has a field this question does not have. {_RELOAD}")


def _one(form: FormData, key: str) -> str | None:
    values = form.getlist(key)
    if len(values) > 1:
        raise InvalidResponse(f"The form sent one field twice. {_RELOAD}")
    return values[0] if values else None


def _slot(value: str | None, count: int) -> int | None:
    """Read a display slot, or return None for a missing, non-numeric or out-of-range one."""
    value = (value or "").strip()
    # isdigit() alone accepts "²"; the length cap keeps int() from refusing huge numbers.
    if not (value.isascii() and value.isdigit() and len(value) <= 6):
        return None
    slot = int(value)
    return slot if slot < count else None


# Bidirectional embedding, override and isolate controls can disguise text in summaries.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _clean(value: str | None) -> str:
    """Drop control characters (line breaks and tabs become spaces), strip, NFC-normalise."""
    kept = []
    for char in value or "":
        if unicodedata.category(char) == "Cc":
            if char.isspace():
                kept.append(" ")
        elif char not in _BIDI_CONTROLS:
            kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept).strip())
    if len(text) > MAX_ANSWER:
        raise InvalidResponse("That answer is too long.")
    return text


def _parse_single(question: SingleQuestion, layout: Layout, form: FormData) -> int:
    value = _one(form, "answer")
    if not (value or "").strip():
        raise InvalidResponse("Choose an answer before submitting.")
    slot = _slot(value, len(layout.choices))
    if slot is None:
        raise InvalidResponse(f"That choice is not one of the answers. {_RELOAD}")
    return layout.choices[slot]


def _parse_multiple(question: MultipleQuestion, layout: Layout, form: FormData) -> list[int]:
    values = [value for value in form.getlist("answer") if value.strip()]
    if not values:
        raise InvalidResponse("Choose at least one answer before submitting.")
    picked = set()
    for value in values:
        slot = _slot(value, len(layout.choices))
        if slot is None:
            raise InvalidResponse(f"One of those choices is not one of the answers. {_RELOAD}")
        picked.add(layout.choices[slot])
    return sorted(picked)


def _parse_true_false(question: TrueFalseQuestion, layout: Layout, form: FormData) -> bool:
    value = (_one(form, "answer") or "").strip().lower()
    if not value:
        raise InvalidResponse("Choose an answer before submitting.")
    if value not in ("true", "false"):
        raise InvalidResponse(f"Choose True or False. {_RELOAD}")
    return value == "true"


def _parse_short(question: ShortQuestion, layout: Layout, form: FormData) -> str:
    text = _clean(_one(form, "answer"))
    if not text:
        raise InvalidResponse("Type an answer before submitting.")
    return text


def _parse_numeric(question: NumericQuestion, layout: Layout, form: FormData) -> str:
    text = _clean(_one(form, "answer"))
    if not text:
        raise InvalidResponse("Type an answer before submitting.")
    if parse_number(text) is None:
        raise InvalidResponse("Type a number, such as 2500.")
    return text


def _parse_ordering(question: OrderingQuestion, layout: Layout, form: FormData) -> list[int]:
    count = len(question.items)
    order: list[int | None] = [None] * count
    for slot, item in enumerate(layout.items):
        position = _slot(_one(form, f"position-{slot}"), count + 1)  # 1-based
        if not position or order[position - 1] is not None:
            raise InvalidResponse(f"Give each item a different position from 1 to {count}.")
        order[position - 1] = item
    return [item for item in order if item is not None]


def _parse_matching(question: MatchingQuestion, layout: Layout, form: FormData) -> list[int | None]:
    matches: list[int | None] = []
    for left in range(len(question.pairs)):
        value = _one(form, f"match-{left}")
        if not (value or "").strip():
            raise InvalidResponse("Choose a match for every item.")
        slot = _slot(value, len(layout.rights))
        if slot is None:
            raise InvalidResponse(f"One of those matches is not one of the choices. {_RELOAD}")
        matches.append(layout.rights[slot])
    return matches


def _parse_cloze(question: ClozeQuestion, layout: Layout, form: FormData) -> list[str]:
    filled = []
    for number, (blank, slots) in enumerate(zip(question.blanks, layout.options, strict=True), 1):
        value = _one(form, f"blank-{number}")
        if not isinstance(blank, ChoiceBlank):
            text = _clean(value)
            if not text:
                raise InvalidResponse("Fill in every blank.")
            filled.append(text)
            continue
        if not (value or "").strip():
            raise InvalidResponse("Fill in every blank.")
        slot = _slot(value, len(slots))
        if slot is None:
            raise InvalidResponse(f"One of those blanks has a choice it does not offer. {_RELOAD}")
        filled.append(blank.options[slots[slot]])
    return filled


_PARSERS = {
    "single": _parse_single,
    "multiple": _parse_multiple,
    "true_false": _parse_true_false,
    "short": _parse_short,
    "numeric": _parse_numeric,
    "ordering": _parse_ordering,
    "matching": _parse_matching,
    "cloze": _parse_cloze,
}
