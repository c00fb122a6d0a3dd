"""Approve or discard every draft of a bank at once: 18 drafts need not mean 18 clicks."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for

from ..library import files as bankfiles
from ..web.access import teacher_required
from ..web.forms import ActionForm
from . import bp
from .review import _drafts
from .routes import bank_or_404
from .saving import edit_file


def _bulk(slug: str, change, done: str):
    bank = bank_or_404(slug, change=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    count = len(_drafts(bank))
    problems = edit_file(bank, change)
    if problems:
        flash(" ".join(problems), "error")
    else:
        flash(done.format(count=count, s="" if count == 1 else "s"), "info")
    return redirect(url_for("authoring.review_drafts", slug=slug), 303)


@bp.post("/<slug>/review/approve-all")
@teacher_required
def approve_all_drafts(slug: str):
    """Approve every draft question of the bank: students get them from now on."""
    return _bulk(
        slug, bankfiles.approve_all, "Approved {count} draft{s}: students get them from now on."
    )


@bp.post("/<slug>/review/discard-all")
@teacher_required
def discard_all_drafts(slug: str):
    """Remove every draft question from the bank file."""
    return _bulk(
        slug, bankfiles.discard_all, "Discarded {count} draft{s}: they are gone from the file."
    )
