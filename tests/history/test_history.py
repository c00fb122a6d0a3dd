"""The score history page: attempts, scores over time, accuracy per tag, most missed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Bank, Question
from quizapp.reports.scores import learner_history, tag_accuracy
from tests.helpers.answers import ALL_RIGHT
from tests.helpers.app import count_queries, login_as, make_user
from tests.helpers.scores import START, record_attempt


def guest_id(app, client, name: str = "Ada") -> int:
    client.post("/learner", data={"name": name})
    with client.session_transaction() as session:
        return session["learner_id"]


def test_history_asks_a_newcomer_for_a_name(client):
    response = client.get("/history")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/learner?next=")


def test_history_without_attempts_says_so(client):
    client.post("/learner", data={"name": "Ada"})
    page = client.get("/history").get_data(as_text=True)
    assert "No attempts yet." in page
    assert "<svg" not in page


def test_guest_history_shows_attempts_chart_numbers_tags_and_missed(app, client):
    user_id = guest_id(app, client)
    record_attempt(app, user_id, ALL_RIGHT | {"capital": False, "sky": False})
    record_attempt(
        app,
        user_id,
        ALL_RIGHT | {"capital": False},
        started_at=START + dt.timedelta(days=1),
    )
    record_attempt(
        app, user_id, {"capital": True}, started_at=START + dt.timedelta(days=2), finished=False
    )
    page = client.get("/history").get_data(as_text=True)
    # Attempts, newest first, with the unfinished one in progress.
    assert page.index("8 Jan 2024") < page.index("7 Jan 2024") < page.index("6 Jan 2024")
    assert "1 of 1 answered" in page and "in progress" in page
    assert "6 / 8 (75%)" in page and "7 / 8 (87.5%)" in page
    # The chart, with its text alternative, and the same numbers in a table.
    assert 'role="img"' in page and "Scores over time at Sample bank" in page
    assert "2 finished attempts, oldest first: 75% on 6 Jan 2024" in page
    assert "latest 87.5%" in page and "best 87.5%" in page
    assert "<caption>Scores at Sample bank</caption>" in page
    assert "style=" not in page
    # Accuracy per tag: places (capital: wrong twice, right once), numbers (primes), no tag.
    assert "<td>places</td><td>3</td><td>1</td><td>33.3%</td>" in page
    assert "<td>numbers</td><td>2</td><td>2</td><td>100%</td>" in page
    assert "<td>(no tag)</td><td>12</td><td>11</td><td>91.7%</td>" in page
    # Missed most often: capital twice, then sky once, with their prompts.
    assert page.index("Which city is the capital of France?") < page.index(
        "The sky is green on a clear day."
    )
    assert "wrong 2 of 3 times" in page and "wrong 1 of 2 times" in page
    assert "Practise these" in page


def test_tag_accuracy_counts_partial_answers_as_not_right(app, client):
    user_id = guest_id(app, client)
    record_attempt(app, user_id, {"steps": [0, 2, 1], "primes": [0]})
    with app.app_context():
        bank_id = db.session.scalar(select(Bank.id).where(Bank.slug == "sample"))
        tags = {t.tag: t for t in tag_accuracy(user_id)[bank_id]}
    assert tags["numbers"].answered == 1 and tags["numbers"].right == 0
    assert tags["numbers"].fraction_sum == 0.5
    assert tags["(no tag)"].right == 0 and round(tags["(no tag)"].fraction_sum, 4) == 0.3333


def test_history_shows_only_this_learners_attempts(app, client):
    user_id = guest_id(app, client, "Ada")
    record_attempt(app, user_id, ALL_RIGHT)
    other = app.test_client()
    other_id = guest_id(app, other, "Eve")
    record_attempt(app, other_id, {"capital": False})
    mine = client.get("/history").get_data(as_text=True)
    theirs = other.get("/history").get_data(as_text=True)
    assert "8 / 8 (100%)" in mine and "0 / 1 (0%)" not in mine
    assert "0 / 1 (0%)" in theirs and "8 / 8 (100%)" not in theirs


def test_signed_in_account_sees_its_own_history(app, student):
    client, user_id = student
    record_attempt(app, user_id, ALL_RIGHT)
    page = client.get("/history").get_data(as_text=True)
    assert "Sam Student" in page and "8 / 8 (100%)" in page


def test_practise_these_starts_an_attempt_with_the_missed_questions(app, client):
    user_id = guest_id(app, client)
    record_attempt(app, user_id, ALL_RIGHT | {"capital": False, "sky": False})
    response = client.post("/history/banks/sample/practice")
    assert response.status_code == 303
    attempt_id = int(response.headers["Location"].split("/")[2])
    assert response.headers["Location"] == f"/attempts/{attempt_id}/1"
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        keys = {db.session.get(Question, i).key for i in attempt.question_ids}
        assert attempt.user_id == user_id
    assert keys == {"capital", "sky"}


def test_practise_uses_the_current_version_of_an_edited_question(app, client):
    user_id = guest_id(app, client)
    record_attempt(app, user_id, ALL_RIGHT | {"capital": False})
    with app.app_context():
        old = db.session.scalar(select(Question).where(Question.key == "capital"))
        old.active = False
        new = Question(
            bank_id=old.bank_id,
            key="capital",
            digest="new-digest",
            type=old.type,
            position=old.position,
            data=old.data | {"prompt": "Which city is the capital of France today?"},
        )
        db.session.add(new)
        db.session.commit()
        new_id = new.id
    page = client.get("/history").get_data(as_text=True)
    assert "Which city is the capital of France today?" in page
    response = client.post("/history/banks/sample/practice")
    attempt_id = int(response.headers["Location"].split("/")[2])
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).question_ids == [new_id]


def test_a_removed_question_is_listed_but_not_practised(app, client):
    user_id = guest_id(app, client)
    record_attempt(app, user_id, ALL_RIGHT | {"capital": False})
    with app.app_context():
        db.session.scalar(select(Question).where(Question.key == "capital")).active = False
        db.session.commit()
    page = client.get("/history").get_data(as_text=True)
    assert "no longer in the bank" in page
    assert "Practise these" not in page
    response = client.post("/history/banks/sample/practice")
    assert response.status_code == 303 and response.headers["Location"] == "/history"
    assert "Nothing to practise at Sample bank" in client.get("/history").get_data(as_text=True)


def test_practise_edge_cases(app, client):
    assert client.post("/history/banks/sample/practice").headers["Location"].startswith("/learner")
    guest_id(app, client)
    assert client.post("/history/banks/nope/practice").status_code == 404
    assert client.get("/history/banks/sample/practice").status_code == 405
    response = client.post("/history/banks/sample/practice")
    assert response.status_code == 303 and response.headers["Location"] == "/history"


def test_practise_needs_the_csrf_token(csrf_app):
    client = csrf_app.test_client()
    page = client.get("/learner").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/learner", data={"name": "Ada", "csrf_token": token})
    assert client.post("/history/banks/sample/practice").status_code == 400
    response = client.post("/history/banks/sample/practice", data={"csrf_token": token})
    assert response.status_code == 303


def test_history_page_is_the_same_with_hx_request(app, client):
    user_id = guest_id(app, client)
    record_attempt(app, user_id, ALL_RIGHT)
    response = client.get("/history", headers={"HX-Request": "true"})
    assert "<html" in response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]


def test_history_queries_do_not_grow_with_attempts(app):
    user_id = make_user(app, "many")
    record_attempt(app, user_id, ALL_RIGHT | {"capital": False})
    few = count_queries(app, lambda: learner_history(user_id))
    for day in range(1, 8):
        record_attempt(app, user_id, ALL_RIGHT, started_at=START + dt.timedelta(days=day))
    many = count_queries(app, lambda: learner_history(user_id))
    assert few == many <= 4


def test_history_links_work_for_a_signed_in_student(app, student):
    client, user_id = student
    login_as(client, user_id)
    attempt_id = record_attempt(app, user_id, ALL_RIGHT)
    page = client.get("/history").get_data(as_text=True)
    assert f'href="/attempts/{attempt_id}"' in page


def test_a_learner_downloads_only_their_own_data(app, client, learner):
    import csv
    import io

    from tests.helpers.answers import right_form
    from tests.helpers.quiz import spec_and_layout, started

    attempt_id = started(learner)
    spec, layout = spec_and_layout(app, attempt_id, 1)
    learner.answer(attempt_id, 1, right_form(spec, layout))
    other = app.test_client()
    other.post("/learner", data={"name": "Eve"})
    other.post("/banks/sample/attempts")

    def rows(c, what):
        response = c.get(f"/history/export/{what}.csv")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))

    attempts = rows(client, "attempts")
    assert attempts[0][0] == "attempt_id" and [r[0] for r in attempts[1:]] == [str(attempt_id)]
    answers = rows(client, "answers")
    assert len(answers) == 2 and answers[1][4] == "capital" and answers[1][10] == "yes"
    assert rows(client, "review-log") == [rows(client, "review-log")[0]]
    assert len(rows(other, "attempts")) == 2 and len(rows(other, "answers")) == 1
    assert app.test_client().get("/history/export/attempts.csv").status_code == 303


def test_the_review_log_export_has_one_row_per_review(app):
    import datetime as dt

    from quizapp.extensions import db
    from quizapp.models import Bank, CardProgress, ReviewLog, User
    from quizapp.reports import exports

    now = dt.datetime(2024, 1, 6, 9, 30, tzinfo=dt.UTC)
    with app.app_context():
        user = User(display_name="Ada")
        db.session.add(user)
        db.session.flush()
        progress = CardProgress(
            user_id=user.id,
            item_kind="card",
            bank_id=db.session.scalar(db.select(Bank.id)),
            item_key="c1",
            state="review",
            due=now,
        )
        db.session.add(progress)
        db.session.flush()
        db.session.add(
            ReviewLog(
                user_id=user.id,
                progress_id=progress.id,
                rating=3,
                reviewed_at=now,
                state_before="new",
                state_after="review",
                stability_after=2.3,
                difficulty_after=5.1,
                scheduled_seconds=172800,
            )
        )
        db.session.commit()
        rows = list(exports.review_rows(user.id))
    assert rows == [
        [
            "2024-01-06T09:30:00+00:00",
            "sample",
            "card",
            "c1",
            "good",
            "new",
            "review",
            None,
            2.3,
            None,
            5.1,
            172800,
            None,
        ]
    ]
