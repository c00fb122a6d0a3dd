"""`quizapp setup`, `import`, `validate` and `schema`: the bank folder into the database."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from ..banks import load_bank, validate_paths, write_json_schema
from ..config import PROJECT_ROOT, questions_dir
from ..extensions import db
from ..library.locks import setup_lock
from ..library.reload import fingerprint, remember_folder
from ..library.sync import store_bank, sync_folder


def setup_database(*, quiet: bool = False) -> None:
    """Create or migrate the schema, then import the bank folder."""
    folder = Path(current_app.config["QUESTIONS_DIR"])
    # The advisory lock makes two instances that start at once migrate in turn.
    with setup_lock():
        upgrade()
        seen = fingerprint(folder)  # before the import: an edit during it is seen later
        report = sync_folder(folder)
    # `quizapp serve` and `run` fork (or serve) from this app: no worker imports again.
    remember_folder(current_app._get_current_object(), seen)
    if not quiet:
        click.echo(
            f"Banks: {len(report.stored)} imported, {len(report.unchanged)} unchanged,"
            f" {len(report.removed)} removed, {len(report.problems)} problems."
        )
        for problem in report.problems:
            click.echo(str(problem), err=True)


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check bank files (default: the questions folder) and print every problem."""
    targets = list(paths) or [questions_dir()]
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


@click.command("import")
@with_appcontext
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def import_command(paths: tuple[Path, ...]) -> None:
    """Import banks into the database (default: the questions folder)."""
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


@click.command("setup")
@with_appcontext
def setup_command() -> None:
    """Create or migrate the database schema and import the questions folder."""
    setup_database()


@click.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=PROJECT_ROOT / "static" / "bank.schema.json",
    show_default=True,
)
def schema_command(output: Path) -> None:
    """Write the JSON Schema of the bank format, for editors."""
    write_json_schema(output)
    click.echo(f"Wrote {output}.")
