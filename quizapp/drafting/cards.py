"""Flashcards from definitions: "X, a Y, ...", "X is a Y" and "Long Name (ACRONYM)"."""

from __future__ import annotations

import re

from .generate import Key, stable_id
from .lexicon import COMMON_CAPITALISED
from .quality import normalise
from .spans import Span

PRONOUNS = {
    "this",
    "that",
    "these",
    "those",
    "it",
    "there",
    "he",
    "she",
    "they",
    "we",
    "which",
    "what",
    "who",
    "such",
    "here",
    "one",
    "each",
    "all",
    "both",
    "some",
    "many",
    "most",
    "his",
    "her",
    "their",
    "its",
    "our",
}
DEFINITION = re.compile(
    r"^(?P<x>[\w’'-]+(?: [\w’'-]+){0,4}?) (?:is|are|was|were) (?P<y>(?:a|an|the) .+?)[.!]?$"
)
ACRONYM_AFTER = re.compile(r"^\s*\(([A-Z][A-Za-z.]*[A-Z]\.?)\)")
MAX_BACK_WORDS = 30


def draft_cards(sentences: dict[Key, str], spans: dict[Key, list[Span]]) -> list[dict]:
    cards: list[dict] = []
    seen: set[str] = set()

    def add(front: str, back: str, key: Key) -> None:
        front, back = front.strip(), _capitalise(back.strip().rstrip(".,;:"))
        if normalise(front) in seen or not back:
            return
        seen.add(normalise(front))
        card = {"front": front, "back": back, "source": {"paragraph": key[0], "sentence": key[1]}}
        card["tags"] = ["definitions"]
        cards.append({"id": stable_id("card", front, card), **card})

    for key, sentence in sentences.items():
        for span in spans[key]:
            if span.kind not in ("person", "org", "place", "name"):
                continue
            rest = sentence[span.end :]
            acronym = ACRONYM_AFTER.match(rest)
            if acronym:
                add(acronym.group(1), span.text, key)
            appositive = re.match(r"^,\s+((?:a|an)\s.*)", rest)
            if appositive:
                back = _clause(appositive.group(1))
                if back:
                    add(span.text, back, key)
        definition = DEFINITION.match(sentence)
        if definition and _term(definition.group("x")):
            back = _clause(definition.group("y"), commas=False)
            if back:
                add(_term(definition.group("x")), back, key)
    return cards


def _clause(text: str, *, commas: bool = True) -> str:
    """Text up to the first comma, semicolon or dash outside brackets; '' when too long."""
    depth = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        elif depth == 0 and (char in ";:—–" or (commas and char == ",")):
            text = text[:index]
            break
    words = text.split()
    if len(words) < 3 or len(words) > MAX_BACK_WORDS:
        return ""
    return text.strip()


def _term(subject: str) -> str:
    """The defined term of 'X is a Y', or '' when X is a pronoun or too vague."""
    words = subject.split()
    first = words[0].lower()
    if first in PRONOUNS:
        return ""
    if first in ("the", "a", "an"):
        # "A moulin is ..." defines a term; "The result is ..." does not.
        if len(words) < (2 if first != "the" else 3):
            return ""
        words = words[1:]
    elif first in COMMON_CAPITALISED or len(words) > 3:
        return ""
    term = " ".join(words)
    return _capitalise(term)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
