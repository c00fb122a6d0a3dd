"""Score history of the learner of this session."""

from flask import Response, abort, flash, redirect, url_for
from sqlalchemy import select

from ..extensions import db
from ..models import Bank, utcnow
from ..quiz import attempts as svc
from ..reports import exports
from ..reports.charts import score_chart
from ..reports.scores import learner_history, most_missed
from ..web.forms import ActionForm
from ..web.htmx import render
from ..web.learner import current_learner, require_learner
from . import bp


@bp.get("/history")
@require_learner
def list_attempts():
    """Show this learner's attempts, scores over time, accuracy per tag and most missed."""
    learner = current_learner()
    return render(
        "history/attempts.html",
        learner=learner,
        history=learner_history(learner.id),
        score_chart=score_chart,
        own=True,
        form=ActionForm(),
    )


@bp.post("/history/banks/<slug>/practice")
@require_learner
def practise_missed(slug: str):
    """Start an attempt with the questions this learner missed most often at a bank."""
    learner = current_learner()
    if not ActionForm().validate_on_submit():
        abort(400)
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug, Bank.active))
    if bank is None:
        abort(404)
    missed = most_missed(learner.id).get(bank.id, [])
    ids = [item.current_id for item in missed if item.current_id is not None]
    try:
        if not ids:
            raise svc.NoQuestions()
        attempt = svc.start_attempt(
            learner, bank, svc.StartOptions(mode="practice"), utcnow(), only=ids
        )
    except svc.NoQuestions:
        flash(
            f"Nothing to practise at {bank.title}: no missed question is still in the bank.", "info"
        )
        return redirect(url_for("history.list_attempts"), 303)
    return redirect(url_for("quiz.show_question", attempt_id=attempt.id, number=1), 303)


def _own_csv(what: str, header: list[str], rows_for) -> Response:
    """Send the learner's own rows as a CSV download."""
    learner = current_learner()
    name = exports.filename(learner.display_name, what, utcnow().date())
    return Response(
        exports.to_csv(header, rows_for(learner.id)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/history/export/attempts.csv")
@require_learner
def export_attempts():
    """Download this learner's attempts as CSV."""
    return _own_csv(
        "attempts", exports.ATTEMPT_HEADER, lambda uid: exports.attempt_rows(user_id=uid)
    )


@bp.get("/history/export/answers.csv")
@require_learner
def export_answers():
    """Download this learner's answers as CSV."""
    return _own_csv("answers", exports.ANSWER_HEADER, lambda uid: exports.answer_rows(user_id=uid))


@bp.get("/history/export/review-log.csv")
@require_learner
def export_reviews():
    """Download this learner's flashcard review log as CSV."""
    return _own_csv("review-log", exports.REVIEW_HEADER, exports.review_rows)
