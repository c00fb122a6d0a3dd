"""Display preferences kept in a cookie, so guests have them too: colour theme, shortcuts,
answer on tap."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, redirect, request

from .access import safe_next

THEMES = ("auto", "light", "dark")
# On/off switches, each its own cookie; on unless the learner turned it off.
SWITCHES = ("shortcuts", "tap")
COOKIE_AGE = 365 * 24 * 3600


def preferences() -> dict[str, object]:
    """Return the theme ("auto", "light" or "dark") and whether each switch is on.

    `shortcuts`: single-key shortcuts on quiz questions; `tap`: in practice mode a tap on a
    one-answer choice sends it.
    """
    theme = request.cookies.get("theme", "auto")
    prefs: dict[str, object] = {"theme": theme if theme in THEMES else "auto"}
    for name in SWITCHES:
        prefs[name] = request.cookies.get(name) != "off"
    return prefs


def set_preferences():
    """Remember the chosen theme or switch setting and go back to the page it came from.

    CSRFProtect checks the token, as for every POST.
    """
    response = redirect(safe_next(request.form.get("next"), "/"), 303)
    chosen = {"theme": request.form.get("theme")} if request.form.get("theme") in THEMES else {}
    chosen.update(
        {name: request.form[name] for name in SWITCHES if request.form.get(name) in ("on", "off")}
    )
    for name, value in chosen.items():
        response.set_cookie(name, value, **_cookie_options())
    return response


def _cookie_options() -> dict[str, object]:
    secure = current_app.config.get("SESSION_COOKIE_SECURE", False)
    return {"max_age": COOKIE_AGE, "path": "/", "samesite": "Lax", "secure": secure}


def cookie_attributes() -> str:
    """The same cookie options in `document.cookie` form, for the theme switch's script,
    which keeps the choice at once: `; max-age=...; path=/; samesite=Lax[; secure]`."""
    options = _cookie_options()
    attributes = f"; max-age={options['max_age']}; path={options['path']}"
    attributes += f"; samesite={options['samesite']}"
    return attributes + ("; secure" if options["secure"] else "")


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
    app.context_processor(
        lambda: {
            "prefs": preferences(),
            "back_path": back_path,
            "pref_cookie_attributes": cookie_attributes,
        }
    )
