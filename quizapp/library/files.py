"""Edit bank files: write atomically, approve, discard or replace one question. No Flask here.

Every edit validates the whole new file with the bank loader before anything is written, so
a file in the bank folder never goes from good to broken through these functions.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..banks import load_bank, yamlnodes
from ..convert import dump_yaml


class BankEditError(ValueError):
    """An edit that cannot be made; `problems` says why, one message each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def write_atomic(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write through a temporary file in the same folder, so readers never see half a file.

    With overwrite=False, refuse (FileExistsError) when `path` exists, without a race.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        # mkstemp makes the file private (0600); keep the old file's mode, or 0644.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        if overwrite:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path, text)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _link_new(temporary: str, path: Path, text: str) -> None:
    """Give the finished file its name unless that name is taken (FileExistsError)."""
    try:
        os.link(temporary, path)  # unlike rename, never replaces an existing file
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: create the name exclusively, then fill it.
        with open(path, "x", encoding="utf-8") as file:
            file.write(text)


def set_aside(path: Path) -> Path:
    """Rename a bank file so the folder no longer loads it; return its new name."""
    target = path.with_name(path.name + ".replaced")
    number = 2
    while target.exists():
        target = path.with_name(f"{path.name}.replaced-{number}")
        number += 1
    path.rename(target)
    return target


def read_bank(path: Path) -> dict:
    """The bank in `path` as a plain dict, if the file validates; BankEditError if not."""
    data = path.read_bytes()
    result = load_bank(path, data)
    if result.bank is None:
        raise BankEditError(
            [
                "The bank file has problems, so it cannot be edited here; fix them first:",
                *(str(p) for p in result.problems),
            ]
        )
    return _plain(data)


def _plain(data: bytes) -> dict:
    """YAML that the bank loader has accepted, read by the same parser into plain Python."""
    return yamlnodes.Converter().convert_document(yamlnodes.compose(data))


def render_bank(path: Path, bank: dict) -> str:
    """The bank as YAML text, checked with the same messages as `quizapp validate`."""
    text = dump_yaml(bank)
    result = load_bank(path, text.encode())
    if result.bank is None:
        raise BankEditError([str(p) for p in result.problems])
    return text


def find_question(bank: dict, key: str) -> dict:
    for question in bank.get("questions") or []:
        if isinstance(question, dict) and question.get("id") == key:
            return question
    raise BankEditError([f"There is no question {key!r} in this bank any more."])


def approve(bank: dict, key: str) -> dict:
    """Mark a draft question as checked: drop its `draft: true`."""
    question = find_question(bank, key)
    if not question.get("draft"):
        raise BankEditError([f"The question {key!r} is not a draft: it was approved already."])
    del question["draft"]
    return bank


def discard(bank: dict, key: str) -> dict:
    """Remove a question from the bank."""
    question = find_question(bank, key)
    if len(bank["questions"]) == 1:
        raise BankEditError(
            [
                "This is the bank's only question, and a bank needs at least one: keep it or"
                " delete the bank file."
            ]
        )
    bank["questions"].remove(question)
    return bank


def approve_all(bank: dict) -> dict:
    """Mark every draft question as checked."""
    drafts = [question for question in bank.get("questions") or [] if question.get("draft")]
    if not drafts:
        raise BankEditError(["There are no drafts left to approve."])
    for question in drafts:
        del question["draft"]
    return bank


def discard_all(bank: dict) -> dict:
    """Remove every draft question; refused when nothing would be left to learn from."""
    questions = bank.get("questions") or []
    kept = [question for question in questions if not question.get("draft")]
    if len(kept) == len(questions):
        raise BankEditError(["There are no drafts left to discard."])
    if not kept and not bank.get("cards"):
        raise BankEditError(
            [
                "Every question of this bank is a draft, and a bank needs at least one question"
                " or card: approve the ones worth keeping first, or delete the bank."
            ]
        )
    bank["questions"] = kept
    if not kept:
        del bank["questions"]
    return bank


def set_hidden(bank: dict, hidden: bool) -> dict:
    """Hide the bank from students (settings: hidden: true), or show it again."""
    settings = bank.setdefault("settings", {})
    if hidden:
        settings["hidden"] = True
    else:
        settings.pop("hidden", None)
        if not settings:
            del bank["settings"]
    return bank


def replace_question(bank: dict, key: str, question: dict, *, draft: bool = True) -> dict:
    """Put an edited question in place of the old one; with draft=True, as a draft."""
    old = find_question(bank, key)
    index = bank["questions"].index(old)
    bank["questions"][index] = {**question, "draft": True} if draft else question
    return bank


# A minimal bank around the edited question: the question's lines keep their numbers minus
# one and their columns minus two, so messages can point into the teacher's text box.
_CHECK_TAIL = (
    "id: check\ntitle: Check\nsource: {title: Check, author: Check, published: 2024-01-01}\n"
)


def question_yaml(question: dict) -> str:
    """One question as YAML for a text box, in the bank format's key order."""
    text = dump_yaml({"questions": [question]})
    lines = text.splitlines()
    start = lines.index("questions:") + 1
    # Every line of the one list item is indented by two ("- " on the first: libyaml's style).
    return "\n".join(line[2:] for line in lines[start:]) + "\n"


def parse_question(text: str, key: str) -> dict:
    """Check a question written as YAML; BankEditError with `line N, column C: ...` if wrong."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
    body = "\n".join(("- " if n == 0 else "  ") + line for n, line in enumerate(lines))
    document = f"questions:\n{body}\n{_CHECK_TAIL}"
    result = load_bank("question.yaml", document.encode())
    problems = []
    for problem in result.problems:
        line = min(max(problem.line - 1, 1), len(lines))
        column = max(problem.column - 2, 1)
        problems.append(f"line {line}, column {column}: {problem.message}")
    if problems:
        raise BankEditError(problems)
    question = _plain(document.encode())["questions"][0]
    if question.get("id") != key:
        line = next((n for n, line in enumerate(lines, start=1) if re.match(r"\s*id\s*:", line)), 1)
        raise BankEditError(
            [
                f"line {line}, column 1: the id must stay {key!r}: answers already given and"
                " this page find the question by it"
            ]
        )
    return question
