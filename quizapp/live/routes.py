"""Students: type the PIN, give a nickname, answer on the phone."""

from __future__ import annotations

import contextlib

from flask import abort, g, redirect, request, url_for

from ..answering.parse import InvalidResponse
from ..extensions import db, limiter
from ..models import LiveSession, utcnow
from ..web.forms import ActionForm
from ..web.htmx import render, wants_fragment
from ..web.learner import current_learner, start_learner
from . import answers, bp, game
from . import service as svc
from . import stage as stages
from .forms import JoinForm, PinForm

# Wrong PINs from one address: after 20, every PIN is refused until the window passes.
pin_guesses = limiter.shared_limit(
    "20 per 15 minutes", scope="live-pin", deduct_when=lambda _response: g.get("wrong_pin", False)
)


def _session_or_404(pin: str, *, taken_part: bool = False) -> LiveSession:
    """The open session of this PIN (or, with `taken_part`, an ended one this learner was
    in); a wrong or finished PIN counts against the address."""
    live = None
    if game.clean_pin(pin) == pin:
        learner = current_learner() if taken_part else None
        live = svc.session_for(pin, learner.id if learner else None)
    if live is None:
        g.wrong_pin = True
        abort(404, "pin")
    return live


@bp.route("", methods=["GET", "POST"])
@pin_guesses
def enter_pin():
    """Ask for the PIN shown on the projector."""
    form = PinForm()
    if form.validate_on_submit():
        pin = game.clean_pin(form.pin.data)
        if pin is not None and svc.open_session(pin) is not None:
            return redirect(url_for("live.play", pin=pin), 303)
        g.wrong_pin = True
        form.pin.errors.append(
            "No live session has this PIN. Check the 6 digits on the projector; a session that"
            " has ended no longer takes its PIN."
        )
    return render("live/enter.html", form=form)


def _player_context(live: LiveSession, participant, now) -> dict:
    stage = stages.stage_of(live, now, people=False)
    context = {
        "stage": stage,
        "participant": participant,
        "participant_id": participant.id if participant else None,
        "nickname": participant.nickname if participant else "",
        "removed": bool(participant and participant.removed),
        "pin": live.pin,
        "form": ActionForm(),
    }
    if participant is not None and stage.question is not None:
        context["acknowledged"] = answers.own_answer(live, participant) is not None
    return context


@bp.get("/<pin>")
@pin_guesses
def play(pin: str):
    """The student's screen: join first, then the current question or its answer."""
    live = _session_or_404(pin, taken_part=True)
    learner = current_learner()
    participant = svc.participant_of(live, learner.id if learner else None)
    if participant is None:
        form = JoinForm()
        if learner is not None:
            form.nickname.data = learner.display_name[: game.NICKNAME_MAX]
        return render("live/join.html", live=live, form=form, learner=learner)
    return render("live/play.html", **_player_context(live, participant, utcnow()))


@bp.post("/<pin>/join")
@pin_guesses
def join_session(pin: str):
    """Join under a nickname (a signed-in student may keep their name)."""
    live = _session_or_404(pin)
    form = JoinForm()
    learner = current_learner()
    if not form.validate_on_submit():
        abort(400)
    try:
        nickname = game.clean_nickname(form.nickname.data)
    except ValueError as error:
        form.nickname.errors.append(str(error))
        return render("live/join.html", live=live, form=form, learner=learner)
    if learner is None:
        learner = start_learner(nickname)
    with contextlib.suppress(svc.Removed):  # the play page says so
        svc.join(live, learner.id, nickname, utcnow())
    return redirect(url_for("live.play", pin=pin), 303)


@bp.post("/<pin>/answer")
@pin_guesses
def submit_answer(pin: str):
    """Store the answer once and lock it; htmx gets the panel in place."""
    live = _session_or_404(pin, taken_part=True)
    learner = current_learner()
    participant = svc.participant_of(live, learner.id if learner else None)
    if participant is None:
        return redirect(url_for("live.play", pin=pin), 303)
    if not ActionForm().validate_on_submit():
        abort(400)
    error = None
    now = utcnow()
    try:
        answers.submit(live, participant, request.form, now)
    except InvalidResponse as problem:
        error = str(problem)
    except svc.Closed:
        error = "Time is up: that answer came after the question closed and was not saved."
    except svc.Removed:
        pass
    if wants_fragment() or error:
        db.session.expire_all()
        context = _player_context(live, participant, now)
        context["error"] = error
        return render("live/play.html", "live_panel", **context)
    return redirect(url_for("live.play", pin=pin), 303)
