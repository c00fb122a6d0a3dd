"""Score history of the learner of this session."""

from flask import redirect, url_for
from sqlalchemy import func, select

from ..extensions import db
from ..htmx import render
from ..learner import current_learner
from ..models import Answer, Attempt
from . import bp


@bp.get("/history")
def list_attempts():
    """List this learner's attempts with date, bank, score and time taken."""
    learner = current_learner()
    if learner is None:
        return redirect(url_for("quiz.set_learner", next=url_for("history.list_attempts")), 303)
    answered = (
        select(Answer.attempt_id, func.count().label("answered"))
        .group_by(Answer.attempt_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Attempt, func.coalesce(answered.c.answered, 0))
        .outerjoin(answered, answered.c.attempt_id == Attempt.id)
        .where(Attempt.user_id == learner.id)
        .order_by(Attempt.started_at.desc())
    ).all()
    return render("history/attempts.html", learner=learner, rows=rows)
