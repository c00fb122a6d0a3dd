"""One answer submit as a write job: plain values in, the rows it read and stored out.

The job runs wherever the write transaction is (web/group_commit.py): on the process's
writer thread, where there is no `request` and `db.session` is the writer's, or in the
request itself. So it takes ids, the posted form and the time, and does its own reads under
the write lock: the attempt (and whose it is), the question, the attempt's answers. The
request renders from the rows it gets back, reading only what they do not hold (the bank).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from werkzeug.exceptions import NotFound

from ..answering.parse import parse_response
from ..extensions import db
from ..models import Attempt, Question
from . import storing
from .attempts import layout_for
from .storing import Stored


@dataclass(frozen=True)
class Submit:
    """What a learner posted: plain values, safe to hand to another thread."""

    attempt_id: int
    learner_id: int | None
    number: int
    form: Mapping
    now: dt.datetime

    def __call__(self) -> Submitted:
        return store_submit(self)


@dataclass(frozen=True)
class Submitted:
    attempt: Attempt
    row: Question
    stored: Stored


def store_submit(submit: Submit) -> Submitted:
    """Read the attempt under the write lock, then grade and store the answer (no commit).

    Raises NotFound for someone else's attempt or a number it does not have, and
    InvalidResponse for a form that gives no answer (only when the answer would be stored).
    """
    attempt = storing.locked_attempt(submit.attempt_id)
    if attempt is None or submit.learner_id is None or attempt.user_id != submit.learner_id:
        raise NotFound()
    if not 1 <= submit.number <= len(attempt.question_ids):
        raise NotFound()
    row = db.session.get(Question, attempt.question_ids[submit.number - 1])
    layout = layout_for(attempt, row)
    stored = storing.submit_answer(
        attempt,
        row,
        submit.number,
        lambda: parse_response(row.spec, layout, submit.form),
        submit.now,
    )
    return Submitted(attempt, row, stored)
