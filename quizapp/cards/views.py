"""Study settings and review statistics, the learner's own and a class's."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Class, Membership, User
from ..reports import reviews as stats
from ..reports.charts import review_charts
from ..web.access import teacher_required
from ..web.clock import now as clock
from ..web.htmx import render
from ..web.learner import current_learner, require_learner
from . import bp, queue, reviews
from .forms import SettingsForm


@bp.route("/study/settings", methods=["GET", "POST"])
@require_learner
def edit_settings():
    """Show and change desired retention, new cards per day and keyboard shortcuts."""
    learner = current_learner()
    settings = reviews.settings_for(learner.id)
    form = SettingsForm(obj=settings)
    if form.validate_on_submit():
        form.populate_obj(settings)
        db.session.add(settings)
        db.session.commit()
        flash("Study settings saved.", "info")
        return redirect(url_for("cards.edit_settings"), 303)
    return render("cards/settings.html", form=form)


@bp.get("/study/stats")
@require_learner
def show_stats():
    """Show the learner's reviews, retention, card states and due forecast."""
    learner = current_learner()
    report = stats.report(select(User.id).where(User.id == learner.id), clock())
    return render(
        "cards/stats.html",
        report=report,
        charts=review_charts(report, "you"),
        unseen=queue.unseen_count(learner.id),
        school_class=None,
    )


@bp.get("/teacher/classes/<int:class_id>/study-stats")
@teacher_required
def class_stats(class_id: int):
    """Show a class's flashcard statistics, every member's reviews together."""
    school_class = db.session.get(Class, class_id)
    if school_class is None or school_class.teacher_id != current_user.id:
        abort(404)
    members = select(Membership.user_id).where(Membership.class_id == class_id)
    report = stats.report(members, clock())
    return render(
        "cards/stats.html",
        report=report,
        charts=review_charts(report, school_class.name),
        unseen=None,
        school_class=school_class,
        member_count=db.session.scalar(select(db.func.count()).select_from(members.subquery())),
    )
