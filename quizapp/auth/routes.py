"""Sign up, sign in and out, the account page, password change, claiming guest attempts."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from ..classes.forms import JoinClassForm
from ..extensions import db, limiter
from ..models import Class, Membership, User, utcnow
from ..web.access import safe_next
from ..web.forms import ActionForm
from ..web.htmx import render
from ..web.learner import SESSION_KEY, current_guest
from . import accounts, bp
from .forms import ChangePasswordForm, SignInForm, SignUpForm
from .rules import password_problem

WRONG_CREDENTIALS = "Wrong username or password."
# Names the accounts that signed in on this browser: their username limit does not apply.
DEVICE_COOKIE = "quizapp_device"


def _next_url(default_endpoint: str = "quiz.list_banks") -> str:
    return safe_next(request.values.get("next"), url_for(default_endpoint))


def _attempts_phrase(count: int) -> str:
    return f"{count} attempt{'' if count == 1 else 's'}"


def _start_session(user: User, *, guest: User | None = None) -> None:
    """Sign in on a fresh session; keep only the guest key when there is something to claim."""
    session.clear()
    if guest is not None:
        session[SESSION_KEY] = guest.id
    login_user(user, remember=False)


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def sign_up():
    """Create a student account, keeping this browser's guest attempts if asked."""
    next_url = _next_url()
    if current_user.is_authenticated:
        flash(f"You are signed in as {current_user.username}. Sign out to make another account.")
        return redirect(url_for("auth.account"), 303)
    guest = current_guest()
    guest_attempts = accounts.attempt_count(guest)
    form = SignUpForm()
    if guest_attempts:
        form.keep_attempts.label.text = (
            f"Keep the {_attempts_phrase(guest_attempts)} you made as {guest.display_name}"
            " in this browser"
        )
    if request.method == "GET" and guest is not None:
        form.display_name.data = guest.display_name
    if form.validate_on_submit():
        keep = guest if guest_attempts and form.keep_attempts.data else None
        try:
            user = accounts.create_account(
                form.username.data, form.display_name.data, form.password.data, guest=keep
            )
        except accounts.UsernameTaken as taken:
            form.username.errors.append(
                f"The username {taken} is taken. Choose another one, or sign in if it is yours."
            )
        else:
            _start_session(user)
            kept = (
                f", with the {_attempts_phrase(guest_attempts)} you made as a guest" if keep else ""
            )
            flash(f"Welcome, {user.display_name}: your account {user.username} is ready{kept}.")
            return redirect(next_url, 303)
    return render("auth/sign_up.html", form=form, next_url=next_url, guest_attempts=guest_attempts)


def _device_ids() -> list[int]:
    """The accounts that signed in on this browser before (a signed cookie)."""
    serializer = URLSafeSerializer(current_app.secret_key, salt=DEVICE_COOKIE)
    try:
        ids = serializer.loads(request.cookies.get(DEVICE_COOKIE, ""))
    except BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def _remember_device(response, user: User):
    ids = [user.id] + [i for i in _device_ids() if i != user.id]
    serializer = URLSafeSerializer(current_app.secret_key, salt=DEVICE_COOKIE)
    response.set_cookie(
        DEVICE_COOKIE,
        serializer.dumps(ids[:5]),
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


def _known_device(username: str) -> bool:
    account = accounts.find_account(username)
    return account is not None and account.id in _device_ids()


@bp.route("/signin", methods=["GET", "POST"])
def sign_in():
    """Sign in with username and password; offer to keep this browser's guest attempts.

    Failed tries are limited per address and per username (accounts.reserve_sign_in),
    in the database, so the limits hold across workers; successes never count.
    """
    next_url = _next_url()
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        counted = accounts.reserve_sign_in(
            request.remote_addr or "",
            form.username.data,
            utcnow(),
            known_device=_known_device(form.username.data),
        )
        if counted is None:
            abort(429)
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is None:
            error = WRONG_CREDENTIALS
        else:
            accounts.release_sign_in(counted)
            guest = current_guest()
            count = accounts.attempt_count(guest)
            _start_session(user, guest=guest if count else None)
            flash(f"Signed in as {user.display_name}.")
            if count:
                return _remember_device(
                    redirect(url_for("auth.claim_attempts", next=next_url), 303), user
                )
            return _remember_device(redirect(next_url, 303), user)
    return render("auth/sign_in.html", form=form, next_url=next_url, error=error)


@bp.post("/signout")
def sign_out():
    """Sign out and forget everything this browser's session held."""
    if not ActionForm().validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        # Ends this session everywhere: a copied cookie signs nobody in any more.
        current_user.end_sessions()
        db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("quiz.list_banks"), 303)


@bp.route("/account/claim", methods=["GET", "POST"])
@login_required
def claim_attempts():
    """Offer, then move, the attempts this browser made as a guest into the account."""
    next_url = _next_url("auth.account")
    guest = current_guest()
    form = ActionForm()
    if form.validate_on_submit():
        moved = accounts.move_attempts(guest, current_user) if guest is not None else 0
        session.pop(SESSION_KEY, None)
        if moved:
            flash(f"Moved {_attempts_phrase(moved)} to your account.")
        else:
            flash("There were no attempts to move.")
        return redirect(next_url, 303)
    count = accounts.attempt_count(guest)
    if not count:
        return redirect(next_url)
    return render(
        "auth/claim.html",
        form=form,
        guest=guest,
        count=count,
        phrase=_attempts_phrase(count),
        next_url=next_url,
    )


@bp.get("/account")
@login_required
def account():
    """Show the account: name, role, classes, a form to join one."""
    joined = db.session.scalars(
        select(Class)
        .join(Membership, Membership.class_id == Class.id)
        .where(Membership.user_id == current_user.id)
        .order_by(Class.name)
    ).all()
    taught = []
    if current_user.is_teacher:
        taught = db.session.execute(
            select(Class, func.count(Membership.id))
            .outerjoin(Membership, Membership.class_id == Class.id)
            .where(Class.teacher_id == current_user.id)
            .group_by(Class.id)
            .order_by(Class.name)
        ).all()
    guest = current_guest()
    count = accounts.attempt_count(guest)
    return render(
        "auth/account.html",
        joined=joined,
        taught=taught,
        join_form=JoinClassForm(),
        claim_form=ActionForm(),
        guest=guest,
        claim_phrase=_attempts_phrase(count) if count else None,
    )


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@login_required
def change_password():
    """Change the password after checking the current one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        problem = password_problem(form.new_password.data, user.username)
        if not accounts.password_matches(user, form.current_password.data):
            form.current_password.errors.append(
                "That is not your current password. Type the password you signed in with."
            )
        elif problem:
            form.new_password.errors.append(problem)
        else:
            accounts.set_password(user, form.new_password.data)
            # Every other session of the account ends; this one goes on with the new version.
            user.end_sessions()
            db.session.commit()
            login_user(user, remember=False)
            flash(
                "Your password is changed, and you are signed out everywhere else."
                " Use the new one next time you sign in."
            )
            return redirect(url_for("auth.account"), 303)
    return render("auth/change_password.html", form=form)
