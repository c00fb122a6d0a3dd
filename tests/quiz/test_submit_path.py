"""One answer submit: one grade, and each row read at most once (issue 11).

The statements a submit sends are recorded, and every SELECT is put down to the table it
reads; `grade` is wrapped wherever the quiz imported it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from sqlalchemy import event, select

from quizapp.answering import grading
from quizapp.extensions import db
from quizapp.models import Answer, Attempt
from tests.helpers.answers import right_form, wrong_form
from tests.helpers.app import login_as, make_user
from tests.helpers.cards import T0, Clock
from tests.helpers.quiz import spec_and_layout

FROM = re.compile(r'\bFROM\s+"?(\w+)"?', re.IGNORECASE)


class Recorder:
    """The SELECTs per table and the grade calls of what runs inside `with recorder:`."""

    def __init__(self, app, monkeypatch):
        self.app = app
        self.selects: Counter[str] = Counter()
        self.statements: list[str] = []
        self.grades = 0
        self.active = False
        real = grading.grade

        def counting_grade(*args, **kwargs):
            self.grades += self.active
            return real(*args, **kwargs)

        for module in ("quizapp.quiz.storing", "quizapp.quiz.routes"):
            monkeypatch.setattr(f"{module}.grade", counting_grade)

    def _before(self, conn, cursor, statement, *args):
        self.statements.append(statement)
        if statement.lstrip().upper().startswith("SELECT"):
            match = FROM.search(statement)
            self.selects[match.group(1) if match else "?"] += 1

    def __enter__(self):
        with self.app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._before)
        self.active = True
        return self

    def __exit__(self, *exc):
        self.active = False
        event.remove(self.engine, "before_cursor_execute", self._before)

    def assert_each_row_read_once(self):
        twice = {table: n for table, n in self.selects.items() if n > 1}
        assert not twice, (twice, self.statements)
        assert self.grades == 1, self.grades


@pytest.fixture
def recorder(app, monkeypatch):
    return Recorder(app, monkeypatch)


def _start(learner, **options) -> int:
    learner.name("Ada")
    response = learner.start(**options)
    return int(response.headers["Location"].split("/")[2])


def _submit(app, learner, recorder, attempt_id: int, number: int, make_form, *, htmx=True):
    form = make_form(*spec_and_layout(app, attempt_id, number))
    with recorder:
        response = learner.answer(attempt_id, number, form, htmx=htmx)
    assert response.status_code in (200, 303), response.status_code
    return response


def _answers(app, attempt_id: int) -> list[Answer]:
    with app.app_context():
        return db.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id)).all()


@pytest.mark.parametrize("make_form", [right_form, wrong_form], ids=["right", "wrong"])
def test_a_first_answer_grades_once_and_reads_each_row_once(app, learner, recorder, make_form):
    attempt_id = _start(learner)
    response = _submit(app, learner, recorder, attempt_id, 1, make_form)
    recorder.assert_each_row_read_once()
    assert ("Correct" if make_form is right_form else "Incorrect") in response.get_data(
        as_text=True
    )
    assert len(_answers(app, attempt_id)) == 1
    # The row reads are the learner, the attempt, the question, the attempt's answers,
    # the bank (and, for a miss, the flashcard queue): a handful, not one per use.
    assert sum(recorder.selects.values()) <= 6, recorder.statements


def test_the_last_answer_finishes_the_attempt_without_reading_again(app, learner, recorder):
    attempt_id = _start(learner, draw="1")
    _submit(app, learner, recorder, attempt_id, 1, right_form)
    recorder.assert_each_row_read_once()
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.finished_at is not None
        assert attempt.score == sum(a.points for a in _answers(app, attempt_id)) == 1


def test_a_repeated_practice_answer_grades_the_stored_one_once(app, learner, recorder):
    attempt_id = _start(learner)
    learner.answer(attempt_id, 1, right_form(*spec_and_layout(app, attempt_id, 1)))
    _submit(app, learner, recorder, attempt_id, 1, wrong_form)
    recorder.assert_each_row_read_once()
    answers = _answers(app, attempt_id)
    assert len(answers) == 1 and answers[0].correct  # practice keeps the first answer
    assert not any(s.lstrip().upper().startswith(("INSERT", "UPDATE")) for s in recorder.statements)


def test_a_changed_test_answer_grades_once(app, learner, recorder):
    attempt_id = _start(learner, mode="test")
    learner.answer(attempt_id, 1, right_form(*spec_and_layout(app, attempt_id, 1)))
    _submit(app, learner, recorder, attempt_id, 1, wrong_form)
    recorder.assert_each_row_read_once()
    answers = _answers(app, attempt_id)
    assert len(answers) == 1 and not answers[0].correct  # test mode keeps the last one


def test_a_signed_in_learner_is_read_once(app, client, recorder):
    login_as(client, make_user(app, "reader"))
    attempt_id = int(client.post("/banks/sample/attempts").headers["Location"].split("/")[2])
    form = right_form(*spec_and_layout(app, attempt_id, 1))
    with recorder:
        client.post(f"/attempts/{attempt_id}/1", data=form, headers={"HX-Request": "true"})
    recorder.assert_each_row_read_once()
    assert recorder.selects["user"] == 1


def test_without_javascript_the_submit_still_grades_once(app, learner, recorder):
    attempt_id = _start(learner)
    response = _submit(app, learner, recorder, attempt_id, 1, right_form, htmx=False)
    assert response.status_code == 303
    recorder.assert_each_row_read_once()


# The quiz's clock: app.config["CLOCK"], as the flashcards have


def test_the_quiz_runs_on_the_injected_clock(app, learner):
    app.config["CLOCK"] = clock = Clock(T0)
    attempt_id = _start(learner, time_limit="5")
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.started_at == T0
        assert attempt.deadline == T0 + dt.timedelta(minutes=5)
    form = right_form(*spec_and_layout(app, attempt_id, 1))
    clock.advance(minutes=4)
    assert learner.answer(attempt_id, 1, form).status_code == 303
    [answer] = _answers(app, attempt_id)
    assert answer.answered_at == T0 + dt.timedelta(minutes=4)
    assert answer.time_taken_ms == 4 * 60 * 1000
    # Past the limit and its grace, by the clock alone: the answer is refused.
    clock.advance(minutes=2)
    form = right_form(*spec_and_layout(app, attempt_id, 2))
    response = learner.answer(attempt_id, 2, form)
    assert response.headers["Location"] == f"/attempts/{attempt_id}/summary"
    assert len(_answers(app, attempt_id)) == 1
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).finished_at == T0 + dt.timedelta(minutes=6)
