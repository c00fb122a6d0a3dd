"""Flashcard study through the test client, with the study clock moved by hand."""

from __future__ import annotations

import datetime as dt
import re

import fsrs
import pytest
from sqlalchemy import func, select, update

from quizapp.extensions import db
from quizapp.library.sync import sync_folder
from quizapp.models import (
    Card,
    CardProgress,
    Class,
    Membership,
    Question,
    ReviewLog,
    StudySettings,
)
from quizapp.scheduling import CardState, format_interval, preview_intervals, review
from tests.helpers.app import DATA, login_as, make_user
from tests.helpers.cards import HX, T0, Clock, Studier
from tests.oracles import review_stats

STALE = "This card was already rated in another tab; here is the next one."


def review_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ReviewLog))


def set_settings(app, user_id: int, **values) -> None:
    with app.app_context():
        db.session.merge(StudySettings(user_id=user_id, **values))
        db.session.commit()


def learner_id(app, progress_id: int) -> int:
    with app.app_context():
        return db.session.get(CardProgress, progress_id).user_id


# The study screen ----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/study", "/study/banks/flash", "/study/stats", "/study/settings"])
def test_study_pages_ask_for_a_name_first(client, clock, url):
    response = client.get(url)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/learner?next={url}"


def test_front_then_back_through_a_plain_link(ada):
    page = ada.page()
    assert "Front one" in page and "Back one" not in page
    assert "Due now: <strong>0</strong>" in page and "New today: <strong>6</strong>" in page
    progress_id = ada.current()
    back = ada.page(f"/study?item={progress_id}&reveal=1")
    assert "Front one" in back and "Back one" in back
    assert "Source: paragraph 1" in back and "The card text" in back
    expected = preview_intervals(CardState.new(T0), T0)
    for rating, label in ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")):
        assert f"{label} · {format_interval(expected[rating])}" in back
    assert "Good · 2 d" in back
    assert f'name="version" value="{ada.progress(progress_id).version}"' in back


def test_reveal_fragment_for_htmx(ada):
    progress_id = ada.current()
    fragment = ada.page(f"/study?item={progress_id}&reveal=1", headers=HX)
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<section id="study-card"')
    assert "Back one" in fragment and 'data-rating="3"' in fragment
    assert 'id="study-progress"' in fragment and 'hx-swap-oob="true"' in fragment
    full = ada.page(f"/study?item={progress_id}&reveal=1", headers=HX | {"HX-Boosted": "true"})
    assert "<html" in full


def test_card_text_is_escaped(app, ada):
    with app.app_context():
        db.session.execute(update(Card).where(Card.key != "c6").values(active=False))
        db.session.commit()
    page = ada.page()
    assert "&lt;b&gt;Front six&lt;/b&gt;" in page and "<b>Front six" not in page
    back = ada.page(f"/study?item={ada.current()}&reveal=1")
    assert "Back six &amp; &lt;i&gt;more&lt;/i&gt;" in back


def test_good_on_a_new_card_is_not_due_again_the_same_day(app, ada, clock):
    user = learner_id(app, ada.current())
    set_settings(app, user, new_cards_per_day=1)
    progress_id = ada.study_one(3)
    stored = ada.progress(progress_id)
    assert stored.state == "review"
    assert stored.due.date() > T0.date()
    clock.now = T0.replace(hour=23, minute=59)
    page = ada.page()
    assert "Nothing to study now" in page and "Front one" not in page


def test_again_on_a_new_card_is_due_within_minutes(app, ada, clock):
    progress_id = ada.study_one(1)
    stored = ada.progress(progress_id)
    assert stored.state == "learning"
    assert stored.due - T0 == dt.timedelta(minutes=1)
    assert ada.current() != progress_id  # a new card meanwhile
    clock.advance(minutes=1)
    assert ada.current() == progress_id
    assert "Due now: <strong>1</strong>" in ada.page()


