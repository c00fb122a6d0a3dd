"""The pieces of GIFT text both halves of the reader share: escapes, a parsed question's
parts, and the reader that turns GIFT text into plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .common import BankBuilder
from .htmltext import text_of

# Escaped characters become private-use placeholders while the syntax is taken apart.
_ESCAPES = {
    "\\": "\ue000",
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
    "n": "\ue007",
}
_RESTORE = str.maketrans({v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()})
_ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")


def protect(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(1)], text)


def restore(text: str) -> str:
    return text.translate(_RESTORE)


_WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d*)?)%")
_FORMAT = re.compile(r"\s*\[(html|markdown|plain|moodle)\]")


@dataclass
class Parsed:
    """One question's pieces with the syntax taken apart (text still holds placeholders)."""

    line: int
    numbers: list[int]  # the file line of each line of `text`
    text: str
    title: str | None = None
    ids: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    extras: dict = field(default_factory=dict)
    fmt: str = "moodle"
    before: str = ""
    answer: str = ""
    answer_at: int = 0  # offset of `answer` in `text`
    after: str = ""
    general: str = ""
    images: int = 0

    def line_at(self, offset: int) -> int:
        return self.numbers[min(self.text.count("\n", 0, offset), len(self.numbers) - 1)]

    @property
    def missing_word(self) -> bool:
        return bool(self.after.strip())


class Reader:
    """Converts GIFT text (placeholders, format prefixes, HTML) to plain text."""

    def __init__(self, p: Parsed, builder: BankBuilder):
        self.p = p
        self.builder = builder
        self.images = 0

    def text(self, raw: str, *, own_format: bool = True) -> str:
        """Plain text of an answer or feedback (which may start with its own [format])."""
        fmt = self.p.fmt
        match = _FORMAT.match(raw) if own_format else None
        if match:
            fmt, raw = match.group(1), raw[match.end() :]
        text, images = text_of(restore(raw), fmt)
        self.images += images
        return text

    def pieces(
        self,
        markers: str,
        *,
        weights: bool = True,
        leading: float = 100.0,
        skip: int = 0,
        choice: bool = False,
    ) -> list[tuple[int, str, float, str]]:
        """Split the answers at each marker: (line, marker, weight percent, rest).

        As in Moodle, text before the first marker counts as an answer worth `leading`
        percent, and in a choice question `=` takes no %weight%; `skip` leaves out the
        first characters of the answers.
        """
        out = []
        pattern = f"[{markers}][^{markers}]*|^[^{markers}]+"
        for match in re.finditer(pattern, self.p.answer[skip:]):
            piece = match.group(0)
            marker = piece[0] if piece[0] in markers else ""
            rest = piece[1:] if marker else piece
            if not marker and not rest.strip():
                continue
            line = self.p.line_at(self.p.answer_at + skip + match.start())
            weight = {"=": 100.0, "": leading}.get(marker, 0.0)
            found = _WEIGHT.match(rest) if weights and not (choice and marker == "=") else None
            if found:
                weight = float(found.group(1))
                rest = rest[found.end() :]
            out.append((line, marker, weight, rest))
        return out

    def feedback_split(self, rest: str) -> tuple[str, str | None]:
        text, hash_, feedback = rest.partition("#")
        return self.text(text), (self.text(feedback) or None) if hash_ else None

    def prompt(self) -> str:
        p = self.p
        raw = p.before + ("_____" + p.after if p.missing_word else "")
        return self.text(raw, own_format=False)
