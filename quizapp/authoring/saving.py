"""Write a change to a bank's file and say what happened: shared by the review and editors."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for

from ..library import files as bankfiles
from ..library.reload import folder_lock, sync_now
from ..models import Bank
from .owners import refuse_unless_changeable
from .publishing import in_folder, shown_path


def edit_file(bank: Bank, change) -> list[str]:
    """Apply `change(bank_dict)` to the bank's file and import it; problems if refused."""
    # The views check first (bank_or_404(change=True)); checked here too, so that a view
    # which forgets still cannot write another teacher's bank.
    refuse_unless_changeable(bank)
    path = in_folder(bank.path)
    if path is None:
        abort(404)
    try:
        with folder_lock():
            new = change(bankfiles.read_bank(path))
            bankfiles.write_atomic(path, bankfiles.render_bank(path, new))
            sync_now()
    except FileNotFoundError:
        return [f"The file {shown_path(path)} is gone from the bank folder."]
    except bankfiles.BankEditError as error:
        return error.problems
    return []


def saved(bank: Bank, question: dict):
    """Redirect after saving a question: a draft to the review, others to the bank's list."""
    if question.get("draft"):
        flash(f"Saved “{question['prompt']}”; it stays a draft until you approve it.", "info")
        return redirect(url_for("authoring.review_drafts", slug=bank.slug), 303)
    flash(
        f"Saved “{question['prompt']}”: students get this version from now on; answers"
        " already given keep the version they answered.",
        "info",
    )
    return redirect(url_for("authoring.list_questions", slug=bank.slug), 303)
