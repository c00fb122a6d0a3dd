"""Username and password rules for accounts (no Flask)."""

from __future__ import annotations

import re

USERNAME = re.compile(r"[A-Za-z0-9._-]{3,40}")
MIN_PASSWORD = 10
MAX_PASSWORD = 200

# The 20 most common passwords of the public breach lists (NordPass, SplashData). Most are
# shorter than the length rule already; the check still names them for what they are.
COMMON_PASSWORDS = frozenset(
    {
        "123456",
        "123456789",
        "12345",
        "qwerty",
        "password",
        "12345678",
        "111111",
        "123123",
        "1234567890",
        "1234567",
        "qwerty123",
        "000000",
        "1q2w3e",
        "aa12345678",
        "abc123",
        "password1",
        "1234",
        "qwertyuiop",
        "123321",
        "password123",
    }
)


def normalise_username(name: str) -> str:
    """Usernames are case-insensitive: compare and store them lowercased."""
    return name.strip().lower()


def username_problem(name: str) -> str | None:
    """Say what is wrong with a username, or None when it can be used."""
    if not USERNAME.fullmatch(name.strip()):
        return "Use 3 to 40 characters: letters, digits, dots (.), underscores (_) or dashes (-)."
    return None


def password_problem(password: str, username: str = "") -> str | None:
    """Say what is wrong with a new password, or None when it can be used."""
    if password.strip().lower() in COMMON_PASSWORDS:
        return (
            "This is one of the most common passwords, so it is guessed first."
            " Choose another one: a few unrelated words work well."
        )
    if len(password) < MIN_PASSWORD:
        return (
            f"Use at least {MIN_PASSWORD} characters (this one has {len(password)})."
            " A few unrelated words are long enough and easy to remember."
        )
    if len(password) > MAX_PASSWORD:
        return f"Use at most {MAX_PASSWORD} characters."
    name = normalise_username(username)
    if len(name) >= 3 and name in password.lower():
        return "The password must not contain your username. Choose another one."
    return None
