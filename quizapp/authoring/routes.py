"""Bank management for teachers: the folder's banks and problems, upload, preview, publish."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..answering.describe import describe_answer
from ..banks.loader import MAX_BYTES
from ..extensions import db
from ..library.reload import FolderBusy, folder_lock, sync_now
from ..models import Bank, PendingBank
from ..web.access import teacher_required
from ..web.forms import ActionForm
from ..web.htmx import render, wants_fragment
from . import bp
from .forms import DraftForm, PublishForm, UploadForm
from .owners import may_change, owner_name, refuse_unless_changeable
from .publishing import (
    Conflict,
    NotYours,
    conflict_for,
    forget_old_uploads,
    lint_warnings,
    loaded_pending,
    overview,
    publish,
    shown_path,
)
from .uploads import check_upload, clean_filename, size_problem


def _report_text(report) -> str:
    return (
        f"Checked the bank folder: {len(report.stored)} imported, {len(report.unchanged)}"
        f" unchanged, {len(report.removed)} removed,"
        f" {len(report.problems)} problem{'' if len(report.problems) == 1 else 's'}."
    )


@bp.get("/")
@teacher_required
def list_banks():
    """List every bank with its counts, last import and problems."""
    rows, orphans = overview()
    return render("authoring/banks.html", rows=rows, orphans=orphans, form=ActionForm(), status="")


@bp.post("/check")
@teacher_required
def check_folder():
    """Import the bank folder again now."""
    if not ActionForm().validate_on_submit():
        abort(400)
    with folder_lock():
        status = _report_text(sync_now())
    if wants_fragment():
        rows, orphans = overview()
        return render(
            "authoring/banks.html",
            "check_status",
            "bank_overview",
            rows=rows,
            orphans=orphans,
            form=ActionForm(),
            status=status,
        )
    flash(status, "info")
    return redirect(url_for("authoring.list_banks"), 303)


@bp.route("/upload", methods=["GET", "POST"])
@teacher_required
def upload_bank():
    """Take a bank file, check it and keep it for a preview."""
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        filename = clean_filename(upload.filename)
        data = upload.stream.read(UPLOAD_READ_LIMIT)
        too_big = size_problem(filename, len(data))
        if too_big:
            problems = [too_big]
        else:
            fmt = None if form.format.data == "auto" else form.format.data
            check = check_upload(filename, data, fmt)
            problems = check.problems
            if check.ok:
                forget_old_uploads(current_user.id)
                pending = PendingBank(
                    teacher_id=current_user.id,
                    filename=check.filename,
                    source_format=check.fmt,
                    yaml_text=check.yaml_text,
                    notes=check.notes,
                )
                db.session.add(pending)
                db.session.commit()
                return redirect(url_for("authoring.preview_upload", upload_id=pending.id), 303)
    return render("authoring/upload.html", form=form, problems=problems)


# One byte over the largest bank is enough to tell that a file is too large.
UPLOAD_READ_LIMIT = MAX_BYTES + 1


@bp.errorhandler(413)
def upload_too_large(_error):
    """A request over MAX_CONTENT_LENGTH: say so on the form that sent it."""
    limit = (request.max_content_length or 0) / 2**20
    problems = [f"What you sent is larger than this site accepts ({limit:g} MiB)."]
    if request.endpoint == "authoring.draft_bank":
        problems[0] += " Paste or upload the article alone, as plain text."
        return render("authoring/draft.html", form=DraftForm(formdata=None), problems=problems), 413
    problems[0] += " Split the bank into several files and upload each."
    return render("authoring/upload.html", form=UploadForm(formdata=None), problems=problems), 413


@bp.errorhandler(FolderBusy)
def folder_busy(_error):
    """Another change to the bank folder took too long: nothing was changed."""
    message = (
        "The bank folder is busy with another change. Nothing was saved; go back and"
        " try again in a moment."
    )
    return render_template("error.html", title="Busy", message=message), 503


def _own_upload_or_404(upload_id: int) -> PendingBank:
    pending = db.session.get(PendingBank, upload_id)
    if pending is None or pending.teacher_id != current_user.id:
        abort(404)
    return pending


def _preview(pending: PendingBank, form: PublishForm, conflict: Conflict | None, problems=()):
    loaded = loaded_pending(pending)
    if loaded is None:
        abort(404)  # the bank format changed under a stored upload: upload it again
    if conflict is not None:
        form.replace.label.text = (
            f"Replace the existing bank “{conflict.title}”"
            if conflict.title
            else f"Replace the existing file {shown_path(conflict.path)}"
        )
    return render(
        "authoring/preview.html",
        pending=pending,
        spec=loaded.bank,
        form=form,
        discard_form=ActionForm(),
        conflict=conflict,
        problems=list(problems),
        warnings=lint_warnings(pending.filename, pending.yaml_text.encode()),
        describe_answer=describe_answer,
    )


@bp.get("/upload/<int:upload_id>")
@teacher_required
def preview_upload(upload_id: int):
    """Show an uploaded bank as students will see it, with the answers, before publishing."""
    pending = _own_upload_or_404(upload_id)
    loaded = loaded_pending(pending)
    conflict = conflict_for(loaded.bank.id) if loaded else None
    return _preview(pending, PublishForm(), conflict)


@bp.post("/upload/<int:upload_id>/publish")
@teacher_required
def publish_upload(upload_id: int):
    """Write the uploaded bank into the bank folder and import it."""
    pending = _own_upload_or_404(upload_id)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    result = publish(pending, replace=form.replace.data)
    if isinstance(result, NotYours):
        return _preview(pending, form, None, [result.describe()]), 403
    if isinstance(result, Conflict):
        form.replace.errors = [
            f"A bank with this id exists already: {result.describe()}. Tick the box to"
            " replace it, or change the id: line of your file and upload it again."
        ]
        return _preview(pending, form, result)
    if result.bank is None:
        return _preview(pending, form, None, result.problems)
    questions = sum(1 for q in result.bank.questions if q.active)
    message = (
        f"Published “{result.bank.title}” as {shown_path(result.bank.path)}"
        f" with {questions} question{'' if questions == 1 else 's'}; students can take it now."
    )
    if result.set_aside:
        message += f" The file it replaced was renamed to {result.set_aside}."
    flash(message, "info")
    return redirect(url_for("authoring.list_banks"), 303)


@bp.post("/upload/<int:upload_id>/discard")
@teacher_required
def discard_upload(upload_id: int):
    """Forget an upload without publishing it."""
    pending = _own_upload_or_404(upload_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    db.session.delete(pending)
    db.session.commit()
    flash(f"Discarded the upload of {pending.filename}; nothing was published.", "info")
    return redirect(url_for("authoring.upload_bank"), 303)


def bank_or_404(slug: str, *, change: bool = False) -> Bank:
    """The served bank with this id; with `change`, only if the teacher may change it (403)."""
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug, Bank.active))
    if bank is None:
        abort(404)
    if change:
        refuse_unless_changeable(bank)
    return bank


@bp.context_processor
def ownership():
    """Let the authoring pages hide the change buttons of a bank another teacher owns."""
    return {"may_change": may_change, "owner_name": owner_name}
