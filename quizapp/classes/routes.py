"""Teachers create classes; students join them with the class's code."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from ..extensions import limiter
from ..web.access import teacher_required
from ..web.htmx import render
from . import bp
from . import service as svc
from .codes import format_code, normalise_code
from .forms import CreateClassForm, JoinClassForm


@bp.route("/classes/new", methods=["GET", "POST"])
@teacher_required
def create_class():
    """Create a class and show its join code."""
    form = CreateClassForm()
    if form.validate_on_submit():
        school_class = svc.create_class(current_user, form.name.data)
        flash(
            f"Created the class {school_class.name}. Students join it with the code"
            f" {format_code(school_class.join_code)}."
        )
        return redirect(url_for("teacher.show_class", class_id=school_class.id), 303)
    return render("classes/new.html", form=form)


@bp.app_template_filter("join_code")
def join_code_filter(code: str) -> str:
    """Every page shows a join code the same way: two groups of four."""
    return format_code(code)


@bp.route("/classes/join", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@login_required
def join_class():
    """Join a class with the code the teacher gave out."""
    if current_user.is_teacher:
        abort(403)
    form = JoinClassForm()
    if request.method == "GET" and request.args.get("code"):
        # The address on the teacher's projected page carries the code: nothing to type.
        form.code.data = format_code(normalise_code(request.args["code"])[:16])
    if form.validate_on_submit():
        try:
            school_class = svc.join_class(current_user, form.code.data)
        except svc.UnknownCode as unknown:
            form.code.errors.append(
                f"No class has the code {unknown.code}. Check it with your teacher."
            )
        except svc.AlreadyMember as already:
            flash(f"You are already in {already.school_class.name}.")
            return redirect(url_for("auth.account"), 303)
        else:
            flash(f"You joined {school_class.name}.")
            return redirect(url_for("auth.account"), 303)
    return render("classes/join.html", form=form)
