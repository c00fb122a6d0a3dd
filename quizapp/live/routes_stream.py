"""Server-sent events: the projector and every phone hear of changes as they happen.

A stream holds no database connection while it waits; it is woken by the broker, reads
what changed (the stage is read once per version and process, see service.shared_stage)
and sends the fragment the page swaps in with htmx's SSE extension. Under `quizapp serve`
each open stream holds one thread of a gthread worker (see README, "Live sessions"); a
worker keeps a reserve of threads free for everything else (LIVE_MAX_STREAMS).
"""

from __future__ import annotations

import time

from flask import Response, abort, current_app, request, stream_with_context
from jinja2_fragments.flask import render_block

from ..extensions import db
from ..models import LiveSession, utcnow
from ..web.learner import current_learner
from . import bp
from . import service as svc
from . import stage as stages
from .routes import _session_or_404, pin_guesses
from .routes_host import _own_session_or_403, host_context

KEEPALIVE_SECONDS = 15
# A stream ends after this long and the browser opens a new one (EventSource reconnects):
# threads of vanished phones are freed even when no write ever fails.
STREAM_SECONDS = 600
RETRY_MS = 2000


def sse(event: str, data: str, event_id: str | None = None) -> str:
    """One event in the text/event-stream format; every line of `data` gets its prefix."""
    lines = [f"event: {event}"]
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines += [f"data: {line}" for line in data.splitlines() or [""]]
    return "\n".join(lines) + "\n\n"


def _stream(live_id: int, kinds: tuple[str, ...], send) -> Response:
    """Subscribe before reading anything, so no change slips between the read and the wait."""
    broker = svc.broker()
    limit = current_app.config.get("LIVE_MAX_STREAMS") or 0
    if limit and broker.count() >= limit:
        # Every thread but the reserve holds a stream: answers must still get through.
        # The browser's EventSource tries again after a while (htmx's SSE extension backs off).
        return Response("busy", status=503, headers={"Retry-After": "5"})
    subscription = broker.subscribe(live_id, kinds)

    @stream_with_context
    def generate():
        with subscription:
            try:
                yield f"retry: {RETRY_MS}\n\n"
                yield from send(set(kinds), first=True, version=0)
                db.session.remove()
                ends = time.monotonic() + STREAM_SECONDS
                while time.monotonic() < ends:
                    changed = subscription.wait(KEEPALIVE_SECONDS)
                    if not changed:
                        yield ": still here\n\n"
                        continue
                    yield from send(changed, first=False, version=subscription.version)
                    db.session.remove()
            finally:
                db.session.remove()

    return Response(
        generate(),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def player_key(stage: stages.Stage, participant_id: int, removed: bool = False) -> str:
    """What decides a phone's panel: a change of anything else is not sent to phones."""
    removed = int(removed or participant_id in stage.removed)
    return f"{stage.state}.{stage.paused_state or ''}.{stage.position}.{removed}"


@bp.get("/<pin>/events")
@pin_guesses
def player_events(pin: str):
    """The phone's stream: its panel whenever the question, the reveal or the state changes."""
    live = _session_or_404(pin, taken_part=True)
    learner = current_learner()
    participant = svc.participant_of(live, learner.id if learner else None)
    if participant is None:
        abort(404)
    participant_id, live_id = participant.id, live.id
    # The browser names the last panel it got when it reconnects; the page, the first.
    last = {"key": request.headers.get("Last-Event-ID") or request.args.get("k", "")}

    def send(_changed, *, first, version):
        if first:  # read afresh: this phone may have answered since any shared read
            fresh = db.session.get(LiveSession, live_id)
            participant_now = svc.participant_of(fresh, learner.id)
            context = _player_context(fresh, participant_now, utcnow())
            key = player_key(context["stage"], participant_id, participant_now.removed)
        else:
            stage = stages.shared_stage(live_id, utcnow(), version)
            if stage is None:
                return
            key = player_key(stage, participant_id)
            context = {"stage": stage, "participant_id": participant_id, "pin": pin}
            context["participant"] = None
        if key == last["key"]:
            return
        last["key"] = key
        html = render_block("live/play.html", "live_panel", **_defaults(context, participant_id))
        yield sse("panel", html, key)
        if context["stage"].state == "ended":
            yield sse("close", "")  # the last panel: htmx (sse-close) does not reconnect

    return _stream(live_id, ("state",), send)


def _player_context(live, participant, now):
    from .routes import _player_context as build

    return build(live, participant, now)


def _defaults(context: dict, participant_id: int) -> dict:
    from ..web.forms import ActionForm

    context.setdefault("form", ActionForm())
    context["participant_id"] = participant_id
    context["fragment"] = True
    return context


@bp.get("/host/<int:live_id>/events")
def host_events(live_id: int):
    """The projector's stream: the panel on state changes, joins, and the answer count."""
    from flask_login import current_user

    if not (current_user.is_authenticated and current_user.is_teacher):
        abort(403)
    live = _own_session_or_403(live_id)
    live_id = live.id

    def send(changed, *, first, version):
        if first:
            return  # the page was rendered just now
        fresh = db.session.get(LiveSession, live_id)
        if fresh is None:
            return
        context = host_context(fresh)
        context["fragment"] = True
        if "state" in changed:
            yield sse("panel", render_block("live/host.html", "host_panel", **context))
            yield sse("people", render_block("live/host.html", "people", **context))
            if fresh.state == "ended":
                yield sse("close", "")
            return
        if "people" in changed:
            yield sse("people", render_block("live/host.html", "people", **context))
        if "count" in changed:
            yield sse("count", render_block("live/host.html", "answer_count", **context))

    return _stream(live_id, ("state", "count", "people"), send)
