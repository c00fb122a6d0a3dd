"""The rules of a live session, without Flask or a database: PINs, nicknames, the state
machine, points for speed, answer counts and ranks. service.py stores what these decide."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..banks.schema import MultipleQuestion, Question, SingleQuestion, TrueFalseQuestion

PIN_LENGTH = 6
NICKNAME_MAX = 20
STATES = ("lobby", "question", "revealed", "paused", "ended")
# Which states each teacher action may start from; "next" after the last question ends.
ACTIONS = {
    "start": {"lobby"},
    "reveal": {"question"},
    "next": {"revealed"},
    "pause": {"question", "revealed"},
    "resume": {"paused"},
    "end": {"lobby", "question", "revealed", "paused"},
}
MAX_POINTS = 1000
SECONDS_CHOICES = (10, 20, 30, 45, 60, 90, 120)
# Answers this long after the deadline still count: the tap was in time, the network slow.
GRACE_MS = 1000


class NotNow(ValueError):
    """A teacher action that the session's state does not allow (a double click, a stale tab)."""


def new_pin() -> str:
    """Six digits, never starting with 0 (a phone keypad would drop nothing, a person might)."""
    return str(100_000 + secrets.randbelow(900_000))


def clean_pin(text: str | None) -> str | None:
    """The PIN in what someone typed (spaces and dashes allowed), or None if it is not one."""
    digits = re.sub(r"[\s\-]", "", text or "")
    return digits if re.fullmatch(r"[0-9]{6}", digits) else None


def clean_nickname(text: str | None) -> str:
    """Trim and bound a nickname; raise ValueError with a message a student can act on."""
    text = unicodedata.normalize("NFC", text or "")
    # Control and format characters (newlines, bidi overrides) have no place in a name.
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())
    if not text:
        raise ValueError("Type a nickname for the class to see.")
    if len(text) > NICKNAME_MAX:
        raise ValueError(f"Keep the nickname to {NICKNAME_MAX} characters or fewer.")
    return text


def unique_nickname(wanted: str, taken: Iterable[str]) -> str:
    """`wanted`, or `wanted 2`, `wanted 3`... when someone in the session has it already."""
    taken_folded = {name.casefold() for name in taken}
    if wanted.casefold() not in taken_folded:
        return wanted
    number = 2
    while True:
        suffix = f" {number}"
        candidate = wanted[: NICKNAME_MAX - len(suffix)] + suffix
        if candidate.casefold() not in taken_folded:
            return candidate
        number += 1


def next_state(state: str, action: str, *, position: int, total: int) -> str:
    """The state after a teacher's action; NotNow when it cannot be taken from `state`."""
    if state not in ACTIONS.get(action, ()):
        raise NotNow(f"“{action}” cannot be done while the session is {state}.")
    if action in ("start",):
        return "question"
    if action == "next":
        return "question" if position + 1 < total else "ended"
    return {"reveal": "revealed", "pause": "paused", "end": "ended"}.get(action, state)


def speed_points(fraction: float, elapsed_ms: int, duration_ms: int) -> int:
    """Points for an answer: up to 1000 for a right answer at once, 500 at the last moment.

    As in Kahoot: the full share for being right, less half of it in proportion to the
    time taken. A partly right answer earns its fraction of that; a wrong one nothing.
    """
    if fraction <= 0 or duration_ms <= 0:
        return 0
    used = min(1.0, max(0.0, elapsed_ms / duration_ms))
    return round(MAX_POINTS * fraction * (1 - used / 2))


def ranks(scores: dict[int, int]) -> dict[int, int]:
    """Competition ranks ("1224"): equal scores share a rank, the next rank skips."""
    ordered = sorted(scores.values(), reverse=True)
    first_index = {}
    for index, score in enumerate(ordered):
        first_index.setdefault(score, index + 1)
    return {key: first_index[score] for key, score in scores.items()}


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    correct: bool


def answer_bars(question: Question, responses: list) -> list[Bar]:
    """Counts for the reveal chart: one bar per option of a choice or true/false question;
    none for typed answers (see common_answers)."""
    if isinstance(question, SingleQuestion | MultipleQuestion):
        counts = Counter()
        for response in responses:
            picked = response if isinstance(response, list) else [response]
            counts.update(index for index in picked if isinstance(index, int))
        return [
            Bar(choice.text, counts.get(index, 0), bool(choice.correct))
            for index, choice in enumerate(question.choices)
        ]
    if isinstance(question, TrueFalseQuestion):
        return [
            Bar("True", sum(1 for r in responses if r is True), question.answer is True),
            Bar("False", sum(1 for r in responses if r is False), question.answer is False),
        ]
    return []


def common_answers(described: list[tuple[str, bool]], limit: int = 5) -> list[Bar]:
    """The most common typed answers, as (words, right?) pairs, most common first."""
    counts = Counter(described)
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))[:limit]
    return [Bar(text, count, correct) for (text, correct), count in top]
