"""Quiz pages before an attempt: the bank list, the learner's name, a bank and its options."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import SelectChoice
from wtforms.validators import Optional

from ..extensions import db
from ..models import WHOLE_BANK, Attempt, Bank, BankProblem, Question
from ..web.access import safe_next
from ..web.clock import now
from ..web.htmx import render
from ..web.learner import current_learner, start_learner
from . import attempts as svc
from . import bp
from .forms import LearnerForm, StartForm


def _bank_or_404(slug: str) -> Bank:
    # Teachers see a drafted bank before any question is approved; students do not.
    teacher = current_user.is_authenticated and current_user.is_teacher
    rule = Bank.listed if teacher else Bank.takeable()
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug, rule))
    if bank is None:
        abort(404)
    return bank


@bp.get("/")
def list_banks():
    """List the banks a learner can take."""
    banks = db.session.scalars(select(Bank).where(Bank.takeable()).order_by(Bank.title)).all()
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
                Attempt.kind == WHOLE_BANK,
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
        continuing=_continuing(learner),
    )


def _continuing(learner, bank: Bank | None = None) -> list[dict]:
    """The learner's attempts in progress, each with the question to continue at."""
    if learner is None:
        return []
    found = []
    for attempt in svc.in_progress(learner, now(), bank):
        answered = svc.answered_numbers(attempt)
        number = svc.next_number(attempt, answered)
        found.append({"attempt": attempt, "number": number, "total": len(attempt.question_ids)})
    return found


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
    fixed = svc.StartOptions.from_settings(bank.settings)
    if fixed.mode == "test":
        form.mode.choices = [choice for choice in form.mode.choices if choice.value == "test"]
    if fixed.time_limit_minutes:
        form.time_limit.description = (
            f"This bank sets the time limit: {fixed.time_limit_minutes:g} minutes."
        )
        # Whatever is sent, the bank's limit applies (attempts.enforced).
        form.time_limit.validators = [Optional()]
        form.time_limit.render_kw = {"readonly": True}
    if request.method == "GET":
        defaults = fixed
        form.mode.data = defaults.mode
        form.shuffle_questions.data = defaults.shuffle_questions
        form.keep_order.data = not defaults.shuffle_choices
        form.draw.data = defaults.draw
        form.tag.data = defaults.tag or request.args.get("tag", "")
        form.time_limit.data = defaults.time_limit_minutes
    return form


def _shuffle_choices(bank: Bank, form: StartForm) -> bool:
    """Shuffle as the bank says; only a teacher may ask for the written order."""
    if current_user.is_authenticated and current_user.is_teacher:
        return not form.keep_order.data
    return svc.StartOptions.from_settings(bank.settings).shuffle_choices


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
        continuing=_continuing(learner, bank),
    )


@bp.post("/banks/<slug>/attempts")
def start_attempt(slug: str):
    """Start an attempt with the chosen options; a new guest gives a name in the same form."""
    bank = _bank_or_404(slug)
    learner = current_learner()
    if learner is None and "name" not in request.form:
        # A form from before the name field was part of it: ask for the name on its page.
        return redirect(url_for("quiz.set_learner", next=url_for("quiz.show_bank", slug=slug)), 303)
    form = _start_form(bank)
    valid = form.validate_on_submit()
    name = (form.name.data or "").strip()
    if learner is None and not name:
        form.name.errors = [*form.name.errors, "Type the name to show on your scores."]
        valid = False
    if not valid:
        return render(
            "quiz/bank.html",
            bank=bank,
            form=form,
            learner=learner,
            question_count=len(svc.servable_questions(bank)),
            history=[],
            continuing=[],
        )
    if learner is None:
        learner = start_learner(name)
    options = svc.StartOptions(
        mode=form.mode.data,
        shuffle_questions=form.shuffle_questions.data,
        shuffle_choices=_shuffle_choices(bank, form),
        draw=form.draw.data,
        tag=form.tag.data or None,
        time_limit_minutes=form.time_limit.data,
    )
    try:
        attempt = svc.start_attempt(learner, bank, options, now())
    except svc.NoQuestions as error:
        flash(str(error), "error")
        return redirect(url_for("quiz.show_bank", slug=slug), 303)
    return redirect(url_for("quiz.show_question", attempt_id=attempt.id, number=1), 303)


@bp.get("/problems")
def list_problems():
    """Send old links to the teachers' bank page, which lists the problems now."""
    return redirect(url_for("authoring.list_banks", _anchor="problems"), 301)
