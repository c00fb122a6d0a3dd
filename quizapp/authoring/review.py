"""Draft a bank from an article, then review its drafts: approve, edit or discard each."""

from __future__ import annotations

from pathlib import Path

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..answering.describe import describe_answer
from ..banks import load_bank
from ..banks.text import document_problem
from ..drafting import DraftError
from ..drafting import draft_bank as make_draft
from ..extensions import db
from ..library import files as bankfiles
from ..library.reload import folder_lock, sync_now
from ..models import Bank, DraftArticle, Question, utcnow
from ..web.access import teacher_required
from ..web.forms import ActionForm
from ..web.htmx import render, wants_fragment
from . import bp
from .drafts import citation, mark_answer, number_sentences, sentence_key
from .forms import DraftForm, EditForm
from .publishing import bank_folder, in_folder, shown_path
from .routes import bank_or_404
from .saving import edit_file, saved


@bp.route("/draft", methods=["GET", "POST"])
@teacher_required
def draft_bank():
    """Draft a bank from an article and write it to the bank folder for review."""
    form = DraftForm()
    problems: list[str] = []
    if form.validate_on_submit():
        text = _article_text(form)
        bank_id = form.bank_id.data.strip()
        target = bank_folder() / f"{bank_id}.yaml"
        if text is not None and _id_is_free(form, bank_id, target):
            try:
                result = make_draft(
                    text, bank_id=bank_id, today=utcnow().date(), source=form.source()
                )
            except DraftError as error:
                form.article.errors = [f"Nothing could be drafted from this article: {error}."]
            else:
                problems = _write_draft(form, target, bank_id, text, result)
                if not problems and not form.bank_id.errors:
                    count = len(result.bank["questions"])
                    flash(
                        f"Drafted {count} question{'' if count == 1 else 's'} into"
                        f" {target.name}. Check each against the article: students get only"
                        " the ones you approve.",
                        "info",
                    )
                    return redirect(url_for("authoring.review_drafts", slug=bank_id), 303)
    return render("authoring/draft.html", form=form, problems=problems)


def _article_text(form: DraftForm) -> str | None:
    """The pasted article, else the uploaded file's text; None with a field error if neither."""
    if form.article.data and form.article.data.strip():
        return form.article.data
    upload = form.article_file.data
    if upload:
        data = upload.stream.read(4 * 1024 * 1024)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.article_file.errors = [
                "This file is not UTF-8 text. Save it as UTF-8 (or paste the text) and try again."
            ]
            return None
        refused = document_problem(text)
        if refused is not None:
            line, column, message = refused
            form.article_file.errors = [f"Line {line}, column {column}: {message}."]
            return None
        if text.strip():
            return text
    form.article.errors = ["Paste the article here, or choose an article file below."]
    return None


def _id_is_free(form: DraftForm, bank_id: str, target: Path) -> bool:
    existing = db.session.scalar(select(Bank).where(Bank.slug == bank_id, Bank.active))
    if existing is not None:
        form.bank_id.errors = [
            f"The bank “{existing.title}” already has the id {bank_id!r}; choose another id."
        ]
        return False
    if target.exists():
        form.bank_id.errors = [
            f"The bank folder already has a file {target.name}; choose another id."
        ]
        return False
    return True


def _write_draft(form: DraftForm, target: Path, bank_id: str, text: str, result) -> list[str]:
    checked = load_bank(target, result.yaml_text.encode())
    if checked.bank is None:
        return [str(p) for p in checked.problems]
    with folder_lock():
        try:
            bankfiles.write_atomic(target, result.yaml_text, overwrite=False)
        except FileExistsError:
            form.bank_id.errors = [
                f"The bank folder already has a file {target.name}; choose another id."
            ]
            return []
        article = db.session.scalar(select(DraftArticle).where(DraftArticle.bank_slug == bank_id))
        if article is None:
            article = DraftArticle(bank_slug=bank_id)
            db.session.add(article)
        article.text = text
        article.sentences = number_sentences(result.sentences)
        article.created_by = current_user.id
        article.created_at = utcnow()
        db.session.commit()
        sync_now()
        bank = db.session.scalar(select(Bank).where(Bank.slug == bank_id))
        if bank is not None:
            bank.owner_id = current_user.id
            db.session.commit()
    return []


def _drafts(bank: Bank) -> list[Question]:
    rows = db.session.scalars(
        select(Question)
        .where(Question.bank_id == bank.id, Question.active)
        .order_by(Question.position)
    ).all()
    return [row for row in rows if row.data.get("draft")]


def _article(bank: Bank) -> DraftArticle | None:
    return db.session.scalar(select(DraftArticle).where(DraftArticle.bank_slug == bank.slug))


