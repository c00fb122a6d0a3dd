"""Display preferences kept in a cookie, so guests have them too: colour theme, shortcuts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, redirect, request

from .access import safe_next

THEMES = ("auto", "light", "dark")
COOKIE_AGE = 365 * 24 * 3600


def preferences() -> dict[str, object]:
    """Return the theme ("auto", "light" or "dark") and whether single-key shortcuts are on."""
    theme = request.cookies.get("theme", "auto")
    return {
        "theme": theme if theme in THEMES else "auto",
        "shortcuts": request.cookies.get("shortcuts") != "off",
    }


def set_preferences():
    """Remember the chosen theme or shortcut setting and go back to the page it came from.

    CSRFProtect checks the token, as for every POST.
    """
    response = redirect(safe_next(request.form.get("next"), "/"), 303)
    secure = current_app.config.get("SESSION_COOKIE_SECURE", False)
    theme = request.form.get("theme")
    if theme in THEMES:
        response.set_cookie("theme", theme, max_age=COOKIE_AGE, samesite="Lax", secure=secure)
    shortcuts = request.form.get("shortcuts")
    if shortcuts in ("on", "off"):
        response.set_cookie(
            "shortcuts", shortcuts, max_age=COOKIE_AGE, samesite="Lax", secure=secure
        )
    return response


def back_path() -> str:
    """Where a preference form returns to: this page, or for a POST the page it came from."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return "/"


def init_app(app: Flask) -> None:
    app.add_url_rule("/preferences", "set_preferences", set_preferences, methods=["POST"])
    app.context_processor(lambda: {"prefs": preferences(), "back_path": back_path})
