"""`quizapp lint`: item-writing warnings for bank files (exit status 1 when there are any)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..banks.lint import lint_paths
from ..config import questions_dir


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--article",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The source article as plain text, to find true/false statements that copy it.",
)
def lint_command(paths: tuple[Path, ...], article: Path | None) -> None:
    """Warn about weak questions in bank files (default: the questions folder).

    Exit status: 0 with no warnings, 1 with warnings, 2 when a file does not load (its
    problems are printed as by `quizapp validate`, and it is not linted).
    """
    targets = list(paths) or [questions_dir()]
    text = article.read_text("utf-8") if article is not None else None
    result = lint_paths(targets, article=text)
    for problem in result.problems:
        click.echo(str(problem), err=True)
    for warning in result.warnings:
        click.echo(str(warning))
    count = len(result.warnings)
    if result.problems:
        click.echo(f"{len(result.problems)} problems: fix them and lint again.", err=True)
        sys.exit(2)
    if count:
        click.echo(f"{count} warning{'' if count == 1 else 's'}.", err=True)
        sys.exit(1)
    if text is None:
        click.echo("No warnings (without --article, statements were not compared with it).")
    else:
        click.echo("No warnings.")
