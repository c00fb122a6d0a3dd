"""A bank's questions, and the form editor for one question (drafts and published alike)."""

from __future__ import annotations

from flask import abort, request
from sqlalchemy import select

from ..extensions import db
from ..library import files as bankfiles
from ..models import Bank, Question
from ..web.access import teacher_required
from ..web.forms import ActionForm
from ..web.htmx import render
from . import bp
from .editor import EXTRA_ROWS, MAX_ROWS, from_fields, row_counts, to_fields
from .editor_errors import check
from .publishing import in_folder, shown_path
from .routes import bank_or_404
from .saving import edit_file, saved


def _questions(bank: Bank) -> list[Question]:
    return db.session.scalars(
        select(Question)
        .where(Question.bank_id == bank.id, Question.active)
        .order_by(Question.position)
    ).all()


@bp.get("/<slug>/questions")
@teacher_required
def list_questions(slug: str):
    """List a bank's questions, drafts included, each with its editors."""
    bank = bank_or_404(slug)
    return render(
        "authoring/questions.html",
        bank=bank,
        questions=_questions(bank),
        editable=in_folder(bank.path) is not None,
        file=shown_path(bank.path),
    )


def _extra_rows() -> int:
    """Empty rows asked for so far (a hidden field), plus more after "Add more rows"."""
    raw = request.form.get("extra", "")
    extra = int(raw) if raw.isdigit() else EXTRA_ROWS
    if "add_rows" in request.form:
        extra += EXTRA_ROWS
    return min(extra, MAX_ROWS)


@bp.route("/<slug>/questions/<key>/edit", methods=["GET", "POST"])
@teacher_required
def edit_question(slug: str, key: str):
    """Edit one question in a form; it is checked like the file and written back to it."""
    bank = bank_or_404(slug, change=True)
    path = in_folder(bank.path)
    if path is None or not any(row.key == key for row in _questions(bank)):
        abort(404)
    try:
        original = bankfiles.find_question(bankfiles.read_bank(path), key)
    except (OSError, bankfiles.BankEditError) as error:
        problems = getattr(error, "problems", None) or [f"Cannot read {shown_path(path)}."]
        return render("authoring/editor.html", bank=bank, key=key, broken=problems)
    form = ActionForm()
    errors: dict[str, list[str]] = {}
    extra = EXTRA_ROWS
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        fields = request.form.to_dict()
        extra = _extra_rows()
        if "add_rows" not in request.form:
            parsed = check(from_fields(fields, original))
            errors = parsed.errors
            if not errors:
                new = parsed.question
                problems = edit_file(
                    bank, lambda data: bankfiles.replace_question(data, key, new, draft=False)
                )
                if not problems:
                    return saved(bank, new)
                errors = {"": problems}
    else:
        fields = to_fields(original)
    return render(
        "authoring/editor.html",
        bank=bank,
        key=key,
        kind=original.get("type"),
        draft=bool(original.get("draft")),
        fields=fields,
        errors=errors,
        counts=row_counts(original.get("type", ""), fields, extra),
        extra=extra,
        form=form,
    )
