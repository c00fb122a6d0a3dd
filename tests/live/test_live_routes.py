"""Live sessions through the app: the teacher runs one, students join and answer."""

from __future__ import annotations

import datetime as dt
import io
from csv import reader

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Attempt,
    CardProgress,
    LiveAnswer,
    LiveParticipant,
    LiveSession,
    utcnow,
)

from ..helpers.app import dispose as _dispose
from ..helpers.app import login_as, make_app, make_user
from .helpers import act, answer, join, open_session, reload

# The sample bank's questions in order: capital (single, Paris = 0), primes (multiple,
# 0 and 1), sky (true/false, false), author (short), troops (numeric), ...
RIGHT = {"answer": "0"}
WRONG = {"answer": "1"}


def students(app, count: int):
    return [app.test_client() for _ in range(count)]


def test_only_teachers_open_a_session(app, client, teacher, student):
    assert client.get("/live/new/sample").status_code == 302  # sign in first
    assert student[0].get("/live/new/sample").status_code == 403
    page = teacher[0].get("/live/new/sample")
    assert page.status_code == 200 and b"Open the lobby" in page.data
    assert b"Run live with a class" in teacher[0].get("/banks/sample").data
    assert b"Run live" not in student[0].get("/banks/sample").data


def test_session_questions_all_drawn_or_by_tag(app, teacher):
    all_questions = open_session(app, teacher[0])
    drawn = open_session(app, teacher[0], draw="3")
    tagged = open_session(app, teacher[0], tag="places")
    assert len(drawn.question_ids) == 3
    assert len(all_questions.question_ids) > 3
    assert len(tagged.question_ids) == 1
    assert len({all_questions.pin, drawn.pin, tagged.pin}) == 3
    assert all(len(s.pin) == 6 and s.pin.isdigit() for s in (all_questions, drawn, tagged))


def test_lobby_shows_pin_qr_and_escaped_nicknames(app, teacher):
    live = open_session(app, teacher[0])
    ada, mallory = students(app, 2)
    assert ada.get(f"/live/{live.pin}").status_code == 200
    assert join(ada, live.pin, "Ada").status_code == 303
    join(mallory, live.pin, "<script>x</script>")
    page = teacher[0].get(f"/live/host/{live.id}").get_data(as_text=True)
    assert live.pin[:3] + " " + live.pin[3:] in page
    assert f"/live/{live.pin}" in page
    assert '<svg role="img" aria-label="QR code to join"' in page and "style=" not in page
    assert "Ada" in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x" not in page
    assert "2 joined" in page


def test_nickname_is_required_and_bounded(app, teacher):
    live = open_session(app, teacher[0])
    client = app.test_client()
    page = join(client, live.pin, "   ").get_data(as_text=True)
    assert "Type a nickname" in page
    page = join(client, live.pin, "x" * 30).get_data(as_text=True)
    assert "20 characters or fewer" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LiveParticipant)) == 0


