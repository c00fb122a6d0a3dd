""" "Finish" racing the last answer: the score is always the sum of the stored answers
(issue 18, finding 2). Two requests with separate sessions and connections, 50 times."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Answer, Attempt
from tests.helpers.answers import right_form
from tests.helpers.quiz import spec_and_layout
from tests.test_scaleout import run_together

TRIALS = 50
# The draw option keeps each trial short: two questions, the second one raced.
DRAW = "2"


def test_finish_racing_the_last_answer_leaves_a_score_that_adds_up(app):
    tab = app.test_client()
    tab.post("/learner", data={"name": "Racer"})
    other = app.test_client()
    other.set_cookie("session", tab.get_cookie("session").value)
    for trial in range(TRIALS):
        started = tab.post("/banks/sample/attempts", data={"mode": "test", "draw": DRAW})
        attempt_id = int(started.headers["Location"].split("/")[2])
        tab.post(f"/attempts/{attempt_id}/1", data=right_form(*spec_and_layout(app, attempt_id, 1)))
        last = right_form(*spec_and_layout(app, attempt_id, 2))

        # Small, varying head starts for the answer, so that both orders come up.
        delay = (trial % 5) * 0.002

        def race(index: int, attempt_id=attempt_id, last=last, delay=delay) -> int:
            if index == 0:
                return tab.post(f"/attempts/{attempt_id}/2", data=last).status_code
            time.sleep(delay)
            return other.post(f"/attempts/{attempt_id}/finish").status_code

        statuses = run_together(race, 2)
        assert all(isinstance(s, int) and s < 500 for s in statuses), (trial, statuses)
        with app.app_context():
            attempt = db.session.get(Attempt, attempt_id)
            points = db.session.scalars(
                select(Answer.points).where(Answer.attempt_id == attempt_id)
            ).all()
            assert attempt.finished_at is not None
            assert attempt.score == sum(points), (
                f"trial {trial}: score {attempt.score}, stored answers {points}"
            )
            db.session.remove()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == TRIALS