def test_stored_state_after_reviews_matches_fsrs(app, ada, clock):
    progress_id = ada.current()
    steps = [(1, 0), (3, 2), (3, 3 * 24 * 60), (1, 9 * 24 * 60), (2, 15), (4, 3 * 24 * 60)]
    expected = CardState.new(T0)
    card, scheduler = (
        fsrs.Card(card_id=0, due=T0),
        fsrs.Scheduler(learning_steps=(dt.timedelta(minutes=1),), enable_fuzzing=False),
    )
    for rating, minutes in steps:
        clock.advance(minutes=minutes)
        assert ada.rate(progress_id, rating).status_code == 303
        expected = review(expected, rating, clock.now).new_state
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), clock.now)
    stored = ada.progress(progress_id)
    assert (stored.state, stored.step, stored.reps, stored.lapses) == (
        expected.state,
        expected.step,
        expected.reps,
        expected.lapses,
    )
    assert stored.due == expected.due == card.due
    assert stored.last_review == expected.last_review
    assert stored.stability == pytest.approx(expected.stability) == pytest.approx(card.stability)
    assert stored.difficulty == pytest.approx(expected.difficulty)
    assert stored.difficulty == pytest.approx(card.difficulty)
    assert stored.lapses == 1 and stored.version == 1 + len(steps)
    with app.app_context():
        logs = db.session.scalars(select(ReviewLog).order_by(ReviewLog.id)).all()
        assert [log.rating for log in logs] == [rating for rating, _ in steps]
        assert logs[0].state_before == "new" and logs[-1].state_after == "review"
        assert logs[-1].scheduled_seconds == round((expected.due - clock.now).total_seconds())


def test_daily_new_card_limit(app, ada, clock):
    set_settings(app, learner_id(app, ada.current()), new_cards_per_day=2)
    first, second = ada.study_one(3), ada.study_one(3)
    assert first != second
    page = ada.page()
    assert "Nothing to study now" in page and "New today: <strong>0</strong>" in page
    assert "Done today: <strong>2</strong>" in page
    clock.now = T0.replace(hour=23, minute=59)
    assert "Nothing to study now" in ada.page()
    clock.now = T0.replace(hour=0) + dt.timedelta(days=1)  # a new UTC day
    page = ada.page()
    assert "Front three" in page and "New today: <strong>2</strong>" in page


def test_study_ahead_reviews_the_item_due_soonest(app, ada, clock):
    set_settings(app, learner_id(app, ada.current()), new_cards_per_day=2)
    first = ada.study_one(4)  # Easy: due in 8 days
    second = ada.study_one(3)  # Good: due in 2 days
    page = ada.page()
    assert "Nothing to study now" in page and "Study ahead" in page
    assert 'href="/study?ahead=1"' in page
    ahead = ada.page("/study?ahead=1")
    assert f"item={second}&amp;reveal=1" in ahead and "studying ahead" in ahead
    from quizapp.cards.reviews import state_of

    expected = review(state_of(ada.progress(second)), 3, T0).new_state
    assert ada.rate(second, 3).status_code == 303
    stored = ada.progress(second)
    assert (stored.reps, stored.due, stored.stability) == (2, expected.due, expected.stability)
    assert ada.progress(first).reps == 1
    fragment = ada.page("/study?ahead=1", headers=HX)
    assert fragment.lstrip().startswith('<section id="study-card"')


def test_empty_queue_without_cards(client, clock):
    Studier(client.application, client)
    page = client.get("/study/banks/sample").get_data(as_text=True)
    assert "There are no flashcards to study yet in this bank" in page
    assert "Study ahead" not in page


def test_bank_scoped_study_and_unknown_bank(ada):
    assert "Front one" in ada.page("/study/banks/flash")
    assert ada.client.get("/study/banks/nope").status_code == 404
    progress_id = ada.current("/study/banks/flash")
    response = ada.rate(progress_id, 3, bank="flash")
    assert response.headers["Location"] == "/study/banks/flash"
    assert ada.client.get(f"/study/banks/sample?item={progress_id}").status_code == 404