def test_a_whole_session(app, teacher):
    teacher_client, _ = teacher
    live = open_session(app, teacher_client, draw=None)
    with app.app_context():
        live.question_ids = live.question_ids[:3]  # capital, primes, sky
        db.session.merge(live)
        db.session.commit()
    ada, ben, cy = students(app, 3)
    for client, name in ((ada, "Ada"), (ben, "Ben"), (cy, "Cy")):
        join(client, live.pin, name)
    assert b"Wait for the teacher" in ada.get(f"/live/{live.pin}").data

    assert act(teacher_client, live.id, "start").status_code == 303
    page = ada.get(f"/live/{live.pin}").get_data(as_text=True)
    assert "Which city is the capital of France?" in page and "Send answer" in page
    assert answer(ada, live.pin, RIGHT).status_code == 303
    # The answer is locked: a second one changes nothing.
    answer(ada, live.pin, WRONG)
    fragment = answer(ben, live.pin, WRONG, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and 'id="live-panel"' in text and "locked" in text
    host = teacher_client.get(f"/live/host/{live.id}").get_data(as_text=True)
    assert "<strong>2</strong> of 3 answered" in host

    act(teacher_client, live.id, "reveal")
    host = teacher_client.get(f"/live/host/{live.id}").get_data(as_text=True)
    assert "Right answer:" in host and "Paris has been the capital" in host
    counts = [int(n) for n in __import__("re").findall(r'class="bar-count">(\d+)<', host)]
    assert counts == [1, 1, 0]
    assert "Source: paragraph 1" in host
    assert "Correct" in ada.get(f"/live/{live.pin}").get_data(as_text=True)
    ben_page = ben.get(f"/live/{live.pin}").get_data(as_text=True)
    panel = ben_page[ben_page.index('id="live-panel"') :]
    assert "Incorrect" in panel and "<strong>#2</strong> of 3" in panel, panel[:1500]
    assert "No answer" in cy.get(f"/live/{live.pin}").get_data(as_text=True)
    # Answers are closed once revealed.
    assert "Time is up" in answer(cy, live.pin, RIGHT).get_data(as_text=True)

    act(teacher_client, live.id, "next")
    answer(ada, live.pin, {"answer": ["0", "1"]})
    answer(cy, live.pin, {"answer": ["0"]})
    act(teacher_client, live.id, "reveal")
    act(teacher_client, live.id, "next")
    answer(ada, live.pin, {"answer": "false"})
    answer(ben, live.pin, {"answer": "true"})
    answer(cy, live.pin, {"answer": "false"})
    act(teacher_client, live.id, "reveal")
    assert b"Show results" in teacher_client.get(f"/live/host/{live.id}").data
    act(teacher_client, live.id, "next")

    host = teacher_client.get(f"/live/host/{live.id}").get_data(as_text=True)
    assert "Podium" in host and "Class summary" in host
    assert host.index("Ada") < host.index("Cy") < host.index("Ben</span>")
    assert "<td>3</td><td>2</td><td>67%</td>" in host  # the true/false question
    with app.app_context():
        stored = reload(app, live.id)
        assert stored.state == "ended" and stored.open_pin is None
        attempts = db.session.scalars(select(Attempt).order_by(Attempt.id)).all()
        assert [a.kind for a in attempts] == ["live"] * 3
        assert all(a.finished_at is not None for a in attempts)
        assert [a.score for a in attempts] == [3.0, 0.0, 1.5]
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 7
        assert db.session.scalar(select(func.count()).select_from(LiveAnswer)) == 7
        queued = {
            (progress.user_id, progress.item_key)
            for progress in db.session.scalars(select(CardProgress))
        }
        ben_id, cy_id = attempts[1].user_id, attempts[2].user_id
        assert {(ben_id, "capital"), (ben_id, "primes"), (ben_id, "sky")} <= queued
        assert (cy_id, "capital") in queued and (cy_id, "primes") in queued
        assert not any(user == attempts[0].user_id for user, _ in queued)
    # The finished session's PIN stops working for anyone new; its players still see the
    # end (a reload), with nothing left to stream or refresh; they keep their history.
    assert app.test_client().get(f"/live/{live.pin}").status_code == 404
    end = ada.get(f"/live/{live.pin}").get_data(as_text=True)
    assert "That was the last question" in end and "You finished <strong>#1</strong>" in end
    assert "sse-connect" not in end and "refresh" not in end
    assert join(app.test_client(), live.pin, "Late").status_code == 404
    history = ada.get("/history").get_data(as_text=True)
    assert "Sample bank" in history
    csv = teacher_client.get(f"/live/host/{live.id}/results.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    rows = list(reader(io.StringIO(csv.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:5] == ["rank", "nickname", "username", "name", "ranking_points"]
    assert rows[1][:2] == ["1", "Ada"]
    assert "Paris (right)" in rows[1]


def test_csv_guards_formula_nicknames(app, teacher):
    live = open_session(app, teacher[0])
    join(app.test_client(), live.pin, "=HYPERLINK(1)")
    text = teacher[0].get(f"/live/host/{live.id}/results.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text


def test_another_teacher_cannot_control_the_session(app, teacher):
    live = open_session(app, teacher[0])
    other = app.test_client()
    login_as(other, make_user(app, "teacher2", role="teacher"))
    for path in ("", "/results.csv", "/events"):
        assert other.get(f"/live/host/{live.id}{path}").status_code == 403
    for action in ("start", "end"):
        assert act(other, live.id, action).status_code == 403
    assert other.post(f"/live/host/{live.id}/participants/1/remove").status_code == 403
    assert reload(app, live.id).state == "lobby"
    assert teacher[0].get("/live/host/999999").status_code == 404


def test_twenty_wrong_pins_then_every_pin_is_refused(app, teacher):
    live = open_session(app, teacher[0])
    wrong = "000000" if live.pin != "000000" else "111111"
    guesser = app.test_client()
    for number in range(20):
        if number % 2:
            response = guesser.post("/live", data={"pin": wrong})
            assert response.status_code == 200 and b"No live session has this PIN" in response.data
        else:
            assert guesser.get(f"/live/{wrong}").status_code == 404
    assert guesser.post("/live", data={"pin": live.pin}).status_code == 429
    assert guesser.get(f"/live/{live.pin}").status_code == 429


def test_right_pins_do_not_count_as_guesses(app, teacher):
    live = open_session(app, teacher[0])
    client = app.test_client()
    for _ in range(25):
        assert (
            client.post("/live", data={"pin": f" {live.pin[:3]} {live.pin[3:]}"}).status_code == 303
        )


def test_teacher_removes_a_nickname(app, teacher):
    live = open_session(app, teacher[0])
    troll = app.test_client()
    join(troll, live.pin, "Rude name")
    with app.app_context():
        participant_id = db.session.scalar(select(LiveParticipant.id))
    response = teacher[0].post(f"/live/host/{live.id}/participants/{participant_id}/remove")
    assert response.status_code == 303
    assert b"Rude name" not in teacher[0].get(f"/live/host/{live.id}").data
    assert b"removed you" in troll.get(f"/live/{live.pin}").data
    join(troll, live.pin, "Again")  # the same browser cannot come back
    act(teacher[0], live.id, "start")
    answer(troll, live.pin, RIGHT)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LiveAnswer)) == 0
        assert db.session.scalar(select(func.count()).select_from(LiveParticipant)) == 1


def test_late_joiner_gets_the_current_question(app, teacher):
    live = open_session(app, teacher[0])
    act(teacher[0], live.id, "start")
    late = app.test_client()
    join(late, live.pin, "Late")
    page = late.get(f"/live/{live.pin}").get_data(as_text=True)
    assert "Which city is the capital of France?" in page


def test_answers_after_the_deadline_are_refused(app, teacher):
    live = open_session(app, teacher[0])
    ada = app.test_client()
    join(ada, live.pin, "Ada")
    act(teacher[0], live.id, "start")
    with app.app_context():
        row = db.session.get(LiveSession, live.id)
        row.deadline = utcnow() - dt.timedelta(seconds=5)
        db.session.commit()
    assert b"Time is up" in answer(ada, live.pin, RIGHT).data
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LiveAnswer)) == 0


