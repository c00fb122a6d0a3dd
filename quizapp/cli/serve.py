"""`quizapp serve`: the app under gunicorn, set up once before the workers fork."""

from __future__ import annotations

import os

import click
from flask import Flask
from gunicorn.app.base import BaseApplication

from .. import create_app
from ..config import MissingSecretKey
from ..extensions import db
from ..web.security import behind_proxies
from .setup import setup_database


class Server(BaseApplication):
    """gunicorn running one app object that the master built (and set up) before forking."""

    def __init__(self, app: Flask, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__(prog="quizapp serve")

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def production_app() -> Flask:
    """Create the app for production; a missing secret key stops it with the reason."""
    os.environ["QUIZAPP_ENV"] = "production"
    try:
        return create_app()
    except MissingSecretKey as error:
        raise click.ClickException(str(error)) from None


@click.command("serve")
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    envvar="QUIZAPP_WORKERS",
    help="Worker processes (QUIZAPP_WORKERS).",
)
@click.option(
    "--bind",
    "-b",
    default="127.0.0.1:8000",
    show_default=True,
    envvar="QUIZAPP_BIND",
    help="Address to listen on, host:port or unix:/path (QUIZAPP_BIND).",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    envvar="QUIZAPP_THREADS",
    help="Threads per worker (QUIZAPP_THREADS); more than 1 uses gthread workers.",
)
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    envvar="QUIZAPP_TIMEOUT",
    help="Seconds a request may take before its worker is restarted (QUIZAPP_TIMEOUT).",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    envvar="QUIZAPP_ACCESS_LOG",
    help="Log every request to standard output (QUIZAPP_ACCESS_LOG=1).",
)
def serve_command(workers: int, bind: str, threads: int, timeout: int, access_log: bool) -> None:
    """Serve the app in production with gunicorn (sets QUIZAPP_ENV=production).

    Migrates the database and imports the banks once, before the workers start; on
    PostgreSQL an advisory lock makes instances that start together take turns.
    QUIZAPP_SECRET_KEY must be set.
    """
    app = production_app()
    with app.app_context():
        setup_database()
        # Connections must not cross the fork: each worker opens its own.
        db.engine.dispose()
    behind_proxies(app)
    options = {
        "bind": [part.strip() for part in bind.split(",") if part.strip()],
        "workers": workers,
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": timeout,
        "preload_app": True,
        "proc_name": "quizapp",
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        # One shared default path (~/.gunicorn/gunicorn.ctl) would clash between instances.
        "control_socket_disable": True,
    }
    Server(app, options).run()
