"""Quiz pages: one question at a time, the summary, a retry of the missed questions."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..answering.describe import describe_answer, describe_response
from ..answering.grading import grade
from ..answering.parse import InvalidResponse, parse_response
from ..extensions import db
from ..models import Answer, Attempt, Question, utcnow
from ..planning import weakest_tag
from ..reports.classes import teaches
from ..web.forms import ActionForm
from ..web.htmx import render, wants_fragment
from ..web.learner import current_learner
from . import attempts as svc
from . import bp
from .forms import AnswerForm


def _own_attempt_or_404(attempt_id: int) -> Attempt:
    """The attempt, if it belongs to this session's learner; 404 for anyone else's."""
    learner = current_learner()
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or learner is None or attempt.user_id != learner.id:
        abort(404)
    return attempt


def _reviewable_attempt_or_404(attempt_id: int) -> tuple[Attempt, bool]:
    """The attempt and whether it is shown read-only: the learner's own, or a finished
    attempt of a student in one of the signed-in teacher's classes."""
    learner = current_learner()
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is not None and learner is not None and attempt.user_id == learner.id:
        return attempt, False
    if (
        attempt is not None
        and attempt.finished_at is not None
        and current_user.is_authenticated
        and current_user.is_teacher
        and teaches(current_user.id, attempt.user_id)
    ):
        return attempt, True
    abort(404)


@bp.get("/attempts/<int:attempt_id>")
def resume_attempt(attempt_id: int):
    """Go to the first unanswered question, or to the results when there is none."""
    attempt = _own_attempt_or_404(attempt_id)
    number = svc.first_unanswered(attempt)
    if attempt.finished_at is None and svc.is_over(attempt, utcnow()):
        svc.finish_attempt(attempt, utcnow())
    if attempt.finished_at is not None or number is None:
        return redirect(url_for("quiz.show_summary", attempt_id=attempt.id), 303)
    return redirect(url_for("quiz.show_question", attempt_id=attempt.id, number=number), 303)


def _question_context(attempt: Attempt, number: int, answer: Answer | None = None) -> dict:
    if not 1 <= number <= len(attempt.question_ids):
        abort(404)
    row = db.session.get(Question, attempt.question_ids[number - 1])
    spec = row.spec
    if answer is None:
        answer = db.session.scalar(
            select(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id == row.id)
        )
    context = {
        "attempt": attempt,
        "bank": attempt.bank,
        "number": number,
        "total": len(attempt.question_ids),
        "row": row,
        "q": spec,
        "layout": svc.layout_for(attempt, row),
        "answer": answer,
        "result": None,
        "error": None,
        "form": AnswerForm(),
        "finish_form": ActionForm(),
        "show_feedback": attempt.mode == "practice",
    }
    if answer is not None:
        context["result"] = grade(spec, answer.response)
        context["your_answer"] = describe_response(spec, answer.response)
        context["right_answer"] = describe_answer(spec)
    return context


@bp.get("/attempts/<int:attempt_id>/<int:number>")
def show_question(attempt_id: int, number: int):
    """Show one question: the form before answering, the feedback after."""
    attempt = _own_attempt_or_404(attempt_id)
    context = _question_context(attempt, number)
    if context["answer"] is None and (
        attempt.finished_at is not None or svc.is_over(attempt, utcnow())
    ):
        return redirect(url_for("quiz.resume_attempt", attempt_id=attempt.id), 303)
    return render("quiz/question.html", **context)


@bp.post("/attempts/<int:attempt_id>/<int:number>")
def submit_answer(attempt_id: int, number: int):
    """Grade and store an answer; htmx gets the panel and the feedback in place."""
    attempt = _own_attempt_or_404(attempt_id)
    context = _question_context(attempt, number)
    if not context["form"].validate_on_submit():
        abort(400)
    if context["answer"] is None:
        try:
            response = parse_response(context["q"], context["layout"], request.form)
            # The fragment shows what this request has just stored: keep the rows it loaded
            # after the commit rather than read attempt, question and bank again.
            session = db.session()
            session.expire_on_commit = False
            try:
                stored, _ = svc.submit_answer(attempt, context["row"], number, response, utcnow())
            finally:
                session.expire_on_commit = True
        except InvalidResponse as error:
            context["error"] = str(error)
            return render(
                "quiz/question.html", "question_panel", "feedback", "next_step", **context
            )
        except svc.TimeIsUp:
            flash(
                "Time is up: that answer arrived after the time limit and was not saved.",
                "error",
            )
            return _redirect(url_for("quiz.show_summary", attempt_id=attempt.id))
        context = _question_context(attempt, number, answer=stored)
    return _after_answer(context, attempt, number)


def _after_answer(context: dict, attempt: Attempt, number: int):
    if wants_fragment():
        return render("quiz/question.html", "question_panel", "feedback", "next_step", **context)
    return redirect(url_for("quiz.show_question", attempt_id=attempt.id, number=number), 303)


def _redirect(location: str):
    """A redirect that htmx follows as a full navigation."""
    if wants_fragment():
        return "", 204, {"HX-Redirect": location}
    return redirect(location, 303)


@bp.post("/attempts/<int:attempt_id>/finish")
def finish_attempt(attempt_id: int):
    """End an attempt now; unanswered questions score nothing."""
    attempt = _own_attempt_or_404(attempt_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if attempt.finished_at is None:
        svc.finish_attempt(attempt, utcnow())
    return _redirect(url_for("quiz.show_summary", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/summary")
def show_summary(attempt_id: int):
    """Show the score and every question with the learner's answer and the right one."""
    attempt, read_only = _reviewable_attempt_or_404(attempt_id)
    if attempt.finished_at is None:
        if svc.is_over(attempt, utcnow()):
            svc.finish_attempt(attempt, utcnow())
        else:
            return redirect(url_for("quiz.resume_attempt", attempt_id=attempt.id), 303)
    answers = svc.answers_by_question(attempt)
    items = []
    for number, row in enumerate(svc.attempt_questions(attempt), start=1):
        spec = row.spec
        answer = answers.get(row.id)
        items.append(
            {
                "number": number,
                "q": spec,
                "answer": answer,
                "your_answer": describe_response(spec, answer.response) if answer else None,
                "right_answer": describe_answer(spec),
            }
        )
    missed = svc.missed_question_ids(attempt)
    weakest = weakest_tag(
        [(item["q"].tags, item["answer"].fraction if item["answer"] else 0.0) for item in items]
    )
    return render(
        "quiz/summary.html",
        attempt=attempt,
        bank=attempt.bank,
        items=items,
        missed=missed,
        weakest=weakest,
        form=ActionForm(),
        read_only=read_only,
    )


@bp.post("/attempts/<int:attempt_id>/retry")
def retry_missed(attempt_id: int):
    """Start a new attempt with just the questions this one missed."""
    attempt = _own_attempt_or_404(attempt_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    missed = svc.missed_question_ids(attempt)
    options = svc.StartOptions(mode=attempt.mode, shuffle_choices=attempt.shuffle_choices)
    try:
        new = svc.start_attempt(
            attempt.user, attempt.bank, options, utcnow(), only=missed, kind="retry"
        )
    except svc.NoQuestions:
        flash("Nothing to retry: every question was answered correctly.", "info")
        return redirect(url_for("quiz.show_summary", attempt_id=attempt.id), 303)
    return redirect(url_for("quiz.show_question", attempt_id=new.id, number=1), 303)
