"""Accounts: sign up, sign in and out, passwords, guest attempts, the create-user command."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from quizapp.auth import accounts
from quizapp.auth.rules import password_problem, username_problem
from quizapp.extensions import db
from quizapp.models import Attempt, User
from quizapp.web.access import safe_next
from quizapp.web.learner import SESSION_KEY
from tests.helpers.app import PASSWORD, login_as, make_user

NEW_PASSWORD = "plum orchard lantern"
WRONG = "Wrong username or password."


def sign_up(client, username="ada", *, password=NEW_PASSWORD, confirm=None, **extra):
    data = {
        "username": username,
        "display_name": "Ada Lovelace",
        "password": password,
        "confirm": password if confirm is None else confirm,
    } | extra
    return client.post("/signup", data=data)


def sign_in(client, username="ada", password=PASSWORD, **extra):
    return client.post("/signin", data={"username": username, "password": password} | extra)


def text(response) -> str:
    return response.get_data(as_text=True)


def user_named(app, username: str) -> User | None:
    with app.app_context():
        return db.session.scalar(select(User).where(User.username == username))


def guest_attempt(learner, name: str = "Ada") -> int:
    """Make this client a guest with one attempt; return the attempt id."""
    learner.name(name)
    response = learner.start()
    assert response.status_code == 303
    return int(response.headers["Location"].split("/")[2])


def signed_in_id(client) -> str | None:
    with client.session_transaction() as session:
        signed_in = session.get("_user_id")
        return signed_in.partition(".")[0] if signed_in else None


# Rules (no app)


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("ada", True),
        ("Ada.Lovelace_1-2", True),
        ("ab", False),
        ("a" * 41, False),
        ("a" * 40, True),
        ("ada lovelace", False),
        ("ada@example", False),
        ("adä", False),
    ],
)
def test_username_rules(name, ok):
    assert (username_problem(name) is None) is ok


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123", "one of the most common passwords"),
        ("QWERTYUIOP", "one of the most common passwords"),
        ("password", "one of the most common passwords"),
        ("short pw", "at least 10 characters (this one has 8)"),
        ("ada-is-my-name", "must not contain your username"),
        ("x" * 201, "at most 200 characters"),
        (NEW_PASSWORD, None),
    ],
)
def test_password_rules(password, message):
    problem = password_problem(password, "ada")
    if message is None:
        assert problem is None
    else:
        assert message in problem


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/banks/sample?tag=x", "/banks/sample?tag=x"),
        (None, "/"),
        ("", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/\tevil", "/"),
        ("banks/sample", "/"),
    ],
)
def test_safe_next_keeps_only_paths_on_this_site(target, expected):
    assert safe_next(target, "/") == expected


# Sign up


def test_sign_up_page(client):
    page = text(client.get("/signup"))
    assert "<h1>Sign up</h1>" in page
    assert 'autocomplete="new-password"' in page
    assert "Keep the" not in page


def test_sign_up_creates_a_signed_in_student(app, client):
    response = sign_up(client, "Ada.L", next="/banks/sample")
    assert response.status_code == 303
    assert response.headers["Location"] == "/banks/sample"
    user = user_named(app, "ada.l")
    assert user.role == "student" and not user.is_teacher and not user.is_guest
    assert user.display_name == "Ada Lovelace"
    assert user.password_hash.startswith("scrypt:")
    assert check_password_hash(user.password_hash, NEW_PASSWORD)
    assert signed_in_id(client) == str(user.id)
    page = text(client.get("/account"))
    assert "ada.l" in page and "Student" in page


def test_sign_up_ignores_a_next_url_off_the_site(client):
    response = sign_up(client, next="https://evil.example/")
    assert response.headers["Location"] == "/"


def test_usernames_are_unique_whatever_the_case(app, client):
    make_user(app, "ada")
    response = sign_up(client, "ADA")
    assert response.status_code == 200
    assert "The username ada is taken. Choose another one" in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "a b"}, "Use 3 to 40 characters: letters, digits"),
        ({"username": ""}, "Choose a username to sign in with."),
        ({"display_name": "  "}, "Type the name to show on your scores."),
        ({"password": "password123", "confirm": "password123"}, "one of the most common"),
        ({"password": "too short", "confirm": "too short"}, "Use at least 10 characters"),
        ({"confirm": "something else"}, "The two passwords differ."),
    ],
)
def test_sign_up_problems_are_explained_next_to_the_field(app, client, fields, message):
    data = {
        "username": "ada",
        "display_name": "Ada",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    } | fields
    response = client.post("/signup", data=data)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert 'aria-invalid="true"' in page
    assert NEW_PASSWORD not in page, "a password was written back into the page"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_signed_in_user_is_sent_from_sign_up_to_the_account(student):
    client, _ = student
    response = client.get("/signup")
    assert response.headers["Location"] == "/account"


# Sign in


def test_an_htmx_request_without_a_session_is_sent_to_sign_in(app, client):
    """A signed-out htmx post to a fragment view gets no fragment: it is sent to sign in."""
    url = "/teacher/classes/1/students/2/extra-time"
    response = client.post(url, data={"factor": "2.0"}, headers={"HX-Request": "true"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin?next=")
    assert "extra-time-status" not in text(response)


def test_sign_in_with_the_right_password(app, client):
    user_id = make_user(app, "ada")
    response = sign_in(client, "ADA", next="/history")
    assert response.status_code == 303
    assert response.headers["Location"] == "/history"
    assert signed_in_id(client) == str(user_id)
    assert "Signed in as Ada." in text(client.get("/history"))


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/banks/sample", "/banks/sample"),
        ("//evil.example/", "/"),
        ("https://evil.example/x", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_sign_in_follows_next_only_within_the_site(app, client, next_url, expected):
    make_user(app, "ada")
    response = sign_in(client, next=next_url)
    assert response.headers["Location"] == expected


def test_login_required_pages_send_to_sign_in_and_back(app, client):
    make_user(app, "ada")
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/signin?next=%2Faccount"
    page = text(client.get(response.headers["Location"]))
    assert 'name="next" value="/account"' in page
    assert sign_in(client, next="/account").headers["Location"] == "/account"


def test_wrong_password_and_unknown_user_get_the_same_answer(app, client):
    make_user(app, "ada")
    wrong_password = sign_in(client, "ada", "not the password")
    unknown_user = sign_in(client, "nobody", PASSWORD)
    assert wrong_password.status_code == unknown_user.status_code == 200
    for response in (wrong_password, unknown_user):
        page = text(response)
        assert WRONG in page
        assert "exist" not in page.lower()
    # Apart from the name typed back and the time-stamped CSRF token, the pages are the same.
    first = text(wrong_password).replace('value="ada"', "")
    second = text(unknown_user).replace('value="nobody"', "")
    token = re.compile(r'"X-CSRFToken": "[^"]*"|name="csrf_token" value="[^"]*"')
    assert token.sub("", first) == token.sub("", second)
    assert signed_in_id(client) is None


def test_unknown_usernames_still_cost_a_password_check(app, monkeypatch):
    make_user(app, "ada")
    checks = []
    original = accounts.check_password_hash
    monkeypatch.setattr(
        accounts, "check_password_hash", lambda *args: checks.append(args) or original(*args)
    )
    with app.app_context():
        assert accounts.authenticate("nobody", PASSWORD) is None
        assert accounts.authenticate("ada", "wrong password!") is None
        assert accounts.authenticate("ada", PASSWORD).username == "ada"
    assert len(checks) == 3


def test_empty_sign_in_fields_are_named(client):
    page = text(client.post("/signin", data={}))
    assert "Type your username." in page and "Type your password." in page


def test_guests_cannot_sign_in(app, client, learner):
    learner.name("Ada")
    assert WRONG in text(sign_in(client, "Ada", "any password at all"))
    assert signed_in_id(client) is None


def test_too_many_tries_from_one_address_get_429(app, client):
    make_user(app, "ada")
    for _ in range(10):
        assert sign_in(client, "ada", "wrong password!").status_code == 200
    response = sign_in(client, "ada", PASSWORD)
    assert response.status_code == 429
    assert "Too many tries" in text(response)
    assert signed_in_id(client) is None
    assert client.get("/signin").status_code == 200, "only posting is limited"


def test_too_many_failures_for_one_username_get_429_from_any_address(app, client):
    make_user(app, "ada")
    make_user(app, "bob")

    def from_address(number, username, password):
        environ = {"REMOTE_ADDR": f"10.0.{number // 200}.{number % 200}"}
        return client.post(
            "/signin", data={"username": username, "password": password}, environ_base=environ
        )

    for number in range(20):
        assert from_address(number, "ADA", "wrong password!").status_code == 200
    assert from_address(100, "ada", PASSWORD).status_code == 429
    assert from_address(101, "bob", PASSWORD).status_code == 303


def test_successful_sign_ins_do_not_count_against_the_username(app):
    make_user(app, "ada")
    for number in range(25):
        client = app.test_client()
        response = client.post(
            "/signin",
            data={"username": "ada", "password": PASSWORD},
            environ_base={"REMOTE_ADDR": f"10.1.0.{number}"},
        )
        assert response.status_code == 303


def test_sign_in_needs_the_csrf_token(csrf_app):
    make_user(csrf_app, "ada")
    client = csrf_app.test_client()
    response = sign_in(client)
    assert response.status_code == 400
    assert "Form expired" in text(response)
    assert signed_in_id(client) is None
    page = text(client.get("/signin"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = sign_in(client, csrf_token=token)
    assert response.status_code == 303
    assert signed_in_id(client) is not None


# Sign out


def test_sign_out_forgets_the_session(app, student):
    client, _ = student
    with client.session_transaction() as session:
        session[SESSION_KEY] = 12345
    assert client.get("/signout").status_code == 405
    response = client.post("/signout")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    with client.session_transaction() as session:
        assert "_user_id" not in session and SESSION_KEY not in session
    assert client.get("/account").status_code == 302
    assert "You are signed out." in text(client.get("/"))


def test_nav_shows_the_account_links(app, client, student):
    anonymous = text(client.get("/"))
    assert 'href="/signin"' in anonymous and 'href="/signup"' in anonymous
    signed_in, _ = student
    page = text(signed_in.get("/"))
    assert 'href="/account"' in page and 'action="/signout"' in page
    assert 'href="/signin"' not in page


# Account and password


def test_account_page(app, student):
    client, _ = student
    page = text(client.get("/account"))
    assert "Sam Student" in page and "student1" in page and "Student" in page
    assert 'href="/account/password"' in page
    assert 'action="/classes/join"' in page


def test_change_password(app, student):
    client, _ = student
    assert client.get("/account/password").status_code == 200
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/account"
    other = app.test_client()
    assert sign_in(other, "student1", PASSWORD).status_code == 200
    assert sign_in(other, "student1", NEW_PASSWORD).status_code == 303


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"current_password": "not it at all", "new_password": NEW_PASSWORD},
            "That is not your current password.",
        ),
        ({"new_password": "123456789"}, "one of the most common passwords"),
        ({"new_password": "my student1 pass"}, "must not contain your username"),
        ({"confirm": "something else"}, "The two passwords differ."),
    ],
)
def test_change_password_problems(app, student, data, message):
    client, user_id = student
    form = {"current_password": PASSWORD, "new_password": NEW_PASSWORD} | data
    form.setdefault("confirm", form["new_password"])
    response = client.post("/account/password", data=form)
    assert response.status_code == 200
    assert message in text(response)
    with app.app_context():
        assert check_password_hash(db.session.get(User, user_id).password_hash, PASSWORD)


def test_account_pages_need_an_account(client):
    for url in ("/account", "/account/password", "/account/claim"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/signin?next=")


# Guest attempts


def test_sign_up_keeps_the_guest_attempts_by_turning_the_guest_into_the_account(
    app, client, learner
):
    attempt_id = guest_attempt(learner, "Ada <the guest>")
    page = text(client.get("/signup"))
    assert "Keep the 1 attempt you made as Ada &lt;the guest&gt; in this browser" in page
    assert re.search(r'<input[^>]*checked[^>]*name="keep_attempts"', page)
    with client.session_transaction() as session:
        guest_id = session[SESSION_KEY]
    response = sign_up(client, "ada", keep_attempts="y")
    assert response.status_code == 303
    assert "is ready, with the 1 attempt you made as a guest." in text(client.get("/"))
    user = user_named(app, "ada")
    assert user.id == guest_id
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).user_id == user.id
    assert client.get(f"/attempts/{attempt_id}/1").status_code == 200
    with client.session_transaction() as session:
        assert SESSION_KEY not in session


def test_sign_up_without_keeping_leaves_the_guest_attempts_behind(app, client, learner):
    attempt_id = guest_attempt(learner)
    with client.session_transaction() as session:
        guest_id = session[SESSION_KEY]
    sign_up(client, "ada")  # the unchecked box is not sent
    user = user_named(app, "ada")
    assert user.id != guest_id
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).user_id == guest_id
    assert client.get(f"/attempts/{attempt_id}/1").status_code == 404


def test_sign_in_offers_to_claim_guest_attempts(app, client, learner):
    user_id = make_user(app, "ada")
    first = guest_attempt(learner, "Guest Ada")
    second = learner.start().headers["Location"].split("/")[2]
    with client.session_transaction() as session:
        guest_id = session[SESSION_KEY]
    response = sign_in(client, next="/history")
    assert response.status_code == 303
    assert response.headers["Location"] == "/account/claim?next=/history"
    offer = text(client.get(response.headers["Location"]))
    assert "this browser made 2 attempts as <strong>Guest Ada</strong>" in offer
    assert 'href="/history">Not now' in offer
    assert "Move 2 attempts to my account" in text(client.get("/account"))
    response = client.post("/account/claim", data={"next": "/history"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/history"
    assert "Moved 2 attempts to your account." in text(client.get("/history"))
    with app.app_context():
        for attempt_id in (first, int(second)):
            assert db.session.get(Attempt, attempt_id).user_id == user_id
        assert db.session.get(User, guest_id) is not None, "the guest row is kept"
    with client.session_transaction() as session:
        assert SESSION_KEY not in session
    assert client.get("/account/claim").headers["Location"] == "/account"


def test_sign_in_without_guest_attempts_goes_straight_on(app, client, learner):
    make_user(app, "ada")
    learner.name("Just a name")
    assert sign_in(client, next="/history").headers["Location"] == "/history"


def test_claiming_with_nothing_to_claim(app, student):
    client, _ = student
    response = client.post("/account/claim")
    assert response.headers["Location"] == "/account"
    assert "There were no attempts to move." in text(client.get("/account"))


def test_claim_moves_nothing_from_an_account(app, student):
    client, user_id = student
    other = make_user(app, "other")
    with client.session_transaction() as session:
        session[SESSION_KEY] = other  # a forged key naming an account, not a guest
    client.post("/account/claim")
    with app.app_context():
        assert accounts.attempt_count(db.session.get(User, user_id)) == 0


def test_an_account_never_becomes_a_guest(app, student):
    client, user_id = student
    response = client.get("/learner?next=/banks/sample")
    assert 'value="Sam Student"' in response.get_data(as_text=True)
    response = client.post("/learner?next=/banks/sample", data={"name": "Somebody else"})
    assert response.headers["Location"] == "/banks/sample"
    response = client.post("/banks/sample/attempts")
    attempt_id = int(response.headers["Location"].split("/")[2])
    with app.app_context():
        assert db.session.get(User, user_id).display_name == "Somebody else"  # renamed
        assert db.session.get(Attempt, attempt_id).user_id == user_id
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_student_cannot_open_another_students_attempt(app, student):
    client, _ = student
    attempt_id = int(client.post("/banks/sample/attempts").headers["Location"].split("/")[2])
    other = app.test_client()
    login_as(other, make_user(app, "student2"))
    for url in (f"/attempts/{attempt_id}/1", f"/attempts/{attempt_id}/summary"):
        assert other.get(url).status_code == 404
    assert client.get(f"/attempts/{attempt_id}/1").status_code == 200


# The create-user command


def test_create_user_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(
        ["create-user", "Ms.Smith", "--teacher", "--display-name", "Ms Smith", "--password-stdin"],
        input=NEW_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created teacher ms.smith (Ms Smith)." in result.output
    user = user_named(app, "ms.smith")
    assert user.is_teacher and user.display_name == "Ms Smith"
    assert sign_in(app.test_client(), "ms.smith", NEW_PASSWORD).status_code == 303


def test_create_user_prompts_twice_for_the_password(app, runner):
    result = runner.invoke(["create-user", "sam"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output
    user = user_named(app, "sam")
    assert user.role == "student" and user.display_name == "sam"


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["ADA"], NEW_PASSWORD, "A user named 'ada' already exists."),
        (["a b"], NEW_PASSWORD, "Use 3 to 40 characters"),
        (["newname"], "short", "Password: Use at least 10 characters"),
        (["newname", "--display-name", "x" * 81], NEW_PASSWORD, "at most 80 characters"),
    ],
)
def test_create_user_refuses_clearly(app, runner, args, password, message):
    make_user(app, "ada")
    result = runner.invoke(["create-user", *args, "--password-stdin"], input=password + "\n")
    assert result.exit_code == 1
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_claiming_moves_flashcard_progress_the_account_lacks(app):
    """The account keeps its own schedule for an item both have; the rest moves over."""
    import datetime as dt

    from quizapp.auth.accounts import move_attempts
    from quizapp.models import Bank, CardProgress

    now = dt.datetime(2024, 1, 6, tzinfo=dt.UTC)
    with app.app_context():
        bank_id = db.session.scalar(select(Bank.id))
        guest = User(display_name="Guest")
        account = User(display_name="Ada", username="ada2", password_hash="x")
        db.session.add_all([guest, account])
        db.session.flush()

        def progress(user, key, reps):
            row = CardProgress(
                user_id=user.id,
                item_kind="card",
                bank_id=bank_id,
                item_key=key,
                state="review",
                due=now,
                reps=reps,
                lapses=0,
            )
            db.session.add(row)
            return row

        shared_guest = progress(guest, "shared", 1)
        only_guest = progress(guest, "only-guest", 2)
        shared_account = progress(account, "shared", 9)
        db.session.commit()
        move_attempts(guest, account)
        assert db.session.get(CardProgress, only_guest.id).user_id == account.id
        assert db.session.get(CardProgress, shared_guest.id).user_id == guest.id
        assert db.session.get(CardProgress, shared_account.id).reps == 9


def _cookie_copy(app, client):
    """A second browser holding a copy of `client`'s session cookie."""
    copy = app.test_client()
    cookie = client.get_cookie("session")
    copy.set_cookie(cookie.key, cookie.value)
    return copy


def test_sign_out_ends_a_copy_of_the_session_cookie(app):
    client = app.test_client()
    make_user(app, "ada")
    assert sign_in(client, "ada", PASSWORD).status_code == 303
    copy = _cookie_copy(app, client)
    assert copy.get("/account").status_code == 200
    client.post("/signout")
    assert copy.get("/account").status_code == 302  # signed out there too
    # Signing in again starts a session the old copy still cannot use.
    assert sign_in(client, "ada", PASSWORD).status_code == 303
    assert client.get("/account").status_code == 200
    assert copy.get("/account").status_code == 302


def test_a_new_password_ends_the_other_sessions_but_not_this_one(app):
    client = app.test_client()
    make_user(app, "ada")
    assert sign_in(client, "ada", PASSWORD).status_code == 303
    other = app.test_client()
    assert sign_in(other, "ada", PASSWORD).status_code == 303
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_a_forged_or_old_style_session_id_signs_nobody_in(app, student):
    client, user_id = student
    for forged in (str(user_id), f"{user_id}.1", f"{user_id}.x", "", "1" * 60):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert client.get("/account").status_code == 302
