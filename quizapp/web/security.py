"""Security headers on every response, and trust in the proxies in front of the app."""

from __future__ import annotations

import os

from flask import Flask, Response, abort, request, session
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from ..banks.text import refused_at

# No 'unsafe-inline' and no 'unsafe-eval': scripts and styles come from static/ only, and
# htmx runs with allowEval false and includeIndicatorStyles false (see templates/base.html).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

# Browsers remember HSTS for the whole host; send it only when the site is served over HTTPS.
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    """Set the security headers a handler has not set itself."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def no_store_personal(response: Response) -> Response:
    """Keep pages and downloads made for one person (a session, a CSV) out of every cache.

    A shared computer's browser cache or a proxy would otherwise keep a learner's scores
    and answers, or a class's export, for the next person to read.
    """
    if request.endpoint == "static" or "Cache-Control" in response.headers:
        return response
    if session.accessed or response.mimetype == "text/csv":
        response.headers["Cache-Control"] = "no-store"
    return response


def _add_hsts(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` up to the largest id a column holds: a larger number is not found (404).

    Without a bound, /attempts/2147483648 reaches the database: PostgreSQL refuses it for
    an integer column ("integer out of range") and SQLite cannot bind numbers past 2**63
    (OverflowError), both a 500.
    """

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def refuse_unstorable_urls() -> None:
    """A URL part (a slug, a join code) with a NUL or another control character names
    nothing: 404, before PostgreSQL is asked and refuses the query (a 500)."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and refused_at(value) is not None:
            abort(404)
    for value in request.args.values():
        if refused_at(value) is not None:
            abort(400)


def behind_proxies(app: Flask, environ=os.environ) -> Flask:
    """Trust X-Forwarded-* from QUIZAPP_PROXY_HOPS proxies (rate limits key on the client IP)."""
    hops = environ.get("QUIZAPP_PROXY_HOPS", "").strip()
    if hops.isdigit() and int(hops) > 0:
        count = int(hops)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    return app


def init_app(app: Flask) -> None:
    """Add the headers; bound URL integers (before any blueprint adds its rules)."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(refuse_unstorable_urls)
    app.after_request(add_security_headers)
    app.after_request(no_store_personal)
    if app.config.get("SESSION_COOKIE_SECURE"):
        app.after_request(_add_hsts)
