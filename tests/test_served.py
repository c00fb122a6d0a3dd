"""A draft question never reaches a learner: quiz, retry, practise, study queue, summary, exports.

Every query that serves questions uses Question.served (models/__init__.py); the flashcard
queue uses models.study.servable, which applies the same rule to missed quiz questions.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

BANK = """\
id: served
title: Served rule
source: {{title: A text, author: An Author, published: 2024-01-06}}
questions:
{questions}
"""
QUESTION = """\
  - id: {key}
    type: single
    prompt: Question {key}?
    explanation: Because.
    source: 1
    draft: {draft}
    choices:
      - text: Right {key}
        correct: true
      - text: Wrong {key}
"""


def write_bank(app, drafts: set[str]) -> None:
    """Write the bank with questions a, b, c (those in `drafts` marked draft) and import it."""
    from quizapp.library.sync import sync_folder

    questions = "".join(
        QUESTION.format(key=key, draft="true" if key in drafts else "false") for key in "abc"
    )
    folder = Path(app.config["QUESTIONS_DIR"])
    (folder / "served.yaml").write_text(BANK.format(questions=questions))
    with app.app_context():
        report = sync_folder(folder)
        assert not report.problems


def attempt_keys(app, attempt_id: int) -> list[str]:
    from quizapp.extensions import db
    from quizapp.models import Attempt, Question

    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        rows = db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids)))
        return sorted(row.key for row in rows)


def started(response) -> int:
    assert response.status_code == 303, response.status_code
    return int(re.search(r"/attempts/(\d+)", response.headers["Location"]).group(1))


@pytest.fixture
def missed_everything(app, learner):
    """A learner who took the bank while only c was a draft and got every question wrong."""
    write_bank(app, drafts={"c"})
    learner.name("Ada")
    attempt_id = started(learner.start("served"))
    assert attempt_keys(app, attempt_id) == ["a", "b"]
    for number in (1, 2):
        learner.answer(attempt_id, number, {"answer": "1"})  # slot 1: the wrong choice
    # Now the author turns a back into a draft: it must disappear from every path.
    write_bank(app, drafts={"a", "c"})
    return attempt_id


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
