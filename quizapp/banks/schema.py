"""Validation models for question banks; the JSON Schema for editors is generated from them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic import Tag as UnionTag
from pydantic_core import PydanticCustomError

MAX_TEXT = 5000
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
BLANK_RE = re.compile(r"\[\[(\d+)\]\]")

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


# The error types the models below raise; their messages are written for bank authors.
CUSTOM_ERRORS = frozenset(
    {
        "answer_not_in_options",
        "cloze_blank_mismatch",
        "duplicate_choice",
        "duplicate_id",
        "duplicate_item",
        "duplicate_option",
        "duplicate_pair",
        "no_correct_choice",
        "nothing_to_ask",
        "numeric_answer_and_range",
        "numeric_no_answer",
        "numeric_range_order",
        "numeric_tolerance_with_range",
        "several_correct_choices",
    }
)


def _fail(kind: str, message: str, *at: str | int) -> PydanticCustomError:
    """Build a validation error; `at` is the path below the model where the fault lies.

    The loader appends `at` to the error's location so the file:line points at the
    offending entry rather than at the start of the whole question.
    """
    assert kind in CUSTOM_ERRORS, kind
    return PydanticCustomError(kind, message, {"at": at} if at else None)


class Strict(BaseModel):
    """Base for every bank model: unknown fields are errors and values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(Strict):
    """Where in the source text a question or card rests: a paragraph, optionally a sentence."""

    paragraph: int = Field(ge=1)
    sentence: int | None = Field(default=None, ge=1)


