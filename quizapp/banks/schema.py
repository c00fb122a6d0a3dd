"""Validation models for question banks; the JSON Schema for editors is generated from them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

MAX_TEXT = 5000
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
BLANK_RE = re.compile(r"\[\[(\d+)\]\]")

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


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


CitationField = Annotated[Citation, BeforeValidator(_paragraph_shorthand)]


class Source(Strict):
    title: Text
    author: Text
    published: dt.date
    url: str | None = None


class Settings(Strict):
    mode: Literal["practice", "test"] = "practice"
    shuffle_questions: bool = False
    shuffle_choices: bool = False
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


class _ChoiceQuestion(QuestionBase):
    choices: list[Choice] = Field(min_length=2, max_length=26)

    @model_validator(mode="after")
    def _distinct_choices(self) -> _ChoiceQuestion:
        seen: set[str] = set()
        for choice in self.choices:
            key = choice.text.casefold()
            if key in seen:
                raise ValueError(f"duplicate choice {choice.text!r}")
            seen.add(key)
        return self

    @property
    def correct_indices(self) -> list[int]:
        return [i for i, choice in enumerate(self.choices) if choice.correct]


class SingleQuestion(_ChoiceQuestion):
    type: Literal["single"]

    @model_validator(mode="after")
    def _one_correct(self) -> SingleQuestion:
        count = len(self.correct_indices)
        if count == 0:
            raise ValueError("a single question needs one choice with correct: true")
        if count > 1:
            raise ValueError(
                f"a single question has exactly one correct choice, this one has {count}"
                " (use type: multiple for several)"
            )
        return self


class MultipleQuestion(_ChoiceQuestion):
    type: Literal["multiple"]

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleQuestion:
        if not self.correct_indices:
            raise ValueError("a multiple question needs at least one choice with correct: true")
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
        if (self.answer is None) == (self.range is None):
            raise ValueError("a numeric question needs either answer (with tolerance) or range")
        if self.range is not None:
            if self.range[0] > self.range[1]:
                raise ValueError("range must be [min, max] with min <= max")
            if self.tolerance:
                raise ValueError("tolerance goes with answer, not with range")
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
        if len({item.casefold() for item in self.items}) != len(self.items):
            raise ValueError("ordering items must all differ")
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
        lefts = [pair.left.casefold() for pair in self.pairs]
        if len(set(lefts)) != len(lefts):
            raise ValueError("matching pairs must have different left items")
        rights = [pair.right.casefold() for pair in self.pairs]
        rights += [text.casefold() for text in self.distractors]
        if len(set(rights)) != len(rights):
            raise ValueError("matching right items and distractors must all differ")
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
        if self.answer not in self.options:
            raise ValueError(f"the blank's answer {self.answer!r} is not one of its options")
        if len({option.casefold() for option in self.options}) != len(self.options):
            raise ValueError("a blank's options must all differ")
        return self


class ClozeQuestion(QuestionBase):
    type: Literal["cloze"]
    text: Text
    blanks: list[TypedBlank | ChoiceBlank] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _blanks_match_text(self) -> ClozeQuestion:
        used = [int(number) for number in BLANK_RE.findall(self.text)]
        for number in used:
            if not 1 <= number <= len(self.blanks):
                raise ValueError(
                    f"the text uses [[{number}]] but there are {len(self.blanks)} blanks"
                )
        for number in range(1, len(self.blanks) + 1):
            count = used.count(number)
            if count != 1:
                raise ValueError(
                    f"blank [[{number}]] must appear exactly once in the text"
                    f" (it appears {count} times)"
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


class Bank(Strict):
    id: Id | None = None
    title: Text
    description: OptionalText = ""
    source: Source
    tags: list[Tag] = []
    settings: Settings = Settings()
    questions: list[Question] = Field(min_length=1)
    cards: list[Card] = []
