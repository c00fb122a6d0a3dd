"""GIFT's ordering questions (qtype_ordering's `{>N ...}`) and the types our comment asks for."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .common import CLOZE_PROMPT

if TYPE_CHECKING:
    from .gift_text import Reader

# qtype_ordering's GIFT header: {>count [select] [layout] [grading] items, one per line}
_END = r"(?![^\s}])[ \t]*"  # a header word ends at a space, a line end or the brace
_HEADER = re.compile(
    rf">[ \t]*(\d+){_END}(?:(ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG){_END})?"
    rf"(?:(HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0){_END})?"
    r"(?:(ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST"
    r"|RELATIVE_NEXT_INCLUDE_LAST|RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT"
    rf"|RELATIVE|REL|LONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET){_END})?",
    re.IGNORECASE,
)
_POSITIONS = {"ABSOLUTE_POSITION", "ABSOLUTE", "ABS"}
_PAIRS = {"RELATIVE_NEXT_EXCLUDE_LAST", "RELATIVE_NEXT_INCLUDE_LAST", "RELATIVE", "REL"}
GRADING = {"positions": "ABSOLUTE_POSITION", "pairs": "RELATIVE_NEXT_EXCLUDE_LAST"}


def ordering(read: Reader) -> dict | None:
    """`{>3 ALL VERTICAL ABSOLUTE_POSITION` then the items in their right order."""
    p, builder = read.p, read.builder
    header = _HEADER.match(p.answer.lstrip())
    if header is None:
        builder.note(p.line, "an ordering question starts {>N with the number of items to show")
        return None
    count, select, _, grading = header.groups()
    rest = p.answer.lstrip()[header.end() :]
    items = [read.text(line) for line in rest.split("\n")]
    items = [item for item in items if item]
    question: dict = {"type": "ordering", "prompt": read.prompt(), "items": items}
    # qtype_ordering grades RELATIVE_NEXT_EXCLUDE_LAST when the header names no grading.
    grading = (grading or "RELATIVE_NEXT_EXCLUDE_LAST").upper()
    if grading in _PAIRS:
        question["credit"] = "pairs"
    elif grading not in _POSITIONS:
        builder.note(p.line, f"grading {grading} is not kept; items score by position", "warning")
    shown = int(count) if 2 < int(count) <= len(items) else min(6, len(items))
    if (select or "RANDOM").upper() not in ("ALL", "EXACT") and shown < len(items):
        builder.note(
            p.line,
            f"Moodle shows {shown} of the {len(items)} items ({(select or 'RANDOM').upper()});"
            " here every item is asked",
            "warning",
        )
    return question


def cloze(read: Reader, blank: dict) -> dict:
    """A missing-word question as our cloze with one blank where the braces were."""
    p = read.p
    return {
        "type": "cloze",
        "prompt": CLOZE_PROMPT,
        "text": read.text(p.before + "[[1]]" + p.after, own_format=False),
        "blanks": [blank],
    }


def retype(question: dict, read: Reader) -> dict:
    """Apply a `type=` from our quizapp comment: GIFT has no cloze of several blanks."""
    wanted = read.p.extras.get("type")
    whole = read.p.extras.get("cloze")
    if wanted == "cloze" and isinstance(whole, dict) and {"text", "blanks"} <= whole.keys():
        # A cloze of several blanks, written whole in our comment (GIFT holds one blank).
        return {
            "type": "cloze",
            "prompt": CLOZE_PROMPT,
            "text": whole["text"],
            "blanks": whole["blanks"],
        }
    if wanted is None or wanted == question["type"]:
        return question
    if wanted == "ordering" and question["type"] == "matching":
        # Files written before GIFT ordering: items paired with their positions 1, 2, ...
        rights = [pair["right"] for pair in question["pairs"]]
        if sorted(rights, key=lambda r: (len(r), r)) == [str(n) for n in range(1, len(rights) + 1)]:
            pairs = sorted(question["pairs"], key=lambda pair: int(pair["right"]))
            return {
                "type": "ordering",
                "prompt": question["prompt"],
                "items": [pair["left"] for pair in pairs],
            }
    if wanted == "cloze" and question["type"] in ("single", "short"):
        if question["type"] == "short":
            return cloze(read, {"answers": question["answers"]})
        choices = question["choices"]
        correct = next(choice["text"] for choice in choices if choice.get("correct"))
        return cloze(read, {"options": [c["text"] for c in choices], "answer": correct})
    read.builder.note(
        read.p.line,
        f"the quizapp comment asks for type {wanted!r}, which this {question['type']} cannot be",
        "warning",
    )
    return question
