"""What reviews write: a rating applied once to the version seen, and quiz mistakes queued.

The scheduling itself is quizapp.scheduling's (FSRS); these functions store its results.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import CardProgress, Question, ReviewLog, StudySettings
from ..scheduling import CardState, review

DEFAULTS = {"desired_retention": 0.9, "new_cards_per_day": 20, "keyboard_shortcuts": True}


def settings_for(user_id: int) -> StudySettings:
    """Return the learner's settings, or an unsaved row holding the defaults."""
    return db.session.get(StudySettings, user_id) or StudySettings(user_id=user_id, **DEFAULTS)


def state_of(progress: CardProgress) -> CardState:
    return CardState(
        state=progress.state,
        step=progress.step,
        stability=progress.stability,
        difficulty=progress.difficulty,
        due=progress.due,
        last_review=progress.last_review,
        reps=progress.reps,
        lapses=progress.lapses,
    )


def state_columns(state: CardState) -> dict:
    return {
        "state": state.state,
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": state.due,
        "last_review": state.last_review,
        "reps": state.reps,
        "lapses": state.lapses,
    }


def queue_mistake(user_id: int, question: Question, now: dt.datetime) -> None:
    """Queue a question missed in a quiz, due now, unless the learner already has it queued.

    Called inside the quiz's transaction: this adds the row and leaves the commit to it.
    """
    fields = {
        "user_id": user_id,
        "item_kind": "question",
        "bank_id": question.bank_id,
        "item_key": question.key,
    }
    if db.session.scalar(select(CardProgress.id).filter_by(**fields)) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(
                CardProgress(**fields, **state_columns(CardState.new(now)), created_at=now)
            )
    except IntegrityError:
        pass  # queued by a concurrent request


def rate(
    progress: CardProgress,
    seen_version: int,
    rating: int,
    now: dt.datetime,
    *,
    desired_retention: float,
    duration_ms: int | None = None,
) -> ReviewLog | None:
    """Apply a rating to the version the learner saw; None, and nothing stored, if stale.

    The update only matches the row while its version is the one seen, so of two tabs (or
    a double submit) rating the same version, exactly one review is stored.
    """
    if progress.version != seen_version:
        return None
    before = state_of(progress)
    outcome = review(
        before, rating, now, desired_retention=desired_retention, duration_ms=duration_ms
    )
    changed = db.session.execute(
        update(CardProgress)
        .where(CardProgress.id == progress.id, CardProgress.version == seen_version)
        .values(**state_columns(outcome.new_state), version=CardProgress.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        return None
    log = ReviewLog(
        user_id=progress.user_id,
        progress_id=progress.id,
        rating=outcome.rating,
        reviewed_at=outcome.reviewed_at,
        state_before=outcome.state_before,
        state_after=outcome.state_after,
        stability_before=outcome.stability_before,
        stability_after=outcome.stability_after,
        difficulty_before=outcome.difficulty_before,
        difficulty_after=outcome.difficulty_after,
        scheduled_seconds=outcome.scheduled_seconds,
        duration_ms=outcome.duration_ms,
    )
    db.session.add(log)
    db.session.commit()
    return log
