"""Error pages: every error status answers with a page in the site's layout, in words."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import Forbidden

from ..extensions import db

log = logging.getLogger(__name__)

# SQLite: "database is locked"; PostgreSQL: lock_not_available, deadlock_detected.
_BUSY = ("database is locked", "database table is locked")
_BUSY_CODES = {"55P03", "40P01"}


def _is_busy(error: OperationalError) -> bool:
    code = getattr(error.orig, "sqlstate", None)
    return code in _BUSY_CODES or any(text in str(error.orig) for text in _BUSY)


def database_busy(error: OperationalError):
    """SQLite's "database is locked" after its busy timeout, or a PostgreSQL lock timeout
    or deadlock: nothing was saved, and sending it again shortly will work (503)."""
    db.session.rollback()
    if not _is_busy(error):
        raise error
    log.warning("database busy: %s", error.orig)
    message = "Many people are saving at once, so this was not saved. Send it again in a moment."
    body = render_template("error.html", title="Busy", message=message)
    return body, 503, {"Retry-After": "2"}


def forbidden(error):
    """Not allowed (403), in the view's own words when it gave some: abort(403, description=…)."""
    said = getattr(error, "description", None)
    if not said or said == Forbidden.description:
        said = "Your account may not see this page."
    return render_template("error.html", title="Not allowed", message=said), 403


def init_app(app: Flask) -> None:
    """Answer errors with the site's own page: what happened and what to do next."""

    def page(status: int, title: str, message: str):
        return render_template("error.html", title=title, message=message), status

    @app.errorhandler(404)
    def not_found(_error):
        return page(
            404,
            "Page not found",
            "There is nothing at this address. It may have been moved, or the link is wrong.",
        )

    app.register_error_handler(403, forbidden)

    @app.errorhandler(429)
    def too_many(_error):
        return page(
            429, "Too many tries", "Too many attempts in a short time. Wait a minute and try again."
        )

    @app.errorhandler(405)
    def not_allowed(_error):
        return page(405, "Not allowed", "This address does not accept that kind of request.")

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return page(
            400,
            "Form expired",
            "The form was too old or incomplete to accept. Go back, reload the page"
            " and send it again; nothing was saved.",
        )

    @app.errorhandler(400)
    def bad_request(_error):
        return page(
            400, "Bad request", "The request could not be understood. Go back and try again."
        )

    @app.errorhandler(413)
    def too_large(_error):
        return page(413, "Too large", "What you sent is larger than this site accepts (2 MB).")

    app.register_error_handler(OperationalError, database_busy)

    @app.errorhandler(500)
    def server_error(_error):
        db.session.rollback()
        return page(
            500,
            "Something went wrong",
            "The server could not finish this request and saved nothing from it."
            " Try again in a moment.",
        )
