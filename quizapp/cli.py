"""The `quizapp` command: Flask's commands plus validate, import, setup and schema."""

from __future__ import annotations

import functools
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo, routes_command, run_command, shell_command

from . import create_app
from .auth.commands import create_user_command
from .banks import load_bank, validate_paths
from .cli_lint import lint_command
from .convert.command import convert_command
from .drafting.command import draft_command
from .extensions import db
from .locks import setup_lock
from .serve import serve_command


@contextmanager
def _setup_lock():
    """Hold the advisory lock so two instances starting at once migrate in turn."""
    with setup_lock():
        yield


def setup_database(*, quiet: bool = False) -> None:
    """Create or migrate the schema, then import the bank folder."""
    from flask_migrate import upgrade

    from .importer import sync_folder

    with _setup_lock():
        upgrade()
        report = sync_folder(current_app.config["QUESTIONS_DIR"])
    if not quiet:
        click.echo(
            f"Banks: {len(report.stored)} imported, {len(report.unchanged)} unchanged,"
            f" {len(report.removed)} removed, {len(report.problems)} problems."
        )
        for problem in report.problems:
            click.echo(str(problem), err=True)


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


def _default_questions_dir() -> Path:
    return Path(os.environ.get("QUIZAPP_QUESTIONS") or Path.cwd() / "questions")


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
cli.add_command(lint_command, "lint")


@cli.command("validate", with_appcontext=False)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check bank files (default: the questions folder) and print every problem."""
    targets = list(paths) or [_default_questions_dir()]
    missing = [path for path in targets if not path.exists()]
    for path in missing:
        click.echo(f"{path}: no such file or folder", err=True)
    problems = validate_paths([path for path in targets if path.exists()])
    for problem in problems:
        click.echo(str(problem))
    files = _bank_files(targets)
    if problems or missing:
        bad = len({problem.path for problem in problems}) + len(missing)
        click.echo(f"{bad} of {len(files) + len(missing)} files have problems.", err=True)
        sys.exit(1)
    click.echo(f"{len(files)} bank file{'' if len(files) == 1 else 's'} OK.")


def _bank_files(targets: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in targets:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        elif path.exists():
            files.append(path)
    return files


@cli.command("import")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def import_command(paths: tuple[Path, ...]) -> None:
    """Import banks into the database (default: the questions folder)."""
    from .importer import store_bank, sync_folder

    targets = list(paths) or [Path(current_app.config["QUESTIONS_DIR"])]
    failed = False
    for path in targets:
        if path.is_dir():
            report = sync_folder(path)
            click.echo(
                f"{path}: {len(report.stored)} imported, {len(report.unchanged)} unchanged,"
                f" {len(report.removed)} removed."
            )
            problems = report.problems
        else:
            result = load_bank(path)
            problems = result.problems
            if result.bank is not None:
                store_bank(result.bank)
                db.session.commit()
                click.echo(f"{path}: imported bank {result.bank.bank.id!r}.")
        for problem in problems:
            click.echo(str(problem), err=True)
        failed = failed or bool(problems)
    if failed:
        sys.exit(1)


@cli.command("setup")
def setup_command() -> None:
    """Create or migrate the database schema and import the questions folder."""
    setup_database()


@cli.command("schema", with_appcontext=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("static/bank.schema.json"),
    show_default=True,
)
def schema_command(output: Path) -> None:
    """Write the JSON Schema of the bank format, for editors."""
    from .banks import write_json_schema

    write_json_schema(output)
    click.echo(f"Wrote {output}.")


def main() -> None:
    """Entry point of the `quizapp` console script."""
    cli.main(prog_name="quizapp")
