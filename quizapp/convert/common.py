"""What every importer shares: notes, the rules that fill what foreign formats lack, ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from pydantic import TypeAdapter, ValidationError

from quizapp.banks.fields import ID_PATTERN
from quizapp.banks.schema import Card, Question
from quizapp.banks.syntax import utf8_error_position

# The rules for what a foreign file cannot say; docs/import-export.md repeats them.
DEFAULT_SOURCE = 1  # the paragraph every imported question and card cites
CLOZE_PROMPT = "Fill in the blank."
CLOZE_PROMPT_MANY = "Fill in the blanks."
MAX_IMPORT_BYTES = 5 * 1024 * 1024

Level = Literal["error", "skipped", "warning"]
_question_adapter: TypeAdapter = TypeAdapter(Question)


class Note(NamedTuple):
    """Something to tell the person importing: where (1-based line, 0 for the whole file)."""

    line: int
    message: str
    level: Level = "error"

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        kind = "" if self.level == "error" else f"{self.level}: "
        return f"{where}{kind}{self.message}"


@dataclass
class ImportResult:
    bank: dict  # our YAML format, ready for dump_yaml and Bank.model_validate
    notes: list[Note] = field(default_factory=list)

    @property
    def errors(self) -> list[Note]:
        return [note for note in self.notes if note.level == "error"]


class ConvertError(Exception):
    """A problem that stops reading the whole file, at a line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def decode(data: bytes) -> str:
    """UTF-8 bytes (with or without a BOM) to text with \\n line ends, or a ConvertError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = utf8_error_position(data, error)
        raise ConvertError(
            line,
            f"the file is not UTF-8 text: byte 0x{data[error.start]:02x} on line {line},"
            f" column {column} (offset {error.start}) cannot be read; save it as UTF-8",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def slugify(text: str) -> str:
    """A string usable as an id: letters, digits, '-', '_' and '.'; '' if nothing is left."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip()).strip("-_.")
    return slug[:100].rstrip("-_.")


def text_hash_id(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:8]


def imported_bank(name: str, *, today: dt.date | None = None, fmt: str = "") -> dict:
    """The bank-level fields a foreign file lacks, derived from its file name."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "imported"
    title = re.sub(r"[_-]+", " ", stem).strip() or stem
    today = today or dt.date.today()
    bank: dict = {
        "id": slugify(stem) or "imported",
        "title": title[:1].upper() + title[1:],
        "description": f"Converted from {name}" + (f" ({fmt})" if fmt else "") + f" on {today}.",
        "source": {"title": name, "published": today},
        "questions": [],
    }
    return bank


def category_tags(path: str) -> list[str]:
    """A Moodle category path as one tag, without its `$course$/top/` start."""
    parts = [part.strip() for part in path.split("/") if part.strip()]
    if parts and re.fullmatch(r"\$\w+\$", parts[0]):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return ["/".join(parts)[:100]] if parts else []


def explain_validation(error: ValidationError, kind: str = "") -> str:
    parts = []
    for item in error.errors():
        loc = [str(part) for part in item["loc"]]
        if loc and loc[0] == kind:
            loc = loc[1:]
        message = item["msg"].removeprefix("Value error, ")
        parts.append(f"{'.'.join(loc)}: {message}" if loc else message)
    return "; ".join(parts)


class BankBuilder:
    """Collects imported questions and cards, filling ids, explanations and sources."""

    def __init__(self, name: str, *, fmt: str = "", today: dt.date | None = None):
        self.bank = imported_bank(name, today=today, fmt=fmt)
        self.notes: list[Note] = []
        self._ids: set[str] = set()
        self._card_ids: set[str] = set()

    def note(self, line: int, message: str, level: Level = "error") -> None:
        self.notes.append(Note(line, message, level))

    def add_question(
        self,
        question: dict,
        *,
        line: int,
        explicit_id: str | None = None,
        title: str | None = None,
        explanation: str | None = None,
    ) -> bool:
        """Validate and keep one question; on failure note why at `line` and return False."""
        key_text = question.get("text") or question.get("prompt") or ""
        wanted = self._wanted_id(explicit_id, title, line) or text_hash_id("q-", key_text)
        question = {
            "id": self._unique(wanted, self._ids, line, "question"),
            **question,
            "source": question.get("source", DEFAULT_SOURCE),
        }
        # A file without an explanation gets none: the learner then sees no "Why" line.
        if question.get("explanation") or explanation:
            question["explanation"] = question.get("explanation") or explanation
        else:
            question.pop("explanation", None)
        try:
            _question_adapter.validate_python(question)
        except ValidationError as error:
            kind = question.get("type", "")
            self.note(line, f"{kind} question: {explain_validation(error, kind)}")
            return False
        self._ids.add(question["id"])
        self.bank["questions"].append(question)
        return True

    def add_card(self, front: str, back: str, *, line: int, tags: list[str] = ()) -> bool:
        card = {
            "id": self._unique(text_hash_id("c-", front), self._card_ids, line, "card"),
            "front": front,
            "back": back,
            "source": DEFAULT_SOURCE,
        }
        if tags:
            card["tags"] = list(tags)
        try:
            Card.model_validate(card)
        except ValidationError as error:
            self.note(line, f"card: {explain_validation(error)}")
            return False
        self._card_ids.add(card["id"])
        self.bank.setdefault("cards", []).append(card)
        return True

    def result(self) -> ImportResult:
        if not self.bank["questions"] and not self.bank.get("cards") and not self.errors:
            self.note(0, "no questions or cards were found in the file")
        return ImportResult(self.bank, sorted(self.notes, key=lambda note: note.line))

    @property
    def errors(self) -> list[Note]:
        return [note for note in self.notes if note.level == "error"]

    def _wanted_id(self, explicit: str | None, title: str | None, line: int) -> str:
        if explicit:
            if re.match(ID_PATTERN, explicit) and len(explicit) <= 100:
                return explicit
            slug = slugify(explicit)
            self.note(line, f"the id {explicit!r} is not a valid id; using {slug!r}", "warning")
            return slug
        return slugify(title) if title else ""

    def _unique(self, wanted: str, used: set[str], line: int, what: str) -> str:
        if wanted not in used:
            return wanted
        number = 2
        while f"{wanted}-{number}" in used:
            number += 1
        renamed = f"{wanted}-{number}"
        self.note(line, f"{what} id {wanted!r} is used twice; renamed to {renamed!r}", "warning")
        return renamed


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
