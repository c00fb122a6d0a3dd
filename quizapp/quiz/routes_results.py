"""Results: the summary of a finished attempt (read-only for the student's teacher), retry."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from ..answering.describe import describe_answer, describe_response
from ..answering.grading import grade
from ..answering.review import answer_rows, marked_choices
from ..extensions import db
from ..models import Attempt
from ..planning import weakest_tag
from ..reports.classes import teaches
from ..web.clock import now
from ..web.forms import ActionForm
from ..web.htmx import render
from ..web.learner import current_learner
from . import attempts as svc
from . import bp
from . import storing as store
from .routes import _own_attempt_or_404


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


@bp.get("/attempts/<int:attempt_id>/summary")
def show_summary(attempt_id: int):
    """Show the score and every question with the learner's answer and the right one."""
    attempt, read_only = _reviewable_attempt_or_404(attempt_id)
    if attempt.finished_at is None:
        if svc.is_over(attempt, now()):
            store.finish_attempt(attempt, now())
        else:
            return redirect(url_for("quiz.resume_attempt", attempt_id=attempt.id), 303)
    answers = svc.answers_by_question(attempt)
    items = []
    for number, row in enumerate(svc.attempt_questions(attempt), start=1):
        spec = row.spec
        answer = answers.get(row.id)
        layout = svc.layout_for(attempt, row)
        response = answer.response if answer else None
        # A test shows its key only as the bank allows; the student's teacher always sees it.
        key = read_only or svc.shows_answer_key(attempt, answer is not None, bool(answers))
        items.append(
            {
                "number": number,
                "q": spec,
                "answer": answer,
                "your_answer": describe_response(spec, answer.response) if answer else None,
                "right_answer": describe_answer(spec) if key else None,
                "marks": marked_choices(spec, layout, response) if key else [],
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
            attempt.user, attempt.bank, options, now(), only=missed, kind="retry"
        )
    except svc.NoQuestions:
        flash("Nothing to retry: every question was answered correctly.", "info")
        return redirect(url_for("quiz.show_summary", attempt_id=attempt.id), 303)
    return redirect(url_for("quiz.show_question", attempt_id=new.id, number=1), 303)
