"""Quiz pages: one question at a time, the summary, a retry of the missed questions."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from ..answering.describe import describe_answer, describe_response
from ..answering.grading import Result, grade
from ..answering.parse import InvalidResponse
from ..answering.review import answer_rows, form_values, marked_choices
from ..extensions import db
from ..models import Answer, Attempt, Question
from ..web.clock import now
from ..web.forms import ActionForm
from ..web.group_commit import attached, run_write
from ..web.htmx import render, wants_fragment
from ..web.learner import current_learner
from . import attempts as svc
from . import bp
from . import storing as store
from .forms import AnswerForm
from .submitting import Submit


def _own_attempt_or_404(attempt_id: int, *, locked: bool = False) -> Attempt:
    """The attempt, if it belongs to this session's learner; 404 for anyone else's.

    locked=True starts the request's write and holds the attempt (storing.begin_write).
    """
    if locked:
        store.begin_write()
    learner = current_learner()
    attempt = store.locked_attempt(attempt_id) if locked else db.session.get(Attempt, attempt_id)
    if attempt is None or learner is None or attempt.user_id != learner.id:
        abort(404)
    return attempt


@bp.get("/attempts/<int:attempt_id>")
def resume_attempt(attempt_id: int):
    """Go to the first unanswered question, or to the results when there is none."""
    attempt = _own_attempt_or_404(attempt_id)
    number = svc.first_unanswered(attempt)
    if attempt.finished_at is None and svc.is_over(attempt, now()):
        store.finish_attempt(attempt, now())
    if attempt.finished_at is None and number is None:
        return redirect(url_for("quiz.confirm_finish", attempt_id=attempt.id), 303)
    if attempt.finished_at is not None:
        return redirect(url_for("quiz.show_summary", attempt_id=attempt.id), 303)
    return redirect(url_for("quiz.show_question", attempt_id=attempt.id, number=number), 303)


def _question_row(attempt: Attempt, number: int) -> Question:
    if not 1 <= number <= len(attempt.question_ids):
        abort(404)
    return db.session.get(Question, attempt.question_ids[number - 1])


def _question_context(attempt: Attempt, number: int) -> dict:
    """Everything the question page shows, read from the database."""
    row = _question_row(attempt, number)
    answers = svc.answers_by_question(attempt)
    answer = answers.get(row.id)
    result = grade(row.spec, answer.response) if answer is not None else None
    answered = svc.numbers_of(attempt, answers)
    return _context(attempt, number, row, answer, result, answered)


def _context(
    attempt: Attempt,
    number: int,
    row: Question,
    answer: Answer | None,
    result: Result | None,
    answered: set[int],
) -> dict:
    """The question page's values from rows already read: no query, no grading."""
    spec = row.spec
    test_mode = attempt.mode == "test"
    finished = attempt.finished_at is not None
    layout = svc.layout_for(attempt, row)
    context = {
        "attempt": attempt,
        "bank": attempt.bank,
        "number": number,
        "total": len(attempt.question_ids),
        "row": row,
        "q": spec,
        "layout": layout,
        "answer": answer,
        "result": result,
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
        attempt.finished_at is not None or svc.is_over(attempt, now())
    ):
        return redirect(url_for("quiz.resume_attempt", attempt_id=attempt.id), 303)
    return render("quiz/question.html", **context)


@bp.post("/attempts/<int:attempt_id>/<int:number>")
def submit_answer(attempt_id: int, number: int):
    """Grade and store an answer; htmx gets the panel and the feedback in place.

    The write runs as a job (quiz/submitting.py) in a group commit: the answer is on disk
    before this view answers. One read of each row and one grade: the fragment shows the
    rows the job read and stored.
    """
    if not AnswerForm().validate_on_submit():
        abort(400)
    learner = current_learner()
    submit = Submit(attempt_id, learner and learner.id, number, request.form, now())
    try:
        done = run_write(submit)
    except InvalidResponse as error:
        context = _question_context(_own_attempt_or_404(attempt_id), number)
        context["error"] = str(error)
        context["values"] = request.form.to_dict(flat=False)
        return render("quiz/question.html", "question_panel", "feedback", "next_step", **context)
    if done.stored.time_is_up:
        flash("Time is up: that answer arrived after the time limit and was not saved.", "error")
        return _redirect(url_for("quiz.show_summary", attempt_id=attempt_id))
    attempt, row = attached(done.attempt), attached(done.row)
    stored = done.stored
    context = _context(attempt, number, row, stored.answer, stored.result, stored.answered)
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
    if attempt.finished_at is not None or svc.is_over(attempt, now()):
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
        store.finish_attempt(attempt, now())
    return _redirect(url_for("quiz.show_summary", attempt_id=attempt.id))
