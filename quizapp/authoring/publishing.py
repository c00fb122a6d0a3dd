"""Put a checked bank into the bank folder and the database; what the folder holds."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, select

from ..banks import load_bank
from ..banks.lint import LintWarning, lint_bank
from ..extensions import db
from ..library.files import set_aside, write_atomic
from ..library.reload import folder_lock, sync_now
from ..models import Bank, BankProblem, Card, PendingBank, Question, utcnow

PENDING_LIFETIME = dt.timedelta(days=2)


def bank_folder() -> Path:
    return Path(current_app.config["QUESTIONS_DIR"])


def shown_path(path: str | Path, folder: Path | None = None) -> str:
    """A bank file's name relative to the bank folder (its full path if outside it)."""
    folder = folder or bank_folder()
    try:
        return Path(path).resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(path)


def in_folder(path: str | Path) -> Path | None:
    """The file if it lies directly in the bank folder (only those are edited here)."""
    path = Path(path)
    return path if path.parent.resolve() == bank_folder().resolve() else None


@dataclass
class Conflict:
    """What publishing a bank id would replace: a bank, or a file of that name."""

    title: str | None
    path: Path
    owner_id: int | None = None

    def describe(self) -> str:
        name = shown_path(self.path)
        if self.title is None:
            return f"the file {name}"
        return f"the bank “{self.title}” (from {name})"


def conflict_for(bank_id: str) -> Conflict | None:
    target = bank_folder() / f"{bank_id}.yaml"
    existing = db.session.scalar(select(Bank).where(Bank.slug == bank_id, Bank.active))
    if existing is not None:
        return Conflict(existing.title, Path(existing.path), existing.owner_id)
    if target.exists():
        return Conflict(None, target)
    return None


@dataclass
class Published:
    bank: Bank | None
    problems: list[str] = field(default_factory=list)
    set_aside: str | None = None


@dataclass
class NotYours:
    """The bank id belongs to a bank another teacher published: it is theirs to replace."""

    conflict: Conflict

    def describe(self) -> str:
        return (
            f"The bank id is taken by {self.conflict.describe()}, which another teacher"
            " published; only they can replace it. Change the id: line of your file and"
            " upload it again."
        )


def publish(pending: PendingBank, *, replace: bool) -> Published | Conflict | NotYours:
    """Write the upload as <bank id>.yaml and import it; a Conflict unless `replace`."""
    data = pending.yaml_text.encode()
    checked = load_bank(pending.filename, data)
    if checked.bank is None:
        return Published(None, [str(p) for p in checked.problems])
    bank_id = checked.bank.bank.id
    with folder_lock():
        folder = bank_folder()
        target = folder / f"{bank_id}.yaml"
        # The same name and bytes the import reads next: loaded once, for both.
        checked = load_bank(target, data)
        if checked.bank is None:
            return Published(None, [str(p) for p in checked.problems])
        conflict = conflict_for(bank_id)
        if conflict is not None and conflict.owner_id not in (None, pending.teacher_id):
            return NotYours(conflict)
        if conflict is not None and not replace:
            return conflict
        moved = None
        if (
            conflict is not None
            and conflict.path != target
            and in_folder(conflict.path)
            and conflict.path.exists()
        ):
            moved = set_aside(conflict.path)
        before = target.read_text(encoding="utf-8") if target.exists() else None
        write_atomic(target, pending.yaml_text)
        # A file that was not imported must not stay: the folder goes back as it was.
        try:
            report = sync_now()
        except Exception:
            db.session.rollback()
            _undo(target, before, moved)
            raise
        if bank_id not in report.stored + report.unchanged:
            _undo(target, before, moved)
            sync_now()
            name = str(target)
            return Published(None, [str(p) for p in report.problems if p.path == name])
        moved = shown_path(moved) if moved else None
        bank = db.session.scalar(select(Bank).where(Bank.slug == bank_id))
        bank.owner_id = pending.teacher_id
        db.session.delete(db.session.get(PendingBank, pending.id))
        db.session.commit()
        return Published(bank, set_aside=moved)


def _undo(target: Path, before: str | None, moved: Path | None) -> None:
    """Put back what publishing replaced, or remove the file it wrote."""
    if before is None:
        target.unlink(missing_ok=True)
    else:
        write_atomic(target, before)
    if moved is not None:
        moved.rename(target.with_name(moved.name.split(".replaced")[0]))


def loaded_pending(pending: PendingBank):
    """The validated bank of an upload (None if it no longer validates)."""
    checked = load_bank(pending.filename, pending.yaml_text.encode())
    return checked.bank


def forget_old_uploads(teacher_id: int) -> None:
    cutoff = utcnow() - PENDING_LIFETIME
    db.session.execute(
        delete(PendingBank).where(
            PendingBank.teacher_id == teacher_id, PendingBank.created_at < cutoff
        )
    )


@dataclass
class BankRow:
    bank: Bank
    file: str
    questions: int
    cards: int
    drafts: int
    problems: list[BankProblem]
    warnings: list[LintWarning] = field(default_factory=list)


# Lint warnings by file content: a page load lints only the files that changed.
_lint_cache: dict[str, list[LintWarning]] = {}
_LINT_CACHE_LIMIT = 500


def lint_warnings(name: str, data: bytes) -> list[LintWarning]:
    """Item-writing warnings for a bank's bytes, reported under `name`."""
    key = hashlib.sha256(name.encode() + b"\0" + data).hexdigest()
    if key not in _lint_cache:
        if len(_lint_cache) >= _LINT_CACHE_LIMIT:
            _lint_cache.clear()
        _lint_cache[key] = lint_bank(name, data).warnings
    return _lint_cache[key]


def _lint_file(path: str, shown: str) -> list[LintWarning]:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return []  # the file is gone: the page says so already
    return lint_warnings(shown, data)


def overview() -> tuple[list[BankRow], dict[str, list[BankProblem]]]:
    """Every bank with its counts and problems, and the problems of files with no bank."""
    folder = bank_folder()
    banks = db.session.scalars(select(Bank).order_by(Bank.active.desc(), Bank.title)).all()
    questions: dict[int, int] = {}
    drafts: dict[int, int] = {}
    for bank_id, data in db.session.execute(
        select(Question.bank_id, Question.data).where(Question.active)
    ):
        questions[bank_id] = questions.get(bank_id, 0) + 1
        if data.get("draft"):
            drafts[bank_id] = drafts.get(bank_id, 0) + 1
    cards = dict(
        db.session.execute(
            select(Card.bank_id, func.count()).where(Card.active).group_by(Card.bank_id)
        ).all()
    )
    problems: dict[str, list[BankProblem]] = {}
    for problem in db.session.scalars(
        select(BankProblem).order_by(BankProblem.path, BankProblem.line, BankProblem.column)
    ):
        problems.setdefault(problem.path, []).append(problem)
    rows = [
        BankRow(
            bank=bank,
            file=shown_path(bank.path, folder),
            questions=questions.get(bank.id, 0),
            cards=cards.get(bank.id, 0),
            drafts=drafts.get(bank.id, 0),
            problems=problems.pop(bank.path, []),
            warnings=_lint_file(bank.path, shown_path(bank.path, folder)) if bank.active else [],
        )
        for bank in banks
    ]
    orphans = {shown_path(path, folder): found for path, found in problems.items()}
    return rows, orphans
