"""Store validated banks in the database, keeping every question version ever asked."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from ..banks import LoadedBank, Problem, card_digest, load_folder, question_digest
from ..banks.text import printable
from ..extensions import db
from ..models import Bank, BankProblem, Card, Question, utcnow

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def store_bank(loaded: LoadedBank) -> Bank:
    """Insert or update one bank; new question versions get new rows, old ones stay."""
    spec = loaded.bank
    bank = db.session.scalar(select(Bank).where(Bank.slug == spec.id))
    if bank is None:
        bank = Bank(slug=spec.id)
        db.session.add(bank)
    bank.title = spec.title
    bank.description = spec.description
    bank.source = spec.source.model_dump(mode="json")
    bank.settings = spec.settings.model_dump(mode="json")
    bank.tags = list(spec.tags)
    bank.path = str(loaded.path)
    bank.digest = loaded.digest
    bank.active = True
    bank.updated_at = utcnow()
    db.session.flush()
    _store_versions(bank, Question, spec.questions, question_digest, with_type=True)
    _store_versions(bank, Card, spec.cards, card_digest, with_type=False)
    return bank


def _store_versions(bank, model, items, digest_of, *, with_type: bool) -> None:
    rows = db.session.scalars(select(model).where(model.bank_id == bank.id)).all()
    known = {(row.key, row.digest): row for row in rows}
    kept = []
    for position, item in enumerate(items):
        digest = digest_of(item)
        row = known.get((item.id, digest))
        if row is None:
            row = model(
                bank_id=bank.id, key=item.id, digest=digest, data=item.model_dump(mode="json")
            )
            if with_type:
                row.type = item.type
            db.session.add(row)
        row.position = position
        row.active = True
        kept.append(row)
    # One flush for the whole bank: the new versions go in as batched INSERTs.
    db.session.flush()
    current = {row.id for row in kept}
    stale = [row.id for row in rows if row.id not in current and row.active]
    if stale:
        db.session.execute(update(model).where(model.id.in_(stale)).values(active=False))


class _StoreFailed(Exception):
    """The database refused one bank's rows (not a race, not a lost connection)."""

    def __init__(self, loaded: LoadedBank, error: Exception) -> None:
        super().__init__(str(error))
        self.problem = Problem(
            str(loaded.path),
            1,
            1,
            "the database could not store this bank, so it was not imported"
            f" ({type(error).__name__}: {printable(str(error).splitlines()[0][:200])});"
            " check its text for unusual characters",
        )


def sync_folder(folder: str | Path) -> SyncReport:
    """Import every bank in `folder`; a broken file keeps its last good version served.

    A bank the database refuses is listed as a problem, like a broken file, and the
    folder is imported again without it: one bank never blocks the others.
    """
    refused: list[Problem] = []
    while True:
        try:
            return _sync_folder(Path(folder), refused)
        except _StoreFailed as failed:
            db.session.rollback()
            log.warning("bank problem: %s", failed.problem)
            refused.append(failed.problem)


def _sync_folder(folder: Path, refused: list[Problem]) -> SyncReport:
    report = SyncReport()
    result = load_folder(folder)
    skipped = {problem.path for problem in refused}
    report.problems = sorted(result.problems + refused)
    seen_paths = {str(loaded.path) for loaded in result.banks}
    seen_paths |= {problem.path for problem in result.problems}
    for loaded in result.banks:
        if str(loaded.path) in skipped:
            continue
        existing = db.session.scalar(select(Bank).where(Bank.slug == loaded.bank.id))
        if (
            existing is not None
            and existing.active
            and existing.digest == loaded.digest
            and existing.path == str(loaded.path)
        ):
            report.unchanged.append(loaded.bank.id)
            continue
        try:
            store_bank(loaded)
        except (IntegrityError, OperationalError):
            raise  # a race with another instance, or a lost connection: the caller retries
        except Exception as error:  # PostgreSQL's DataError, an encoding error, ...
            raise _StoreFailed(loaded, error) from error
        report.stored.append(loaded.bank.id)
    for bank in db.session.scalars(select(Bank).where(Bank.active)).all():
        path = Path(bank.path)
        if path.parent == folder and str(path) not in seen_paths and not path.exists():
            bank.active = False
            report.removed.append(bank.slug)
    db.session.execute(delete(BankProblem))
    for problem in report.problems:
        db.session.add(
            BankProblem(
                path=printable(problem.path),
                line=problem.line,
                column=problem.column,
                message=printable(problem.message),
            )
        )
        log.warning("bank problem: %s", problem)
    db.session.commit()
    return report
