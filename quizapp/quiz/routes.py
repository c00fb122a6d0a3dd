"""Quiz pages: one question at a time, the summary, a retry of the missed questions."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..answering.describe import describe_answer, describe_response
from ..answering.grading import grade
from ..answering.parse import InvalidResponse, parse_response
from ..answering.review import answer_rows, form_values, marked_choices
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
                stored, _ = svc.submit_answer(attempt, context["row"], number, response, utcnow())
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
        svc.toggle_flag(attempt, number)
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
        layout = svc.layout_for(attempt, row)
        response = answer.response if answer else None
        items.append(
            {
                "number": number,
                "q": spec,
                "answer": answer,
                "your_answer": describe_response(spec, answer.response) if answer else None,
                "right_answer": describe_answer(spec),
                "marks": marked_choices(spec, layout, response),
                "rows": answer_rows(spec, response, grade(spec, response)) if answer else [],
            }
        )
    missed = svc.missed_question_ids(attempt)
    weakest = weakest_tag(
        [(item["q"].tags, item["answer"].fraction if item["answer"] else 0.0) for item in items]
    )
    only_missed = request.args.get("show") == "missed"
    shown = [i for i in items if not (i["answer"] and i["answer"].correct)]
    shown = shown if only_missed else items
    return render(
        "quiz/summary.html",
        attempt=attempt,
        bank=attempt.bank,
        items=items,
        shown=shown,
        only_missed=only_missed,
        counts=_score_counts(items),
        time_up=attempt.deadline is not None and attempt.finished_at >= attempt.deadline,
        missed=missed,
        weakest=weakest,
        form=ActionForm(),
        read_only=read_only,
    )


def _score_counts(items: list[dict]) -> dict[str, int]:
    answers = [item["answer"] for item in items]
    return {
        "right": sum(1 for a in answers if a and a.correct),
        "partly": sum(1 for a in answers if a and not a.correct and a.points > 0),
        "wrong": sum(1 for a in answers if a and not a.correct and a.points <= 0),
        "unanswered": sum(1 for a in answers if a is None),
    }


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
