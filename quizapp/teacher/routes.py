"""Teacher pages: classes, a class's results, a student's history, item analysis, exports.

Every view is for signed-in teachers only and sees only the teacher's own classes: another
teacher's class, or a student outside the class, is "not found".
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Bank, Class, User, utcnow
from ..reports import exports as csv_export
from ..reports.charts import score_chart
from ..reports.classes import class_overview, is_member, teacher_classes
from ..reports.items import analyse_bank
from ..reports.scores import learner_history
from ..web.access import teacher_required
from ..web.htmx import render, wants_fragment
from . import bp
from .forms import ExtraTimeForm, factor_label

BAD_FACTOR = "Choose one of the amounts of extra time in the list, then press Save."


def _own_class_or_404(class_id: int) -> Class:
    school_class = db.session.get(Class, class_id)
    if school_class is None or school_class.teacher_id != current_user.id:
        abort(404)
    return school_class


def _student_or_404(school_class: Class, user_id: int) -> User:
    student = db.session.get(User, user_id)
    if student is None or not is_member(school_class.id, user_id):
        abort(404)
    return student


@bp.get("/")
@teacher_required
def list_classes():
    """List the teacher's classes with student counts and join codes."""
    return render("teacher/classes.html", classes=teacher_classes(current_user.id))


def _overview(school_class: Class, *, failed: tuple[int, ExtraTimeForm] | None = None, **ctx):
    overview = class_overview(school_class.id)
    forms = {
        s.id: ExtraTimeForm(formdata=None, factor=s.extra_time, current=s.extra_time)
        for s in overview.students
    }
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render(
        "teacher/class.html",
        "extra_time_status",
        school_class=school_class,
        overview=overview,
        forms=forms,
        **ctx,
    )


@bp.get("/classes/<int:class_id>")
@teacher_required
def show_class(class_id: int):
    """Show each student's latest and best score per bank, and who has not started."""
    return _overview(_own_class_or_404(class_id))


@bp.post("/classes/<int:class_id>/students/<int:user_id>/extra-time")
@teacher_required
def set_extra_time(class_id: int, user_id: int):
    """Set how many times the time limit a student gets."""
    school_class = _own_class_or_404(class_id)
    student = _student_or_404(school_class, user_id)
    form = ExtraTimeForm(current=student.extra_time)
    if not form.validate_on_submit():
        form.factor.errors = [BAD_FACTOR]
        message = f"Extra time for {student.display_name} was not changed. {BAD_FACTOR}"
        return _overview(school_class, failed=(student.id, form), status=message, error=True)
    student.extra_time = form.factor.data
    db.session.commit()
    message = f"Extra time for {student.display_name}: {factor_label(student.extra_time)}."
    if wants_fragment():
        return render("teacher/class.html", "extra_time_status", status=message, error=False)
    flash(message, "info")
    return redirect(url_for("teacher.show_class", class_id=class_id), 303)


@bp.get("/classes/<int:class_id>/students/<int:user_id>")
@teacher_required
def show_student(class_id: int, user_id: int):
    """Show a student's score history, as the student sees it."""
    school_class = _own_class_or_404(class_id)
    student = _student_or_404(school_class, user_id)
    return render(
        "history/attempts.html",
        learner=student,
        history=learner_history(student.id),
        score_chart=score_chart,
        own=False,
        school_class=school_class,
    )


@bp.get("/classes/<int:class_id>/banks/<slug>/analysis")
@teacher_required
def item_analysis(class_id: int, slug: str):
    """Show facility, discrimination and response counts per question of a bank."""
    school_class = _own_class_or_404(class_id)
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
    if bank is None:
        abort(404)
    return render(
        "teacher/analysis.html",
        school_class=school_class,
        bank=bank,
        analysis=analyse_bank(school_class.id, bank),
    )


def _csv(school_class: Class, what: str, header: list[str], rows) -> Response:
    name = csv_export.filename(school_class.name, what, utcnow().date())
    return Response(
        csv_export.to_csv(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/classes/<int:class_id>/export/attempts.csv")
@teacher_required
def export_attempts(class_id: int):
    """Download every attempt of the class's students as CSV."""
    school_class = _own_class_or_404(class_id)
    return _csv(
        school_class,
        "attempts",
        csv_export.ATTEMPT_HEADER,
        csv_export.attempt_rows(school_class.id),
    )


@bp.get("/classes/<int:class_id>/export/answers.csv")
@teacher_required
def export_answers(class_id: int):
    """Download every answer of the class's students as CSV."""
    school_class = _own_class_or_404(class_id)
    return _csv(
        school_class, "answers", csv_export.ANSWER_HEADER, csv_export.answer_rows(school_class.id)
    )