def test_pause_keeps_the_time_left(app, teacher):
    live = open_session(app, teacher[0], seconds="60")
    act(teacher[0], live.id, "start")
    act(teacher[0], live.id, "pause")
    paused = reload(app, live.id)
    assert paused.state == "paused" and 58_000 <= paused.paused_remaining_ms <= 60_000
    assert b"Resume" in teacher[0].get(f"/live/host/{live.id}").data
    act(teacher[0], live.id, "resume")
    resumed = reload(app, live.id)
    assert resumed.state == "question"
    assert 57 <= (resumed.deadline - utcnow()).total_seconds() <= 60


def test_stale_actions_change_nothing(app, teacher):
    live = open_session(app, teacher[0])
    act(teacher[0], live.id, "start")
    version = reload(app, live.id).version
    response = act(teacher[0], live.id, "start")  # a second click on Start
    assert response.status_code == 303
    assert reload(app, live.id).version == version
    assert reload(app, live.id).position == 0


def test_controls_answer_htmx_with_the_panel(app, teacher):
    live = open_session(app, teacher[0])
    response = act(teacher[0], live.id, "start", headers={"HX-Request": "true"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in text
    assert text.lstrip().startswith('<section id="host-panel"')


def test_a_restarted_server_resumes_the_session(tmp_path, pg_url, app, teacher):
    live = open_session(app, teacher[0])
    ada = app.test_client()
    join(ada, live.pin, "Ada")
    act(teacher[0], live.id, "start")
    answer(ada, live.pin, RIGHT)
    act(teacher[0], live.id, "reveal")
    session_cookies = {c.key: c.value for c in ada._cookies.values()}
    teacher_cookies = {c.key: c.value for c in teacher[0]._cookies.values()}
    _dispose(app)
    # A new app on the same database: everything it shows comes from there.
    again = make_app(
        tmp_path / "again", None, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"]
    )
    ada_again, teacher_again = again.test_client(), again.test_client()
    for key, value in session_cookies.items():
        ada_again.set_cookie(key, value)
    for key, value in teacher_cookies.items():
        teacher_again.set_cookie(key, value)
    host = teacher_again.get(f"/live/host/{live.id}").get_data(as_text=True)
    assert "Right answer:" in host and "Question 1 of" in host
    assert "Correct" in ada_again.get(f"/live/{live.pin}").get_data(as_text=True)
    act(teacher_again, live.id, "next")
    assert reload(again, live.id).position == 1
    _dispose(again)


def test_live_attempts_count_in_the_class_item_analysis(app, teacher):
    from quizapp.models import Bank, Class, Membership
    from quizapp.reports.items import analyse_bank

    teacher_client, teacher_id = teacher
    student_ids = [make_user(app, f"pupil{i}") for i in range(2)]
    with app.app_context():
        school_class = Class(name="Year 9", teacher_id=teacher_id, join_code="ABCDEFGH")
        db.session.add(school_class)
        db.session.flush()
        db.session.add_all(Membership(class_id=school_class.id, user_id=i) for i in student_ids)
        db.session.commit()
        class_id = school_class.id
    live = open_session(app, teacher_client, tag="places")  # the capital question only
    clients = []
    for user_id, given in zip(student_ids, (RIGHT, WRONG), strict=True):
        client = app.test_client()
        login_as(client, user_id)
        assert b"Your answers are kept in your account" in client.get(f"/live/{live.pin}").data
        join(client, live.pin, f"Pupil {user_id}")
        clients.append((client, given))
    act(teacher_client, live.id, "start")
    for client, given in clients:
        answer(client, live.pin, given)
    act(teacher_client, live.id, "reveal")
    act(teacher_client, live.id, "next")  # the last question: the session ends
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "sample"))
        analysis = analyse_bank(class_id, bank)
        capital = next(item for item in analysis.items if item.key == "capital")
    assert analysis.attempts == 2 and capital.answered == 2
    assert capital.indices.facility == 0.5
    page = teacher_client.get(f"/teacher/classes/{class_id}/banks/sample/analysis")
    assert page.status_code == 200
