"""Store validated banks in the database, keeping every question version ever asked."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select, update

from ..banks import LoadedBank, Problem, card_digest, load_folder, question_digest
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


def sync_folder(folder: str | Path) -> SyncReport:
    """Import every bank in `folder`; a broken file keeps its last good version served."""
    folder = Path(folder)
    report = SyncReport()
    result = load_folder(folder)
    report.problems = list(result.problems)
    seen_paths = {str(loaded.path) for loaded in result.banks}
    seen_paths |= {problem.path for problem in result.problems}
    for loaded in result.banks:
        existing = db.session.scalar(select(Bank).where(Bank.slug == loaded.bank.id))
        if (
            existing is not None
            and existing.active
            and existing.digest == loaded.digest
            and existing.path == str(loaded.path)
        ):
            report.unchanged.append(loaded.bank.id)
            continue
        store_bank(loaded)
        report.stored.append(loaded.bank.id)
    for bank in db.session.scalars(select(Bank).where(Bank.active)).all():
        path = Path(bank.path)
        if path.parent == folder and str(path) not in seen_paths and not path.exists():
            bank.active = False
            report.removed.append(bank.slug)
    db.session.execute(delete(BankProblem))
    for problem in result.problems:
        db.session.add(
            BankProblem(
                path=problem.path,
                line=problem.line,
                column=problem.column,
                message=problem.message,
            )
        )
        log.warning("bank problem: %s", problem)
    db.session.commit()
    return report
