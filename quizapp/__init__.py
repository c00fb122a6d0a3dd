"""quizapp: quizzes and spaced-repetition flashcards for teaching from a text."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from . import assets, config, security
from .extensions import csrf, db, limiter, login_manager, migrate
from .htmx import add_vary

log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the app; schema set-up and bank import are separate steps."""
    app = Flask(
        __name__,
        instance_path=str(Path.cwd() / "instance"),
        template_folder=str(config.PROJECT_ROOT / "templates"),
        static_folder=str(config.PROJECT_ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if test_config is None:
        app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    else:
        app.config.from_mapping(config.DEFAULTS | test_config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(config.PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    _sqlite_pragmas(app)
    security.init_app(app)
    assets.init_app(app)

    from .history import bp as history_bp
    from .quiz import bp as quiz_bp

    app.register_blueprint(quiz_bp)
    app.register_blueprint(history_bp)

    from .authoring import bp as authoring_bp
    from .authoring.reload import watch_banks

    app.register_blueprint(authoring_bp)
    app.before_request(watch_banks)

    from .cards import bp as cards_bp

    app.register_blueprint(cards_bp)

    from .teacher import bp as teacher_bp

    app.register_blueprint(teacher_bp)

    from .auth import bp as auth_bp
    from .classes import bp as classes_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(classes_bp)

    @login_manager.user_loader
    def load_user(user_id: str):
        from .models import User

        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return None if user is None or user.is_guest else user

    @app.context_processor
    def navigation():
        # Lets the shared layout link to a feature only when its blueprint is installed.
        return {"has_endpoint": lambda name: name in app.view_functions}

    from .filters import FILTERS

    app.jinja_env.filters.update(FILTERS)
    app.after_request(add_vary)
    _error_pages(app)
    return app


def _sqlite_pragmas(app: Flask) -> None:
    """WAL and a busy timeout so concurrent writers wait instead of failing."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()


# SQLite: "database is locked"; PostgreSQL: lock_not_available, deadlock_detected.
_BUSY = ("database is locked", "database table is locked")
_BUSY_CODES = {"55P03", "40P01"}


def _is_busy(error: OperationalError) -> bool:
    code = getattr(error.orig, "sqlstate", None)
    return code in _BUSY_CODES or any(text in str(error.orig) for text in _BUSY)


def _error_pages(app: Flask) -> None:
    def page(status: int, title: str, message: str):
        return render_template("error.html", title=title, message=message), status

    @app.errorhandler(404)
    def not_found(_error):
        return page(
            404,
            "Page not found",
            "There is nothing at this address. It may have been moved, or the link is wrong.",
        )

    @app.errorhandler(403)
    def forbidden(_error):
        return page(403, "Not allowed", "Your account may not see this page.")

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

    @app.errorhandler(OperationalError)
    def database_busy(error):
        """SQLite's "database is locked" after its busy timeout, or a PostgreSQL lock
        timeout or deadlock: nothing was saved, and trying again shortly will work."""
        db.session.rollback()
        if not _is_busy(error):
            raise error
        log.warning("database busy: %s", error.orig)
        response = page(
            503,
            "Busy",
            "Many people are saving at once, so this was not saved. Send it again in a moment.",
        )
        return response[0], 503, {"Retry-After": "2"}

    @app.errorhandler(500)
    def server_error(_error):
        db.session.rollback()
        return page(
            500,
            "Something went wrong",
            "The server could not finish this request and saved nothing from it."
            " Try again in a moment.",
        )