def _paragraph_shorthand(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return {"paragraph": value}
    return value


# The schema accepts the shorthand too, so editors do not flag `source: 2`.
CitationField = Annotated[
    Citation,
    BeforeValidator(
        _paragraph_shorthand, json_schema_input_type=Annotated[int, Field(ge=1)] | Citation
    ),
]


class Source(Strict):
    title: Text
    author: Text
    published: dt.date
    url: str | None = None


class Settings(Strict):
    mode: Literal["practice", "test"] = "practice"
    shuffle_questions: bool = False
    # Choices are shuffled unless a bank or a question says otherwise: a fixed order
    # teaches learners where the answer sits.
    shuffle_choices: bool = True
    draw: int | None = Field(default=None, ge=1)
    draw_tags: list[Tag] = []
    time_limit_minutes: float | None = Field(default=None, gt=0, le=24 * 60)


class QuestionBase(Strict):
    id: Id
    prompt: Text
    explanation: Text
    source: CitationField
    tags: list[Tag] = []
    points: float = Field(default=1, gt=0, le=1000)
    draft: bool = False


class Choice(Strict):
    text: Text
    correct: bool = False
    feedback: OptionalText | None = None


# `shuffle: false` keeps a question's choices (or drop-down options) in the written order,
# for options such as "Both A and B". Left out of dumps when true, so that adding the field
# changed no stored question's digest.
Shuffle = Annotated[bool, Field(default=True, exclude_if=lambda value: value)]


class _ChoiceQuestion(QuestionBase):
    choices: list[Choice] = Field(min_length=2, max_length=26)
    shuffle: Shuffle = True

    @model_validator(mode="after")
    def _distinct_choices(self) -> _ChoiceQuestion:
        seen: set[str] = set()
        for index, choice in enumerate(self.choices):
            key = choice.text.casefold()
            if key in seen:
                raise _fail(
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
            raise _fail(
                "no_correct_choice",
                "no choice is marked correct: add correct: true to the right choice",
                "choices",
            )
        if len(correct) > 1:
            raise _fail(
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
            raise _fail(
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


class Tolerance(Strict):
    """How forgiving typed answers are; shared by `short` questions and typed cloze blanks."""

    case_sensitive: bool = False
    typos: int | None = Field(default=None, ge=0, le=5)


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
            raise _fail(
                "numeric_no_answer",
                "a numeric question needs either answer: (with an optional tolerance:)"
                " or range: [min, max]",
            )
        if self.answer is not None and self.range is not None:
            raise _fail(
                "numeric_answer_and_range",
                "give either answer: or range:, not both",
                "range",
            )
        if self.range is not None:
            low, high = self.range
            if low > high:
                raise _fail(
                    "numeric_range_order",
                    f"range must be [min, max] with min <= max, not [{low:g}, {high:g}]",
                    "range",
                )
            if self.tolerance:
                raise _fail(
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
        index = _first_repeat(self.items)
        if index is not None:
            raise _fail(
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
        index = _first_repeat([pair.left for pair in self.pairs])
        if index is not None:
            raise _fail(
                "duplicate_pair",
                f"the left item {self.pairs[index].left!r} is in two pairs:"
                " the left items of a matching question must differ",
                "pairs",
                index,
                "left",
            )
        index = _first_repeat(self.rights)
        if index is not None:
            text = self.rights[index]
            at: tuple[str | int, ...] = ("pairs", index, "right")
            if index >= len(self.pairs):
                at = ("distractors", index - len(self.pairs))
            raise _fail(
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
        index = _first_repeat(self.options)
        if index is not None:
            raise _fail(
                "duplicate_option",
                f"duplicate option {self.options[index]!r}: a blank's options must all differ",
                "options",
                index,
            )
        if self.answer not in self.options:
            raise _fail(
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
    shuffle: Shuffle = True

    @model_validator(mode="after")
    def _blanks_match_text(self) -> ClozeQuestion:
        used = [int(number) for number in BLANK_RE.findall(self.text)]
        for number in used:
            if not 1 <= number <= len(self.blanks):
                raise _fail(
                    "cloze_blank_mismatch",
                    f"the text uses [[{number}]] but blanks: lists only {len(self.blanks)}"
                    f" blank{'s' if len(self.blanks) != 1 else ''}",
                    "text",
                )
        for number in range(1, len(self.blanks) + 1):
            count = used.count(number)
            if count != 1:
                raise _fail(
                    "cloze_blank_mismatch",
                    f"blank [[{number}]] must appear exactly once in the text"
                    f" (it appears {count} time{'s' if count != 1 else ''})",
                    "text",
                )
        return self


Question = Annotated[
    SingleQuestion
    | MultipleQuestion
    | TrueFalseQuestion
    | ShortQuestion
    | NumericQuestion
    | OrderingQuestion
    | MatchingQuestion
    | ClozeQuestion,
    Field(discriminator="type"),
]

QUESTION_TYPES = (
    "single",
    "multiple",
    "true_false",
    "short",
    "numeric",
    "ordering",
    "matching",
    "cloze",
)


class Card(Strict):
    id: Id
    front: Text
    back: Text
    source: CitationField
    tags: list[Tag] = []


def _first_repeat(texts: list[str]) -> int | None:
    """Index of the first text that repeats an earlier one, ignoring case."""
    seen: set[str] = set()
    for index, text in enumerate(texts):
        key = text.casefold()
        if key in seen:
            return index
        seen.add(key)
    return None


def _first_repeated_id(items: list[Question] | list[Card]) -> int | None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            return index
        seen.add(item.id)
    return None


class Bank(Strict):
    id: Id | None = None
    title: Text
    description: OptionalText = ""
    source: Source
    tags: list[Tag] = []
    settings: Settings = Settings()
    # A flashcard deck (say, imported from Anki) may have cards and no questions.
    questions: list[Question] = []
    cards: list[Card] = []

    @model_validator(mode="after")
    def _something_to_study(self) -> Bank:
        if not self.questions and not self.cards:
            raise _fail(
                "nothing_to_ask",
                "the bank has no questions and no cards: add questions: or cards: with at"
                " least one entry",
                "questions",
            )
        return self

    @model_validator(mode="after")
    def _unique_ids(self) -> Bank:
        for field, kind in (("questions", "question"), ("cards", "card")):
            items = getattr(self, field)
            index = _first_repeated_id(items)
            if index is not None:
                raise _fail(
                    "duplicate_id",
                    f"duplicate {kind} id {items[index].id!r}: {kind} ids must be unique in a bank",
                    field,
                    index,
                    "id",
                )
        return self
