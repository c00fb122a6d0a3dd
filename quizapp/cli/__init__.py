"""The `quizapp` command: Flask's commands plus validate, import, setup and schema."""

from __future__ import annotations

import functools

import click
from flask.cli import FlaskGroup, ScriptInfo, routes_command, run_command, shell_command

from .. import create_app
from .convert import convert_command
from .draft import draft_command
from .serve import serve_command
from .setup import (
    import_command,
    schema_command,
    setup_command,
    setup_database,
    validate_command,
)
from .users import create_user_command


def _with_setup(command: click.Command) -> click.Command:
    """Wrap Flask's `run` so the app migrates and imports its banks when it starts."""
    original = command.callback

    @functools.wraps(original)
    def callback(*args, **kwargs):
        info = click.get_current_context().ensure_object(ScriptInfo)
        with info.load_app().app_context():
            setup_database()
        return original(*args, **kwargs)

    return click.Command(
        name=command.name,
        params=command.params,
        callback=callback,
        help=(command.help or "") + "\n\nMigrates the database and imports the banks first.",
        short_help="Migrate, import the banks and run a development server.",
    )


cli = FlaskGroup(
    create_app=create_app,
    add_default_commands=False,
    help="quizapp: quizzes and spaced-repetition flashcards for teaching from a text.",
)
cli.add_command(_with_setup(run_command))
cli.add_command(shell_command)
cli.add_command(routes_command)
cli.add_command(serve_command)
cli.add_command(create_user_command)
cli.add_command(convert_command, "convert")
cli.add_command(draft_command, "draft")
for command in (validate_command, import_command, setup_command, schema_command):
    cli.add_command(command)


def main() -> None:
    """Entry point of the `quizapp` console script."""
    cli.main(prog_name="quizapp")