def _item(row: Question, article: DraftArticle | None) -> dict:
    paragraph, sentence = citation(row.data)
    text = None
    if article is not None:
        if sentence is not None:
            text = article.sentences.get(sentence_key(paragraph, sentence))
        else:
            prefix = f"{paragraph}."
            parts = [t for k, t in article.sentences.items() if k.startswith(prefix)]
            text = " ".join(parts) or None
    return {
        "row": row,
        "q": row.spec,
        "key": row.key,
        "paragraph": paragraph,
        "sentence": sentence,
        "marked": mark_answer(text, row.data) if text else None,
    }


def _review_context(bank: Bank) -> dict:
    article = _article(bank)
    drafts = [_item(row, article) for row in _drafts(bank)]
    served = sum(
        1
        for row in db.session.scalars(
            select(Question).where(Question.bank_id == bank.id, Question.active)
        )
        if not row.data.get("draft")
    )
    return {
        "bank": bank,
        "drafts": drafts,
        "served": served,
        "article": article,
        "editable": in_folder(bank.path) is not None,
        "file": shown_path(bank.path),
        "form": ActionForm(),
        "describe_answer": describe_answer,
    }


@bp.get("/<slug>/review")
@teacher_required
def review_drafts(slug: str):
    """List the bank's draft questions, each with its source sentence and answer marked."""
    bank = bank_or_404(slug)
    return render("authoring/review.html", **_review_context(bank))


def _answer_action(slug: str, key: str, change, done: str):
    """Approve or discard one draft; htmx gets that draft's block, others a redirect."""
    bank = bank_or_404(slug, change=True)
    if not ActionForm().validate_on_submit():
        abort(400)
    row = _draft_row(bank, key)
    prompt = row.data.get("prompt", key) if row is not None else key
    problems = edit_file(bank, lambda data: change(data, key))
    message = " ".join(problems) if problems else done.format(prompt=prompt)
    if wants_fragment():
        bank = bank_or_404(slug)
        row = _draft_row(bank, key) if problems else None
        return render_template(
            "authoring/_draft_done.html",
            key=key,
            item=_item(row, _article(bank)) if row is not None else None,
            bank=bank,
            message=message,
            error=message if problems else None,
            form=ActionForm(),
            editable=True,
            describe_answer=describe_answer,
        )
    flash(message, "error" if problems else "info")
    return redirect(url_for("authoring.review_drafts", slug=slug), 303)


def _draft_row(bank: Bank, key: str) -> Question | None:
    return db.session.scalar(
        select(Question).where(Question.bank_id == bank.id, Question.key == key, Question.active)
    )


@bp.post("/<slug>/review/<key>/approve")
@teacher_required
def approve_draft(slug: str, key: str):
    """Approve a draft question: students get it from now on."""
    return _answer_action(
        slug, key, bankfiles.approve, "Approved “{prompt}”: students get it from now on."
    )


@bp.post("/<slug>/review/<key>/discard")
@teacher_required
def discard_draft(slug: str, key: str):
    """Remove a draft question from the bank file."""
    return _answer_action(
        slug, key, bankfiles.discard, "Discarded “{prompt}”: it is gone from the bank file."
    )


@bp.route("/<slug>/review/<key>/edit", methods=["GET", "POST"])
@teacher_required
def edit_draft(slug: str, key: str):
    """Edit a draft question's YAML; it stays a draft until approved."""
    bank = bank_or_404(slug, change=True)
    path = in_folder(bank.path)
    if path is None or _draft_row(bank, key) is None:
        abort(404)
    form = EditForm()
    try:
        was_draft = bool(bankfiles.find_question(bankfiles.read_bank(path), key).get("draft"))
    except (OSError, bankfiles.BankEditError) as error:
        problems = getattr(error, "problems", None) or [f"Cannot read {shown_path(path)}."]
        return render("authoring/edit.html", bank=bank, key=key, form=form, problems=problems)
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            question = bankfiles.parse_question(form.question.data, key)
        except bankfiles.BankEditError as error:
            problems = error.problems
        else:
            # A draft stays a draft; a published question stays published.
            problems = edit_file(
                bank,
                lambda data: bankfiles.replace_question(data, key, question, draft=was_draft),
            )
            if not problems:
                return saved(bank, {**question, "draft": True} if was_draft else question)
    elif not form.is_submitted():
        current = bankfiles.find_question(bankfiles.read_bank(path), key)
        form.question.data = bankfiles.question_yaml(current)
    return render("authoring/edit.html", bank=bank, key=key, form=form, problems=problems)
