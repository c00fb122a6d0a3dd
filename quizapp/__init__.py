"""quizapp: quizzes and spaced-repetition flashcards for teaching from a text."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from . import config
from .extensions import csrf, db, limiter, login_manager, migrate
from .web import assets, errors, security
from .web.htmx import add_vary

log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the app; schema set-up and bank import are separate steps."""
    app = Flask(
        __name__,
        instance_path=str(config.instance_path()),
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
    from .library.reload import watch_banks

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

    from .web.filters import FILTERS

    app.jinja_env.filters.update(FILTERS)
    app.after_request(add_vary)
    errors.init_app(app)
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
