"""Validation models for question banks; the JSON Schema for editors is generated from them."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
    TypeAdapter,
    model_validator,
)

from .fields import CitationField, Id, OptionalText, Settings, Source, Strict, Tag, Text, fail
from .questions import (
    ClozeQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)

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
            raise fail(
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
                raise fail(
                    "duplicate_id",
                    f"duplicate {kind} id {items[index].id!r}: {kind} ids must be unique in a bank",
                    field,
                    index,
                    "id",
                )
        return self


# Validated questions by content digest: a digest names one content for ever.
_QUESTION = TypeAdapter(Question)
_stored: dict[str, Question] = {}
_STORED_LIMIT = 20_000


def stored_question(digest: str, data: dict) -> Question:
    """Validate a stored question's data, once per content digest."""
    question = _stored.get(digest)
    if question is None:
        if len(_stored) >= _STORED_LIMIT:
            _stored.clear()
        question = _stored[digest] = _QUESTION.validate_python(data)
    return question
