"""Sign-in limits counted where every worker sees them, that never count a success and that
cannot lock the owner out (issues 13 and 18, finding 3)."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import SignInTry
from tests.helpers.app import PASSWORD, make_user
from tests.load.driver import Failed, Student, Tally
from tests.load.server import Database, Instance, write_bank


def sign_in(client, username: str, password: str, address: str = "10.9.0.1"):
    return client.post(
        "/signin",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_forty_successful_sign_ins_from_one_address_are_all_let_in(app):
    make_user(app, "ada")
    statuses = [sign_in(app.test_client(), "ada", PASSWORD).status_code for _ in range(40)]
    assert statuses == [303] * 40
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SignInTry)) == 0


def test_the_twenty_first_failure_for_one_name_is_refused(app):
    make_user(app, "ada")
    client = app.test_client()
    statuses = [
        sign_in(client, "ada", "wrong password!", f"10.8.0.{number}").status_code
        for number in range(21)
    ]
    assert statuses == [200] * 20 + [429]


def test_the_owner_on_a_known_device_is_not_locked_out(app):
    make_user(app, "ada")
    owner = app.test_client()
    assert sign_in(owner, "ada", PASSWORD, "10.7.0.1").status_code == 303
    owner.post("/signout")
    attacker = app.test_client()
    for number in range(25):
        sign_in(attacker, "ada", "guess number one", f"10.6.0.{number}")
    assert sign_in(attacker, "ada", PASSWORD, "10.6.1.1").status_code == 429
    assert sign_in(app.test_client(), "ada", PASSWORD, "10.5.0.1").status_code == 429
    # The browser it signed in on before still gets in, from its usual address.
    assert sign_in(owner, "ada", PASSWORD, "10.7.0.1").status_code == 303


def test_a_forged_device_cookie_does_not_lift_the_limit(app):
    user_id = make_user(app, "ada")
    attacker = app.test_client()
    attacker.set_cookie("quizapp_device", f"[{user_id}].forged")
    for number in range(21):
        status = sign_in(attacker, "ada", "guess number two", f"10.4.0.{number}").status_code
    assert status == 429


def test_wrong_passwords_are_refused_after_ten_whichever_of_four_workers_takes_them(tmp_path):
    """40 wrong passwords for one name within a minute, through `quizapp serve -w 4`."""
    questions = tmp_path / "questions"
    write_bank(questions, 2)
    database = Database(tmp_path, "limits")
    server = Instance(tmp_path / "serve", database.url, questions, QUIZAPP_WORKERS="4")
    try:
        server.start().wait_ready()
        statuses = []
        for number in range(40):
            # A new browser each time, as a guesser would be: a fresh session and token.
            browser = Student(f"guesser {number}", [server.port], Tally())
            token = browser.csrf(server.port, "/signin")
            form = {"username": "ada", "password": f"guess {number}", "csrf_token": token}
            try:
                status, _, _ = browser.request(server.port, "POST", "/signin", form)
            except Failed as failed:
                status = int(str(failed).rsplit(" ", 1)[-1])
            statuses.append(status)
        assert statuses == [200] * 10 + [429] * 30, statuses
        assert server.log().count("Booting worker") == 4
    finally:
        server.stop()
        database.close()
