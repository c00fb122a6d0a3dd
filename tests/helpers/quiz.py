"""Drive a quiz as a learner in the test client."""

from __future__ import annotations

from quizapp.extensions import db
from quizapp.models import Attempt, Question
from quizapp.quiz import attempts as svc


def started(learner, **options) -> int:
    learner.name("Ada")
    response = learner.start(**options)
    assert response.status_code == 303
    return int(response.headers["Location"].split("/")[2])


def spec_and_layout(app, attempt_id: int, number: int):
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        row = db.session.get(Question, attempt.question_ids[number - 1])
        return row.spec, svc.layout_for(attempt, row)
