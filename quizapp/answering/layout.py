"""How a page lays a question out: display slots -> the bank file's original indices."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from quizapp.banks.questions import (
    ChoiceBlank,
    ClozeQuestion,
    MatchingQuestion,
    MultipleQuestion,
    OrderingQuestion,
    SingleQuestion,
)
from quizapp.banks.schema import Question


@dataclass(frozen=True)
class Layout:
    """How a page shows a question: per list, display slot -> original index."""

    choices: list[int] = field(default_factory=list)
    items: list[int] = field(default_factory=list)
    rights: list[int] = field(default_factory=list)
    options: list[list[int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "choices": list(self.choices),
            "items": list(self.items),
            "rights": list(self.rights),
            "options": [list(slots) for slots in self.options],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Layout:
        """Read what to_json wrote; raise ValueError for anything else."""
        if not isinstance(data, Mapping):
            raise ValueError("a layout is a JSON object")
        options = data.get("options", [])
        if not isinstance(options, list):
            raise ValueError("layout options must be a list of lists")
        return cls(
            choices=_int_list(data.get("choices", [])),
            items=_int_list(data.get("items", [])),
            rights=_int_list(data.get("rights", [])),
            options=[_int_list(slots) for slots in options],
        )


def _int_list(value: object) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in value
    ):
        raise ValueError("a layout list must hold whole numbers")
    return list(value)


def make_layout(question: Question, seed: str, *, shuffle_choices: bool) -> Layout:
    """Lay a question out for one learner's page; the same seed gives the same layout.

    Ordering items and matching right items are always shuffled, uniformly: the file lists
    them in the right order, so showing that order would give the answer away, while a
    uniformly random order tells the learner nothing. (Ruling the right order out would
    leak: with two items it would give the answer.)
    """
    rng = random.Random(f"{seed}:{question.id}")
    if isinstance(question, SingleQuestion | MultipleQuestion):
        return Layout(choices=_arrange(len(question.choices), rng, shuffle_choices))
    if isinstance(question, OrderingQuestion):
        return Layout(items=_arrange(len(question.items), rng, True))
    if isinstance(question, MatchingQuestion):
        return Layout(rights=_arrange(len(question.rights), rng, True))
    if isinstance(question, ClozeQuestion):
        options = [
            _arrange(len(blank.options), rng, shuffle_choices)
            if isinstance(blank, ChoiceBlank)
            else []
            for blank in question.blanks
        ]
        return Layout(options=options)
    return Layout()


def _arrange(count: int, rng: random.Random, shuffle: bool) -> list[int]:
    slots = list(range(count))
    if shuffle:
        rng.shuffle(slots)
    return slots
