"""The teacher: start a session from a bank, run it on the projector, download results."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from ..extensions import db
from ..models import Bank, LiveSession, utcnow
from ..quiz.attempts import servable_questions
from ..reports.exports import filename, to_csv
from ..web.access import teacher_required
from ..web.forms import ActionForm
from ..web.htmx import render, wants_fragment
from ..web.qr import qr_svg
from . import bp, game, results
from . import service as svc
from . import stage as stages
from .forms import NewSessionForm


def _own_session_or_403(live_id: int) -> LiveSession:
    """The session, if this teacher runs it: 404 if there is none, 403 for anyone else."""
    live = db.session.get(LiveSession, live_id)
    if live is None:
        abort(404)
    if live.teacher_id != current_user.id:
        abort(403)
    return live


def _new_form(bank: Bank) -> NewSessionForm:
    form = NewSessionForm()
    tags = sorted({tag for row in servable_questions(bank) for tag in row.data.get("tags", [])})
    form.tag.choices = [SelectChoice("", "Any tag")] + [SelectChoice(tag) for tag in tags]
    return form


@bp.route("/new/<slug>", methods=["GET", "POST"])
@teacher_required
def new_session(slug: str):
    """Choose the questions and the timing, then open the lobby."""
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug, Bank.active))
    if bank is None:
        abort(404)
    form = _new_form(bank)
    if form.validate_on_submit():
        try:
            live = svc.create_session(
                current_user.id,
                bank,
                draw=form.draw.data,
                tag=form.tag.data or None,
                seconds=int(form.seconds.data),
                ranking=form.ranking.data,
                now=utcnow(),
            )
        except svc.NoQuestions as error:
            form.tag.errors.append(str(error))
        else:
            return redirect(url_for("live.host", live_id=live.id), 303)
    count = len(servable_questions(bank))
    return render("live/new.html", bank=bank, form=form, question_count=count)


def host_context(live: LiveSession) -> dict:
    join_url = url_for("live.play", pin=live.pin, _external=True)
    return {
        "live": live,
        "stage": stages.stage_of(live, utcnow()),
        "join_url": join_url,
        "qr": qr_svg(join_url, "QR code to join") if live.state == "lobby" else None,
        "form": ActionForm(),
    }


@bp.get("/host/<int:live_id>")
@teacher_required
def host(live_id: int):
    """The projector: PIN and joins in the lobby, then each question, reveal and podium."""
    live = _own_session_or_403(live_id)
    return render("live/host.html", **host_context(live))


@bp.post("/host/<int:live_id>/<any(start, reveal, next, pause, resume, end):action>")
@teacher_required
def control(live_id: int, action: str):
    """Start, reveal, go on, pause, resume or end the session."""
    live = _own_session_or_403(live_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        svc.act(live, action, utcnow())
    except game.NotNow as error:
        flash(str(error), "info")
    return _to_host(live)


@bp.post("/host/<int:live_id>/participants/<int:participant_id>/remove")
@teacher_required
def remove_participant(live_id: int, participant_id: int):
    """Take a participant (an unwanted nickname) out of the session."""
    live = _own_session_or_403(live_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    svc.remove(live, participant_id)
    return _to_host(live)


def _to_host(live: LiveSession):
    if wants_fragment():
        db.session.expire_all()
        return render("live/host.html", "host_panel", **host_context(live))
    return redirect(url_for("live.host", live_id=live.id), 303)


@bp.get("/host/<int:live_id>/results.csv")
@teacher_required
def download_results(live_id: int):
    """The session's results: one row per student, with every answer."""
    live = _own_session_or_403(live_id)
    header, rows = results.result_rows(live)
    name = filename(f"{live.bank.title} live {live.pin}", "results", utcnow().date())
    return Response(
        to_csv(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
