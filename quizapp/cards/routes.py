"""The study screen: one item at a time, revealed, rated or answered in place.

A missed quiz question comes back as a question, answered with the quiz's controls and
graded as in the quiz. A right answer is then rated Hard, Good or Easy by the learner; a
wrong (or partly right) one is rated Again at once, since the learner did not recall it,
and the feedback shows with a link to the next item. Between the answer and the rating
the graded answer waits in the session, so a plain form post can redirect (303) to the page
that shows it, and a rating of a question needs a right answer first.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, request, session, url_for
from sqlalchemy import select

from ..answering.describe import describe_answer, describe_response
from ..answering.grading import grade
from ..answering.parse import InvalidResponse, parse_response
from ..extensions import db
from ..models import Bank, User
from ..scheduling import RATINGS, format_interval
from ..web.clock import now as clock
from ..web.htmx import render, wants_fragment
from ..web.learner import current_learner, require_learner
from . import bp, items, queue, reviews
from .forms import RatingForm, StudyAnswerForm

ANSWER_KEY = "study_answer"
STALE = "This card was already rated in another tab; here is the next one."
GONE = "That item is no longer in its bank; here is the next one."
BLOCKS = ("study_card", "study_progress", "feedback")


def study_url(scope: Bank | None, **params) -> str:
    if scope is None:
        return url_for("cards.study", **params)
    return url_for("cards.study_bank", bank_slug=scope.slug, **params)


def _scope(slug: str | None) -> Bank | None:
    """The bank a study screen is limited to; an unknown slug in a form means all banks."""
    if not slug:
        return None
    return db.session.scalar(select(Bank).where(Bank.slug == slug, Bank.listed))


@bp.app_context_processor
def study_due_counts():
    """Let any page show what is due: study_due() for all banks, study_due(bank) for one."""

    def study_due(bank: Bank | None = None) -> int:
        learner = current_learner()
        if learner is None:
            return 0
        return queue.due_count(learner.id, clock(), bank.id if bank is not None else None)

    def study_card_count(bank: Bank) -> int:
        return queue.card_count(bank.id)

    return {"study_due": study_due, "study_card_count": study_card_count}


@bp.get("/study")
@require_learner
def study():
    """Show the next item due in any bank."""
    return _study(None)


@bp.get("/study/banks/<bank_slug>")
@require_learner
def study_bank(bank_slug: str):
    """Show the next item due in one bank."""
    scope = _scope(bank_slug)
    if scope is None:
        abort(404)
    return _study(scope)


def _study(scope: Bank | None):
    learner = current_learner()
    now = clock()
    item_id = request.args.get("item", type=int)
    if item_id is None:
        return _next(learner, scope, now, ahead=request.args.get("ahead") == "1")
    item = queue.own_progress(learner.id, item_id)
    if item is None or not queue.is_servable(item) or (scope and item.bank_id != scope.id):
        abort(404)
    return _page(learner, scope, now, item=item, reveal=request.args.get("reveal") == "1")


def _next(learner: User, scope: Bank | None, now: dt.datetime, *, ahead=False, message=""):
    """Render what comes next: an answer waiting for its rating, a due item, or ahead."""
    pending = _pending_answer(learner, scope)
    if pending is not None:
        return _page(learner, scope, now, item=pending[0], answered=pending[1], message=message)
    settings = reviews.settings_for(learner.id)
    bank_id = scope.id if scope else None
    item = queue.next_item(learner.id, now, settings.new_cards_per_day, bank_id)
    if item is None and ahead:
        item = queue.soonest_item(learner.id, bank_id)
    return _page(learner, scope, now, item=item, ahead=ahead and item is not None, message=message)


def _pending_answer(learner: User, scope: Bank | None):
    """The answered question waiting in the session, with its record; shown once if rated."""
    record = session.get(ANSWER_KEY)
    if not isinstance(record, dict) or not isinstance(record.get("progress_id"), int):
        return None
    progress = queue.own_progress(learner.id, record["progress_id"])
    if progress is not None and scope is not None and progress.bank_id != scope.id:
        return None  # it waits for the study screen it was answered on
    fresh = (
        progress is not None
        and queue.is_servable(progress)
        and (record.get("rated") or progress.version == record.get("version"))
    )
    if not fresh or record.get("rated"):
        session.pop(ANSWER_KEY, None)
    return (progress, record) if fresh else None


def _page(learner, scope, now, *, item=None, reveal=False, ahead=False, answered=None, **extra):
    settings = reviews.settings_for(learner.id)
    bank_id = scope.id if scope else None
    context = {
        "scope": scope,
        "settings": settings,
        "counts": queue.counts(learner.id, now, settings.new_cards_per_day, bank_id),
        "item": item,
        "ahead": ahead,
        "side": "front",
        "rate_form": RatingForm(),
        "answer_form": StudyAnswerForm(),
        "study_url": study_url,
        "message": "",
        "error": None,
        "now": now,
    } | extra
    if item is None:
        soonest = queue.soonest_item(learner.id, bank_id)
        context["next_due"] = soonest.due if soonest else None
    elif item.item_kind == "card":
        context |= {"card": items.current_card(item).data, "bank": item.bank}
        if reveal:
            context["side"] = "back"
            context["buttons"] = items.rating_buttons(item, now, settings.desired_retention)
    else:
        spec = items.current_question(item).spec
        context |= {"q": spec, "layout": items.layout(spec, item), "number": item.id}
        context["bank"] = item.bank
        if answered is not None:
            context |= _answered(spec, item, answered, now, settings.desired_retention)
            context["message"] = context["message"] or context["verdict_message"]
    return render("cards/study.html", *BLOCKS, **context)


def _answered(spec, item, record: dict, now: dt.datetime, retention: float) -> dict:
    result = grade(spec, record["response"])
    context = {
        "side": "answered",
        "result": result,
        "your_answer": describe_response(spec, record["response"]),
        "right_answer": describe_answer(spec),
        "rated": bool(record.get("rated")),
        "interval": record.get("interval", "1 min"),
    }
    if context["rated"]:
        context["verdict_message"] = (
            f"{'Partly correct' if result.partial else 'Incorrect'}. Rated Again:"
            f" it comes back in {context['interval']}."
        )
    else:
        context["buttons"] = items.rating_buttons(item, now, retention, ratings=(2, 3, 4))
        context["verdict_message"] = "Correct. Rate how easily you recalled it."
    return context


def _after(learner: User, scope: Bank | None, now: dt.datetime, message: str):
    """Answer a post: the next item in place for htmx, else a redirect to the study page."""
    if wants_fragment():
        return _next(learner, scope, now, message=message)
    flash(message, "info")
    return redirect(study_url(scope), 303)


def _own_item(form):
    """The learner's item named by a posted form: 400 if malformed, 404 if not theirs."""
    if not form.validate_on_submit():
        abort(400)
    learner = current_learner()
    progress = queue.own_progress(learner.id, form.progress_id.data) if learner else None
    if progress is None:
        abort(404)
    return learner, progress, _scope(form.bank.data)