def test_rating_with_and_without_htmx(app, ada):
    progress_id = ada.current()
    plain = ada.rate(progress_id, 3)
    assert plain.status_code == 303 and plain.headers["Location"] == "/study"
    assert "Rated Good: it comes back in 2 d." in ada.page()
    fragment = ada.rate(ada.current(), 1, htmx=True)
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in text
    assert text.lstrip().startswith('<section id="study-card"')
    assert "Front three" in text
    assert 'id="feedback"' in text and "Rated Again: it comes back in 1 min." in text
    assert "Done today: <strong>2</strong>" in text
    assert review_count(app) == 2


def test_a_stale_version_changes_nothing(app, ada):
    progress_id = ada.current()
    seen = ada.progress(progress_id).version
    assert ada.rate(progress_id, 3, version=seen).status_code == 303
    after_first = ada.progress(progress_id)
    response = ada.rate(progress_id, 1, version=seen)  # the other tab
    assert response.status_code == 303
    assert STALE in ada.page()
    fragment = ada.rate(progress_id, 4, version=seen, htmx=True).get_data(as_text=True)
    assert STALE in fragment and "Front two" in fragment
    stored = ada.progress(progress_id)
    assert (stored.version, stored.state, stored.due) == (
        after_first.version,
        after_first.state,
        after_first.due,
    )
    assert review_count(app) == 1


def test_a_double_submit_stores_one_review(app, ada):
    progress_id = ada.current()
    seen = ada.progress(progress_id).version
    first = ada.rate(progress_id, 3, version=seen)
    second = ada.rate(progress_id, 3, version=seen)
    assert first.status_code == second.status_code == 303
    assert review_count(app) == 1
    assert ada.progress(progress_id).reps == 1


def test_other_learners_items_are_not_found(app, ada):
    progress_id = ada.current()
    other = Studier(app, app.test_client(), "Bob")
    assert other.client.get(f"/study?item={progress_id}").status_code == 404
    assert other.client.get(f"/study?item={progress_id}&reveal=1").status_code == 404
    assert other.rate(progress_id, 3, version=1).status_code == 404
    response = other.client.post(
        "/study/answer", data={"progress_id": progress_id, "version": 1, "answer": "0"}
    )
    assert response.status_code == 404
    assert other.rate(99999, 3, version=1).status_code == 404
    assert other.rate(10**20, 3, version=10**20).status_code == 404
    assert other.client.get(f"/study?item={10**20}").status_code == 404
    assert other.client.get("/study?item=-1").status_code == 404
    assert review_count(app) == 0
    assert ada.rate(progress_id, 3).status_code == 303


@pytest.mark.parametrize(
    "data",
    [
        {"progress_id": "x", "version": 1, "rating": 3},
        {"progress_id": 1, "rating": 3},
        {"progress_id": 1, "version": 1, "rating": 5},
        {"progress_id": 1, "version": 1},
    ],
)
def test_malformed_rating_forms_are_bad_requests(app, ada, data):
    ada.current()
    assert ada.client.post("/study/rate", data=data).status_code == 400
    assert review_count(app) == 0


def test_rating_needs_csrf(csrf_app):
    with csrf_app.app_context():
        sync_folder(DATA / "card_banks")
    csrf_app.config["CLOCK"] = Clock(T0)
    client = csrf_app.test_client()
    page = client.get("/learner").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/learner", data={"name": "Ada", "csrf_token": token})
    studier = Studier.__new__(Studier)
    studier.app, studier.client = csrf_app, client
    progress_id = studier.current()
    assert studier.rate(progress_id, 3).status_code == 400
    assert review_count(csrf_app) == 0
    back = studier.page(f"/study?item={progress_id}&reveal=1")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', back).group(1)
    response = client.post(
        "/study/rate",
        data={"progress_id": progress_id, "version": 1, "rating": 3, "csrf_token": token},
    )
    assert response.status_code == 303
    assert review_count(csrf_app) == 1


