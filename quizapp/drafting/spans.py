"""Facts in a sentence: the spans a question can blank out, and what kind each one is."""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import APPROXIMATE

NAMED = ("person", "org", "place")
KINDS = (*NAMED, "name", "date", "year", "quantity")

# How a kind reads in a prompt ("Which place fills the gap?").
LABELS = {
    "person": "person",
    "org": "organisation",
    "place": "place",
    "name": "name",
    "date": "date",
    "year": "year",
    "quantity": "number",
}


@dataclass(frozen=True)
class Span:
    """A fact inside one sentence; `start`/`end` index the sentence, `text` is the blank.

    For a quantity the blank is the number alone ("2,500"): the hedge ("around"), a
    currency sign, a scale word ("million") and the unit ("troops") stay in the sentence,
    so the question says exactly what the article says.
    """

    kind: str
    text: str
    start: int
    end: int
    shape: str = ""
    value: float | None = None
    hedge: str = ""
    unit: str = ""
    phrase: str = ""
    aliases: tuple[str, ...] = field(default=())
    # Names the article puts beside this one ("Iraq and Syria"): the best distractors.
    peers: tuple[str, ...] = field(default=())
    # Names this one is part of or defined by ("X, a faction of Y"): never a distractor.
    related: tuple[str, ...] = field(default=())

    @property
    def canonical(self) -> str:
        """The fullest way the article names this fact ('PMF' -> its full name)."""
        return max((self.text, *self.aliases), key=lambda text: (len(text), text))

    @property
    def key(self) -> str:
        """What makes two spans the same fact, for caps and distractor pools."""
        if self.kind in ("quantity", "year"):
            return f"{self.kind}:{self.value:g}"
        return f"{self.kind}:{self.canonical.casefold()}"

    @property
    def approximate(self) -> bool:
        return self.hedge.lower() in APPROXIMATE
