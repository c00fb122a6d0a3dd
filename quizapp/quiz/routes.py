"""Quiz pages: one question at a time, the summary, a retry of the missed questions."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from sqlalchemy import select

from ..answering.describe import describe_answer, describe_response
from ..answering.grading import grade
from ..answering.parse import InvalidResponse, parse_response
from ..answering.review import answer_rows, form_values, marked_choices
from ..extensions import db
from ..models import Answer, Attempt, Question, utcnow
from ..web.forms import ActionForm
from ..web.htmx import render, wants_fragment
from ..web.learner import current_learner
from . import attempts as svc
from . import bp
from . import storing as store
from .forms import AnswerForm


def _own_attempt_or_404(attempt_id: int) -> Attempt:
    """The attempt, if it belongs to this session's learner; 404 for anyone else's."""
    learner = current_learner()
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or learner is None or attempt.user_id != learner.id:
        abort(404)
    return attempt


@bp.get("/attempts/<int:attempt_id>")
def resume_attempt(attempt_id: int):
    """Go to the first unanswered question, or to the results when there is none."""
    attempt = _own_attempt_or_404(attempt_id)
    number = svc.first_unanswered(attempt)
    if attempt.finished_at is None and svc.is_over(attempt, utcnow()):
        store.finish_attempt(attempt, utcnow())
    if attempt.finished_at is None and number is None:
        return redirect(url_for("quiz.confirm_finish", attempt_id=attempt.id), 303)
    if attempt.finished_at is not None:
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
    test_mode = attempt.mode == "test"
    finished = attempt.finished_at is not None
    layout = svc.layout_for(attempt, row)
    answered = svc.answered_numbers(attempt)
    context = {
        "attempt": attempt,
        "bank": attempt.bank,
        "number": number,
        "total": len(attempt.question_ids),
        "row": row,
        "q": spec,
        "layout": layout,
        "answer": answer,
        "result": None,
        "error": None,
        "form": AnswerForm(),
        "finish_form": ActionForm(),
        "test_mode": test_mode,
        "finished": finished,
        "show_feedback": not test_mode or finished,
        # Test mode keeps the form, filled in, until the attempt is finished.
        "editable": answer is None or (test_mode and not finished),
        "values": {},
        "marks": [],
        "rows": [],
        "answered": answered,
        "flagged": set(attempt.flagged or []),
    }
    if answer is not None:
        result = grade(spec, answer.response)
        context["result"] = result
        context["your_answer"] = describe_response(spec, answer.response)
        context["right_answer"] = describe_answer(spec)
        context["values"] = form_values(spec, layout, answer.response)
        context["marks"] = marked_choices(spec, layout, answer.response)
        context["rows"] = answer_rows(spec, answer.response, result)
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
    if context["answer"] is None or context["editable"]:
        try:
            response = parse_response(context["q"], context["layout"], request.form)
            # The fragment shows what this request has just stored: keep the rows it loaded
            # after the commit rather than read attempt, question and bank again.
            session = db.session()
            session.expire_on_commit = False
            try:
                stored, _ = store.submit_answer(attempt, context["row"], number, response, utcnow())
            finally:
                session.expire_on_commit = True
        except InvalidResponse as error:
            context["error"] = str(error)
            context["values"] = request.form.to_dict(flat=False)
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
        return render(
            "quiz/question.html",
            "question_panel",
            "feedback",
            "next_step",
            "navigator",
            "progress",
            saved=True,
            **context,
        )
    return redirect(url_for("quiz.show_question", attempt_id=attempt.id, number=number), 303)


@bp.post("/attempts/<int:attempt_id>/<int:number>/flag")
def toggle_flag(attempt_id: int, number: int):
    """Flag a question for review before finishing, or take the flag off."""
    attempt = _own_attempt_or_404(attempt_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not 1 <= number <= len(attempt.question_ids):
        abort(404)
    if attempt.finished_at is None:
        store.toggle_flag(attempt, number)
    if wants_fragment():
        context = _question_context(attempt, number)
        return render("quiz/question.html", "flag_toggle", "navigator", **context)
    return redirect(url_for("quiz.show_question", attempt_id=attempt.id, number=number), 303)


@bp.get("/attempts/<int:attempt_id>/finish")
def confirm_finish(attempt_id: int):
    """List what is unanswered and flagged before the learner submits everything."""
    attempt = _own_attempt_or_404(attempt_id)
    if attempt.finished_at is not None or svc.is_over(attempt, utcnow()):
        return redirect(url_for("quiz.resume_attempt", attempt_id=attempt.id), 303)
    answered = svc.answered_numbers(attempt)
    total = len(attempt.question_ids)
    return render(
        "quiz/finish.html",
        attempt=attempt,
        bank=attempt.bank,
        total=total,
        answered=answered,
        unanswered=[n for n in range(1, total + 1) if n not in answered],
        flagged=sorted(set(attempt.flagged or [])),
        form=ActionForm(),
    )


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
        store.finish_attempt(attempt, utcnow())
    return _redirect(url_for("quiz.show_summary", attempt_id=attempt.id))