def test_a_removed_card_is_not_served(app, ada):
    progress_id = ada.current()
    with app.app_context():
        db.session.execute(update(Card).where(Card.key == "c1").values(active=False))
        db.session.commit()
    assert ada.client.get(f"/study?item={progress_id}").status_code == 404
    assert "Front two" in ada.page()


# Questions missed in quizzes -------------------------------------------------------------


def take_quiz(client, answer: str) -> None:
    response = client.post("/banks/flash/attempts")
    attempt_id = int(response.headers["Location"].split("/")[2])
    assert client.post(f"/attempts/{attempt_id}/1", data={"answer": answer}).status_code == 303


def question_items(app) -> list[CardProgress]:
    with app.app_context():
        rows = db.session.scalars(
            select(CardProgress).where(CardProgress.item_kind == "question")
        ).all()
        db.session.expunge_all()
        return rows


def test_a_right_quiz_answer_queues_nothing(app, ada, quiz_clock):
    take_quiz(ada.client, "0")
    assert question_items(app) == []


def test_a_wrong_quiz_answer_joins_the_queue_and_is_answered_in_place(app, ada, quiz_clock):
    take_quiz(ada.client, "1")  # The Sun
    take_quiz(ada.client, "1")  # missed again: still one item
    [item] = question_items(app)
    assert (item.item_key, item.state, item.due) == ("moon", "new", T0)
    other = Studier(app, app.test_client(), "Bob")
    assert "What orbits the Earth?" not in other.page() and "Front one" in other.page()
    assert "1 card due" in ada.page("/") and 'href="/study"' in ada.page("/")
    bank_page = ada.page("/banks/flash")
    assert "1 card due" in bank_page and 'href="/study/banks/flash"' in bank_page

    page = ada.page()
    assert "What orbits the Earth?" in page and "Question you missed in a quiz" in page
    assert 'type="radio" name="answer"' in page and "Show answer" not in page
    assert "Due now: <strong>1</strong>" in page

    # A rating before a right answer is refused.
    assert ada.rate(item.id, 4).status_code == 303
    assert "Answer the question first, then rate it." in ada.page()
    assert review_count(app) == 0

    form = {"progress_id": item.id, "version": item.version, "bank": ""}
    empty = ada.client.post("/study/answer", data=form)
    assert empty.status_code == 200
    assert "Choose an answer before submitting." in empty.get_data(as_text=True)

    response = ada.client.post("/study/answer", data=form | {"answer": "0"})
    assert response.status_code == 303 and response.headers["Location"] == "/study"
    page = ada.page()
    assert "Correct" in page and "The Moon orbits the Earth." in page
    assert 'data-rating="3"' in page and 'data-rating="1"' not in page
    assert "Correct" in ada.page()  # waits for its rating
    assert ada.rate(item.id, 1).status_code == 303  # Again is not offered after a right answer
    assert review_count(app) == 0
    assert ada.rate(item.id, 3).status_code == 303
    assert review_count(app) == 1
    assert ada.progress(item.id).state == "review"
    assert "Front one" in ada.page()


def test_a_wrong_answer_in_study_is_rated_again(app, ada, quiz_clock, clock):
    take_quiz(ada.client, "1")
    [item] = question_items(app)
    form = {"progress_id": item.id, "version": item.version, "bank": ""}
    fragment = ada.client.post("/study/answer", data=form | {"answer": "1"}, headers=HX)
    text = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in text
    assert "Incorrect" in text and "Rated Again: it comes back in 1 min." in text
    assert "Next card" in text and 'data-rating="' not in text
    assert ada.progress(item.id).state == "learning"
    assert review_count(app) == 1
    assert "Front one" in ada.page()  # the feedback was shown in place; the queue moved on

    clock.advance(minutes=1)
    stored = ada.progress(item.id)
    form["version"] = stored.version
    response = ada.client.post("/study/answer", data=form | {"answer": "1"})
    assert response.status_code == 303
    page = ada.page()
    assert "Incorrect" in page and "Next card" in page  # shown once after the redirect
    assert "Incorrect" not in ada.page()
    assert review_count(app) == 2
    stale = ada.client.post("/study/answer", data=form | {"answer": "0"}, headers=HX)
    assert STALE in stale.get_data(as_text=True)


