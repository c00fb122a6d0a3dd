"""The building blocks of the bank format: field types, author-facing errors, shared parts."""

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
)
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


def fail(kind: str, message: str, *at: str | int) -> PydanticCustomError:
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
    author: OptionalText = ""  # an imported file names no author: none is shown
    published: dt.date
    url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://[^\s<>\"]+$")


class Settings(Strict):
    mode: Literal["practice", "test"] = "practice"
    shuffle_questions: bool = False
    # Choices are shuffled unless a bank or a question says otherwise: a fixed order
    # teaches learners where the answer sits.
    shuffle_choices: bool = True
    draw: int | None = Field(default=None, ge=1)
    draw_tags: list[Tag] = []
    time_limit_minutes: float | None = Field(default=None, gt=0, le=24 * 60)
    hidden: bool = False  # a teacher hid the bank: students no longer see it


class QuestionBase(Strict):
    id: Id
    prompt: Text
    explanation: OptionalText = ""  # imported questions may have none: no "Why" line
    source: CitationField
    tags: list[Tag] = []
    points: float = Field(default=1, gt=0, le=1000)
    draft: bool = False


class Choice(Strict):
    text: Text
    correct: bool = False
    feedback: OptionalText | None = None


class Tolerance(Strict):
    """How forgiving typed answers are; shared by `short` questions and typed cloze blanks."""

    case_sensitive: bool = False
    typos: int | None = Field(default=None, ge=0, le=5)


def first_repeat(texts: list[str]) -> int | None:
    """Index of the first text that repeats an earlier one, ignoring case."""
    seen: set[str] = set()
    for index, text in enumerate(texts):
        key = text.casefold()
        if key in seen:
            return index
        seen.add(key)
    return None
