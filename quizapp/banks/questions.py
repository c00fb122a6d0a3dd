"""The question types of the bank format, each with the checks its author needs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic import Tag as UnionTag

from .fields import (
    BLANK_RE,
    Choice,
    OptionalText,
    QuestionBase,
    Strict,
    Text,
    Tolerance,
    fail,
    first_repeat,
)


class _ChoiceQuestion(QuestionBase):
    choices: list[Choice] = Field(min_length=2, max_length=26)

    @model_validator(mode="after")
    def _distinct_choices(self) -> _ChoiceQuestion:
        seen: set[str] = set()
        for index, choice in enumerate(self.choices):
            key = choice.text.casefold()
            if key in seen:
                raise fail(
                    "duplicate_choice",
                    f"duplicate choice {choice.text!r}: the choices of a question must differ",
                    "choices",
                    index,
                    "text",
                )
            seen.add(key)
        return self

    @property
    def correct_indices(self) -> list[int]:
        return [i for i, choice in enumerate(self.choices) if choice.correct]


class SingleQuestion(_ChoiceQuestion):
    type: Literal["single"]

    @model_validator(mode="after")
    def _one_correct(self) -> SingleQuestion:
        correct = self.correct_indices
        if not correct:
            raise fail(
                "no_correct_choice",
                "no choice is marked correct: add correct: true to the right choice",
                "choices",
            )
        if len(correct) > 1:
            raise fail(
                "several_correct_choices",
                f"a single question has exactly one correct choice, this one has {len(correct)}"
                " (use type: multiple for several)",
                "choices",
                correct[1],
            )
        return self


class MultipleQuestion(_ChoiceQuestion):
    type: Literal["multiple"]

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleQuestion:
        if not self.correct_indices:
            raise fail(
                "no_correct_choice",
                "no choice is marked correct: a multiple question needs at least one choice"
                " with correct: true",
                "choices",
            )
        return self


class TrueFalseQuestion(QuestionBase):
    type: Literal["true_false"]
    answer: bool
    feedback_true: OptionalText | None = None
    feedback_false: OptionalText | None = None


class ShortQuestion(QuestionBase, Tolerance):
    type: Literal["short"]
    answers: list[Text] = Field(min_length=1)


class NumericQuestion(QuestionBase):
    type: Literal["numeric"]
    answer: float | None = None
    tolerance: float = Field(default=0, ge=0)
    range: tuple[float, float] | None = None
    unit: Annotated[str, StringConstraints(max_length=50)] | None = None

    @model_validator(mode="after")
    def _answer_or_range(self) -> NumericQuestion:
        if self.answer is None and self.range is None:
            raise fail(
                "numeric_no_answer",
                "a numeric question needs either answer: (with an optional tolerance:)"
                " or range: [min, max]",
            )
        if self.answer is not None and self.range is not None:
            raise fail(
                "numeric_answer_and_range",
                "give either answer: or range:, not both",
                "range",
            )
        if self.range is not None:
            low, high = self.range
            if low > high:
                raise fail(
                    "numeric_range_order",
                    f"range must be [min, max] with min <= max, not [{low:g}, {high:g}]",
                    "range",
                )
            if self.tolerance:
                raise fail(
                    "numeric_tolerance_with_range",
                    "tolerance goes with answer:, not with range: (the range is already the"
                    " tolerance)",
                    "tolerance",
                )
        return self

    @property
    def bounds(self) -> tuple[float, float]:
        if self.range is not None:
            return self.range
        assert self.answer is not None
        return (self.answer - self.tolerance, self.answer + self.tolerance)


class OrderingQuestion(QuestionBase):
    type: Literal["ordering"]
    items: list[Text] = Field(min_length=2, max_length=20)
    credit: Literal["positions", "pairs"] = "positions"

    @model_validator(mode="after")
    def _distinct_items(self) -> OrderingQuestion:
        index = first_repeat(self.items)
        if index is not None:
            raise fail(
                "duplicate_item",
                f"duplicate item {self.items[index]!r}: ordering items must all differ",
                "items",
                index,
            )
        return self


class Pair(Strict):
    left: Text
    right: Text


class MatchingQuestion(QuestionBase):
    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2, max_length=20)
    distractors: list[Text] = []

    @model_validator(mode="after")
    def _distinct_sides(self) -> MatchingQuestion:
        index = first_repeat([pair.left for pair in self.pairs])
        if index is not None:
            raise fail(
                "duplicate_pair",
                f"the left item {self.pairs[index].left!r} is in two pairs:"
                " the left items of a matching question must differ",
                "pairs",
                index,
                "left",
            )
        index = first_repeat(self.rights)
        if index is not None:
            text = self.rights[index]
            at: tuple[str | int, ...] = ("pairs", index, "right")
            if index >= len(self.pairs):
                at = ("distractors", index - len(self.pairs))
            raise fail(
                "duplicate_pair",
                f"the right item {text!r} appears twice:"
                " right items and distractors must all differ",
                *at,
            )
        return self

    @property
    def rights(self) -> list[str]:
        """Every right item the learner can pick from: the pairs' rights, then distractors."""
        return [pair.right for pair in self.pairs] + list(self.distractors)


class TypedBlank(Tolerance):
    answers: list[Text] = Field(min_length=1)


class ChoiceBlank(Strict):
    options: list[Text] = Field(min_length=2)
    answer: Text

    @model_validator(mode="after")
    def _answer_in_options(self) -> ChoiceBlank:
        index = first_repeat(self.options)
        if index is not None:
            raise fail(
                "duplicate_option",
                f"duplicate option {self.options[index]!r}: a blank's options must all differ",
                "options",
                index,
            )
        if self.answer not in self.options:
            raise fail(
                "answer_not_in_options",
                f"the blank's answer {self.answer!r} is not one of its options"
                f" ({', '.join(map(repr, self.options))}); add it to options or fix the"
                " spelling",
                "answer",
            )
        return self


def _blank_kind(value: Any) -> str | None:
    """Tell a drop-down blank (it has options) from a typed one, so errors name one kind."""
    if isinstance(value, dict):
        return "choice" if "options" in value else "typed"
    if isinstance(value, TypedBlank | ChoiceBlank):
        return "choice" if isinstance(value, ChoiceBlank) else "typed"
    return None


Blank = Annotated[
    Annotated[TypedBlank, UnionTag("typed")] | Annotated[ChoiceBlank, UnionTag("choice")],
    Discriminator(
        _blank_kind,
        custom_error_type="blank_type",
        custom_error_message="a blank is either {answers: [...]} (typed)"
        " or {options: [...], answer: ...} (a drop-down)",
    ),
]


class ClozeQuestion(QuestionBase):
    type: Literal["cloze"]
    text: Text
    blanks: list[Blank] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _blanks_match_text(self) -> ClozeQuestion:
        used = [int(number) for number in BLANK_RE.findall(self.text)]
        for number in used:
            if not 1 <= number <= len(self.blanks):
                raise fail(
                    "cloze_blank_mismatch",
                    f"the text uses [[{number}]] but blanks: lists only {len(self.blanks)}"
                    f" blank{'s' if len(self.blanks) != 1 else ''}",
                    "text",
                )
        for number in range(1, len(self.blanks) + 1):
            count = used.count(number)
            if count != 1:
                raise fail(
                    "cloze_blank_mismatch",
                    f"blank [[{number}]] must appear exactly once in the text"
                    f" (it appears {count} time{'s' if count != 1 else ''})",
                    "text",
                )
        return self