@bp.post("/study/rate")
def rate_item():
    """Store a rating for the version of the item the learner saw, then show the next one."""
    form = RatingForm()
    learner, progress, scope = _own_item(form)
    now = clock()
    rating, seen = form.rating.data, form.version.data
    if progress.version != seen:
        return _after(learner, scope, now, STALE)
    if progress.item_kind == "question":
        record = session.get(ANSWER_KEY)
        answered = (
            isinstance(record, dict)
            and record.get("progress_id") == progress.id
            and record.get("version") == seen
            and not record.get("rated")
        )
        if not answered or rating == 1:
            return _after(learner, scope, now, "Answer the question first, then rate it.")
    settings = reviews.settings_for(learner.id)
    log = reviews.rate(progress, seen, rating, now, desired_retention=settings.desired_retention)
    if log is None:
        return _after(learner, scope, now, STALE)
    session.pop(ANSWER_KEY, None)
    interval = format_interval(dt.timedelta(seconds=log.scheduled_seconds))
    return _after(learner, scope, now, f"Rated {RATINGS[rating]}: it comes back in {interval}.")


@bp.post("/study/answer")
def answer_question():
    """Grade an answer to a queued question; a wrong one is rated Again at once."""
    form = StudyAnswerForm()
    learner, progress, scope = _own_item(form)
    if progress.item_kind != "question":
        abort(404)
    now = clock()
    if progress.version != form.version.data:
        return _after(learner, scope, now, STALE)
    if not queue.is_servable(progress):
        return _after(learner, scope, now, GONE)
    spec = items.current_question(progress).spec
    try:
        response = parse_response(spec, items.layout(spec, progress), request.form)
    except InvalidResponse as error:
        return _page(learner, scope, now, item=progress, error=str(error), message=str(error))
    record = {"progress_id": progress.id, "version": progress.version, "response": response}
    if not grade(spec, response).correct:
        settings = reviews.settings_for(learner.id)
        log = reviews.rate(
            progress, form.version.data, 1, now, desired_retention=settings.desired_retention
        )
        if log is None:
            return _after(learner, scope, now, STALE)
        interval = format_interval(dt.timedelta(seconds=log.scheduled_seconds))
        record |= {"rated": True, "interval": interval}
    if wants_fragment():
        if not record.get("rated"):
            session[ANSWER_KEY] = record
        return _page(learner, scope, now, item=progress, answered=record)
    session[ANSWER_KEY] = record
    return redirect(study_url(scope), 303)