def test_answering_a_card_as_a_question_is_not_found(ada):
    progress_id = ada.current()
    response = ada.client.post(
        "/study/answer", data={"progress_id": progress_id, "version": 1, "answer": "0"}
    )
    assert response.status_code == 404


# Due counts on the quiz pages ------------------------------------------------------------


def test_bank_pages_offer_the_flashcards(app, ada, clock):
    assert "card due" not in ada.page("/")
    assert "6 flashcards" in ada.page("/banks/flash")
    assert "study-due" not in ada.page("/banks/sample")
    ada.study_one(1)
    clock.advance(minutes=5)
    assert "1 card due" in ada.page("/")
    assert "1 card due" in ada.page("/banks/flash")
    assert "card due" not in ada.page("/banks/sample")


# Settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retention", "per_day", "message"),
    [
        ("0.5", "20", "from 0.70 to 0.97"),
        ("0.98", "20", "from 0.70 to 0.97"),
        ("ninety", "20", "from 0.70 to 0.97"),
        ("nan", "20", "from 0.70 to 0.97"),
        ("", "20", "from 0.70 to 0.97"),
        ("0.9", "-1", "whole number from 0 to 1000"),
        ("0.9", "2.5", "whole number from 0 to 1000"),
        ("0.9", "1001", "whole number from 0 to 1000"),
    ],
)
def test_settings_are_validated(app, ada, retention, per_day, message):
    response = ada.client.post(
        "/study/settings", data={"desired_retention": retention, "new_cards_per_day": per_day}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The settings were not saved" in page and message in page
    assert page.count('-error">') == 1
    assert 'aria-invalid="true"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StudySettings)) == 0


def test_settings_are_saved_and_used(app, ada, clock):
    page = ada.page("/study/settings")
    assert 'value="0.9"' in page and 'value="20"' in page and "checked" in page
    response = ada.client.post(
        "/study/settings", data={"desired_retention": "0.97", "new_cards_per_day": "1"}
    )
    assert response.status_code == 303 and response.headers["Location"] == "/study/settings"
    assert "Study settings saved." in ada.page("/study/settings")
    page = ada.page()
    assert 'data-shortcuts="off"' in page and "Keys: Space" not in page
    intervals = preview_intervals(CardState.new(T0), T0, desired_retention=0.97)
    back = ada.page(f"/study?item={ada.current()}&reveal=1")
    assert f"Good · {format_interval(intervals[3])}" in back
    ada.study_one(3)
    assert "Nothing to study now" in ada.page()
    ada.client.post(
        "/study/settings",
        data={"desired_retention": "0.9", "new_cards_per_day": "20", "keyboard_shortcuts": "y"},
    )
    assert 'data-shortcuts="on"' in ada.page()


# Statistics ----------------------------------------------------------------------------


def history(app, user_id: int, clock: Clock, plan) -> None:
    """Review the flash deck's cards through the service layer on several days."""
    from quizapp.cards import queue, reviews

    with app.app_context():
        for day, ratings in plan:
            clock.now = T0 + dt.timedelta(days=day)
            for rating in ratings:
                item = queue.next_item(user_id, clock.now, 20) or queue.soonest_item(user_id)
                reviews.rate(item, item.version, rating, clock.now, desired_retention=0.9)


PLAN = [(0, [3, 3, 1, 3, 2]), (0, [3]), (2, [3, 1, 3, 4]), (5, [3, 1, 1, 3]), (9, [2, 3, 3])]


def reference(app, users: list[int], now: dt.datetime):
    with app.app_context():
        logs = db.session.scalars(select(ReviewLog).where(ReviewLog.user_id.in_(users))).all()
        rows = [
            review_stats.ReviewRow(
                str(log.progress_id), log.rating, log.reviewed_at, log.state_before
            )
            for log in sorted(logs, key=lambda log: log.id)
        ]
        items = db.session.scalars(select(CardProgress).where(CardProgress.user_id.in_(users)))
        cards = [review_stats.CardRow(str(p.id), p.state, p.due) for p in items]
    today = now.date()
    return {
        "per_day": review_stats.reviews_per_day(rows, today),
        "retention": review_stats.true_retention(rows, today),
        "states": review_stats.cards_by_state(cards),
        "forecast": review_stats.due_forecast(cards, now),
    }


def test_statistics_match_the_reference_definitions(app, clock):
    from quizapp.models import User
    from quizapp.reports import reviews as stats

    ids = [make_user(app, "ann"), make_user(app, "ben")]
    history(app, ids[0], clock, PLAN)
    history(app, ids[1], clock, PLAN[:3])
    clock.now = T0 + dt.timedelta(days=9, hours=5)
    expected = reference(app, ids, clock.now)
    with app.app_context():
        users = select(User.id).where(User.id.in_(ids))
        report = stats.report(users, clock.now)
    assert report.per_day == expected["per_day"]
    assert report.retention == pytest.approx(expected["retention"])
    assert report.retention_counted > 0
    assert report.states == expected["states"]
    assert report.forecast == expected["forecast"]
    assert report.reviews_total == sum(len(ratings) for _, ratings in PLAN + PLAN[:3])


def test_learner_statistics_page(app, ada, clock):
    for rating in (3, 3, 1, 4, 3):
        ada.study_one(rating)
    page = ada.page("/study/stats")
    assert "Reviews today</dt><dd>5</dd>" in page
    assert page.count('role="img"') == 2  # no retention chart before any review-state review
    assert "Not measured yet" in page
    assert '<title id="chart-reviews-title">Reviews per day by you' in page
    assert f"<td>{T0.day} March 2026</td><td>5</td>" in page
    assert "Cards not yet introduced: 1." in page
    clock.advance(days=2, hours=1)
    for _ in range(3):
        ada.study_one(3)
    page = ada.page("/study/stats")
    assert page.count('role="img"') == 3
    assert "True retention per day" in page and "100% (" in page


def test_class_statistics_for_the_classes_teacher_only(app, clock, teacher, student):
    teacher_client, teacher_id = teacher
    student_client, student_id = student
    outsider = make_user(app, "outsider")
    with app.app_context():
        group = Class(name="Year <9>", teacher_id=teacher_id, join_code="JOIN1234")
        db.session.add(group)
        db.session.flush()
        db.session.add(Membership(class_id=group.id, user_id=student_id))
        db.session.commit()
        class_id = group.id
    history(app, student_id, clock, PLAN[:2])
    history(app, outsider, clock, PLAN)
    clock.now = T0 + dt.timedelta(hours=3)
    response = teacher_client.get(f"/teacher/classes/{class_id}/study-stats")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Flashcard statistics: Year &lt;9&gt;" in page and "<9>" not in page
    assert "All 1 member of the class together" in page
    assert "Reviews today</dt><dd>6</dd>" in page
    assert student_client.get(f"/teacher/classes/{class_id}/study-stats").status_code == 403
    other_id = make_user(app, "teacher2", role="teacher")
    other = app.test_client()
    login_as(other, other_id)
    assert other.get(f"/teacher/classes/{class_id}/study-stats").status_code == 404
    assert teacher_client.get("/teacher/classes/999/study-stats").status_code == 404


def test_queued_question_counts_in_statistics(app, ada, quiz_clock):
    take_quiz(ada.client, "1")
    page = ada.page("/study/stats")
    assert '<th scope="row">New (not yet reviewed)</th><td>1</td>' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) > 0
