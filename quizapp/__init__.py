"""quizapp: quizzes and spaced-repetition flashcards for teaching from a text."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from . import config
from .extensions import csrf, db, limiter, login_manager, migrate
from .library.reload import watch_banks
from .web import access, assets, errors, security
from .web.filters import FILTERS
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
    _init_extensions(app)
    _init_web(app)
    _register_blueprints(app)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(config.PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(access.load_user)
    limiter.init_app(app)
    _sqlite_pragmas(app)


def _init_web(app: Flask) -> None:
    security.init_app(app)  # before any blueprint adds a URL rule: it bounds <int:...>
    assets.init_app(app)
    app.jinja_env.filters.update(FILTERS)
    app.after_request(add_vary)
    errors.init_app(app)


def _register_blueprints(app: Flask) -> None:
    # Imported here: a script that only needs the pure packages does not load every view.
    from .auth import bp as auth_bp
    from .authoring import bp as authoring_bp
    from .cards import bp as cards_bp
    from .classes import bp as classes_bp
    from .history import bp as history_bp
    from .quiz import bp as quiz_bp
    from .teacher import bp as teacher_bp

    for blueprint in (quiz_bp, history_bp, authoring_bp, cards_bp, teacher_bp, auth_bp, classes_bp):
        app.register_blueprint(blueprint)
    app.before_request(watch_banks)


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
