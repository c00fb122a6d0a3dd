"""A draft question never reaches a learner: quiz, retry, practise, study queue, summary, exports.

Every query that serves questions uses Question.served (models/__init__.py); the flashcard
queue uses models.study.servable, which applies the same rule to missed quiz questions.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from tests.helpers.served import attempt_keys, started


def test_the_quiz_serves_no_draft(app, learner, missed_everything):
    assert attempt_keys(app, started(learner.start("served"))) == ["b"]
    page = learner.client.get("/").get_data(as_text=True)
    assert re.search(r"Served rule.*?1 question\b", page, re.S), "the bank list counts drafts"


def test_retry_serves_no_draft(app, learner, missed_everything):
    from quizapp.extensions import db
    from quizapp.models import Attempt
    from quizapp.quiz import attempts as svc

    with app.app_context():
        missed = svc.missed_question_ids(db.session.get(Attempt, missed_everything))
    assert len(missed) == 1  # the summary offers b alone
    response = learner.client.post(f"/attempts/{missed_everything}/retry")
    assert attempt_keys(app, started(response)) == ["b"]


def test_practice_serves_no_draft(app, learner, missed_everything):
    response = learner.client.post("/history/banks/served/practice")
    assert attempt_keys(app, started(response)) == ["b"]


def test_the_study_queue_serves_no_draft(app, learner, missed_everything):
    from quizapp.cards import queue
    from quizapp.extensions import db
    from quizapp.models import Attempt, CardProgress

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with app.app_context():
        user_id = db.session.get(Attempt, missed_everything).user_id
        queued = db.session.scalars(select(CardProgress.item_key)).all()
        assert sorted(queued) == ["a", "b"]  # both were missed and queued for study
        assert queue.due_count(user_id, later) == 1
        served = []
        while (item := queue.next_item(user_id, later, per_day=20)) is not None:
            served.append(item.item_key)
            item.due = later + dt.timedelta(days=30)  # as if studied
            db.session.commit()
        assert served == ["b"]
        assert not any(
            queue.is_servable(row)
            for row in db.session.scalars(select(CardProgress).where(CardProgress.item_key == "a"))
        )


def test_exports_and_history_show_no_draft(app, learner, missed_everything):
    answers = learner.client.get("/history/export/answers.csv").get_data(as_text=True)
    assert ",a," in answers and ",b," in answers  # what the learner did answer
    assert ",c," not in answers
    history = learner.client.get("/history").get_data(as_text=True)
    assert "Question c?" not in history
