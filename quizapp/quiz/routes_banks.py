"""Quiz pages before an attempt: the bank list, the learner's name, a bank and its options."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import SelectChoice

from ..extensions import db
from ..models import Attempt, Bank, BankProblem, Question, utcnow
from ..web.access import safe_next
from ..web.htmx import render
from ..web.learner import current_learner, require_learner, start_learner
from . import attempts as svc
from . import bp
from .forms import LearnerForm, StartForm


def _bank_or_404(slug: str) -> Bank:
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug, Bank.listed))
    if bank is None:
        abort(404)
    return bank


@bp.get("/")
def list_banks():
    """List the banks a learner can take."""
    banks = db.session.scalars(select(Bank).where(Bank.listed).order_by(Bank.title)).all()
    counts = dict(
        db.session.execute(
            select(Question.bank_id, func.count()).where(Question.served).group_by(Question.bank_id)
        ).all()
    )
    best: dict[int, float] = {}
    learner = current_learner()
    if learner is not None:
        rows = db.session.execute(
            select(Attempt.bank_id, func.max(Attempt.score * 100.0 / Attempt.max_score))
            .where(
                Attempt.user_id == learner.id,
                Attempt.finished_at.is_not(None),
                Attempt.max_score > 0,
                Attempt.kind == svc.WHOLE_BANK,
            )
            .group_by(Attempt.bank_id)
        ).all()
        best = {bank_id: round(percent, 1) for bank_id, percent in rows}
    problem_count = 0
    if current_user.is_authenticated and current_user.is_teacher:
        problem_count = db.session.scalar(select(func.count()).select_from(BankProblem))
    return render(
        "quiz/banks.html",
        banks=banks,
        counts=counts,
        best=best,
        learner=learner,
        problem_count=problem_count,
    )


@bp.route("/learner", methods=["GET", "POST"])
def set_learner():
    """Ask for the display name that scores are kept under; an account's own name changes."""
    form = LearnerForm()
    next_url = safe_next(request.values.get("next"), url_for("quiz.list_banks"))
    if form.validate_on_submit():
        name = form.name.data.strip()
        if current_user.is_authenticated:
            current_user.display_name = name
            db.session.commit()
            flash(f"Your name is now {name}.", "info")
        else:
            start_learner(name)
        return redirect(next_url, code=303)
    learner = current_user if current_user.is_authenticated else current_learner()
    if request.method == "GET" and learner is not None:
        form.name.data = learner.display_name
    return render("quiz/learner.html", form=form, next_url=next_url)


def _start_form(bank: Bank) -> StartForm:
    form = StartForm()
    tags = sorted({tag for row in svc.servable_questions(bank) for tag in row.data.get("tags", [])})
    form.tag.choices = [SelectChoice("", "Any tag")] + [SelectChoice(tag) for tag in tags]
    if request.method == "GET":
        defaults = svc.StartOptions.from_settings(bank.settings)
        form.mode.data = defaults.mode
        form.shuffle_questions.data = defaults.shuffle_questions
        form.shuffle_choices.data = defaults.shuffle_choices
        form.draw.data = defaults.draw
        form.tag.data = defaults.tag or request.args.get("tag", "")
        form.time_limit.data = defaults.time_limit_minutes
    return form


@bp.get("/banks/<slug>")
def show_bank(slug: str):
    """Show a bank and the options for starting it."""
    bank = _bank_or_404(slug)
    learner = current_learner()
    history = []
    if learner is not None:
        history = db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == learner.id, Attempt.bank_id == bank.id)
            .order_by(Attempt.started_at.desc())
            .limit(10)
        ).all()
    return render(
        "quiz/bank.html",
        bank=bank,
        form=_start_form(bank),
        learner=learner,
        question_count=len(svc.servable_questions(bank)),
        history=history,
    )


@bp.post("/banks/<slug>/attempts")
@require_learner
def start_attempt(slug: str):
    """Start an attempt with the chosen options."""
    bank = _bank_or_404(slug)
    learner = current_learner()
    form = _start_form(bank)
    if not form.validate_on_submit():
        return render(
            "quiz/bank.html",
            bank=bank,
            form=form,
            learner=learner,
            question_count=len(svc.servable_questions(bank)),
            history=[],
        )
    options = svc.StartOptions(
        mode=form.mode.data,
        shuffle_questions=form.shuffle_questions.data,
        shuffle_choices=form.shuffle_choices.data,
        draw=form.draw.data,
        tag=form.tag.data or None,
        time_limit_minutes=form.time_limit.data,
    )
    try:
        attempt = svc.start_attempt(learner, bank, options, utcnow())
    except svc.NoQuestions as error:
        flash(str(error), "error")
        return redirect(url_for("quiz.show_bank", slug=slug), 303)
    return redirect(url_for("quiz.show_question", attempt_id=attempt.id, number=1), 303)


@bp.get("/problems")
def list_problems():
    """Send old links to the teachers' bank page, which lists the problems now."""
    return redirect(url_for("authoring.list_banks", _anchor="problems"), 301)
