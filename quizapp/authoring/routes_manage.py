"""Hide a bank from students, show it again, or delete it; answers given stay in reports."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from sqlalchemy import func, select

from ..extensions import db
from ..library import files as bankfiles
from ..library.reload import folder_lock, sync_now
from ..models import Attempt, Bank
from ..web.access import teacher_required
from ..web.forms import ActionForm
from ..web.htmx import render
from . import bp
from .publishing import in_folder, shown_path
from .routes import bank_or_404
from .saving import edit_file


def managed_bank_or_404(slug: str) -> Bank:
    """The bank, if the signed-in teacher may hide or delete it: its owner, when it has one."""
    bank = bank_or_404(slug, change=True)
    if in_folder(bank.path) is None:
        abort(404)
    if request.method == "POST" and not ActionForm().validate_on_submit():
        abort(400)
    return bank


def _set_hidden(slug: str, hidden: bool, done: str):
    bank = managed_bank_or_404(slug)
    problems = edit_file(bank, lambda data: bankfiles.set_hidden(data, hidden))
    if problems:
        flash(" ".join(problems), "error")
    else:
        flash(done.format(title=bank.title), "info")
    return redirect(url_for("authoring.list_banks"), 303)


@bp.post("/<slug>/hide")
@teacher_required
def hide_bank(slug: str):
    """Hide the bank from students; their answers stay in history and reports."""
    return _set_hidden(
        slug, True, "“{title}” is hidden: students no longer see it. Their answers stay in reports."
    )


@bp.post("/<slug>/unhide")
@teacher_required
def unhide_bank(slug: str):
    """Show a hidden bank to students again."""
    return _set_hidden(slug, False, "“{title}” is shown to students again.")


def _attempt_counts(bank: Bank) -> tuple[int, int]:
    attempts, learners = db.session.execute(
        select(func.count(Attempt.id), func.count(func.distinct(Attempt.user_id))).where(
            Attempt.bank_id == bank.id
        )
    ).one()
    return attempts, learners


@bp.route("/<slug>/delete", methods=["GET", "POST"])
@teacher_required
def delete_bank(slug: str):
    """Ask, then remove the bank's file from the folder; the bank is no longer served."""
    bank = managed_bank_or_404(slug)
    path = in_folder(bank.path)
    if request.method == "GET":
        attempts, learners = _attempt_counts(bank)
        return render(
            "authoring/delete.html",
            bank=bank,
            file=shown_path(bank.path),
            attempts=attempts,
            learners=learners,
            form=ActionForm(),
        )
    title = bank.title
    with folder_lock():
        path.unlink(missing_ok=True)
        sync_now()
    flash(
        f"Deleted “{title}”: its file is gone from the bank folder and students no longer"
        " see it. Answers already given stay in history and reports.",
        "info",
    )
    return redirect(url_for("authoring.list_banks"), 303)
