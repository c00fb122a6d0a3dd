"""Read the Aiken format: a stem line, options `A)` or `A.`, then `ANSWER: X`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .common import BankBuilder

_OPTION = re.compile(r"^([A-Z])[.)]\s*(\S.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*)$", re.IGNORECASE)


@dataclass
class _Open:
    line: int
    stem: list[str]
    options: list[tuple[str, str]] = field(default_factory=list)


def parse_aiken(text: str, builder: BankBuilder) -> None:
    current: _Open | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        option = _OPTION.match(line)
        answer = _ANSWER.match(line)
        if answer:
            if current is None:
                builder.note(number, f"question not started on line {number}")
            else:
                _finish(current, answer.group(1), number, builder)
            current = None
        elif option:
            if current is None:
                builder.note(number, f"question not started on line {number}")
            else:
                current.options.append((option.group(1), option.group(2).strip()))
        elif current is None:
            current = _Open(number, [line])
        elif not current.options:
            current.stem.append(line)  # a stem written over several lines
        else:
            builder.note(
                number, f"question not completed before the next one starts on line {number}"
            )
            current = _Open(number, [line])
    if current is not None:
        builder.note(
            current.line,
            f"question not completed at the end of the file (it starts on line {current.line})",
        )


def _finish(question: _Open, answer: str, number: int, builder: BankBuilder) -> None:
    if len(question.options) < 2:
        builder.note(number, f"question must have at least 2 answers on line {number}")
        return
    letters = [letter for letter, _ in question.options]
    if len(set(letters)) != len(letters):
        builder.note(number, f"the same option letter is used twice before line {number}")
        return
    wanted = [part for part in re.split(r"[\s,;]+", answer.strip().upper()) if part]
    unknown = [letter for letter in wanted if letter not in letters]
    if not wanted or unknown:
        shown = ", ".join(unknown) or "nothing"
        builder.note(
            number,
            f"the answer names {shown}, which is not one of the options"
            f" {', '.join(letters)} on line {number}",
        )
        return
    choices = [
        {"text": text, "correct": True} if letter in wanted else {"text": text}
        for letter, text in question.options
    ]
    builder.add_question(
        {
            "type": "single" if len(wanted) == 1 else "multiple",
            "prompt": "\n".join(question.stem),
            "choices": choices,
        },
        line=question.line,
    )
