"""`quizapp draft ARTICLE [-o questions/NAME.yaml]`: print or write a draft bank."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import Counter
from pathlib import Path

import click

from ..banks.text import document_problem
from ..drafting.draft import DraftError, DraftResult, draft_bank
from ..drafting.generate import slugify


@click.command("draft")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the bank to this file (e.g. questions/NAME.yaml) instead of printing it.",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def draft_command(article: Path, output: Path | None, force: bool) -> None:
    """Draft a question bank from ARTICLE (plain text or Markdown) for a teacher to review."""
    if output is not None and output.exists() and not force:
        raise click.ClickException(f"{output} exists; add --force to overwrite it")
    try:
        text = article.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{article} is not UTF-8 text ({error.reason})") from None
    refused = document_problem(text)
    if refused is not None:
        line, column, message = refused
        raise click.ClickException(f"{article}:{line}:{column}: {message}")
    bank_id = slugify((output or article).stem)[:100].strip("-") or "draft"
    try:
        result = draft_bank(text, bank_id=bank_id, today=dt.date.today())
    except DraftError as error:
        raise click.ClickException(f"{article}: {error}") from None
    if output is None:
        click.echo(result.yaml_text, nl=False)
    else:
        _write(output, result.yaml_text)
    click.echo(summary(result, output), err=True)


def _write(path: Path, text: str) -> None:
    """Write through a temporary file, so a failed write never leaves half a bank."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def summary(result: DraftResult, output: Path | None = None) -> str:
    """Counts per question type, and the paragraphs that got no question."""
    questions = result.bank["questions"]
    cards = result.bank.get("cards", [])
    types = Counter(question["type"] for question in questions)
    paragraphs = sorted({p for p, _ in result.sentences})
    asked = {question["source"]["paragraph"] for question in questions}
    missing = [str(p) for p in paragraphs if p not in asked]
    where = f" to {output}" if output else ""
    lines = [
        f"Drafted {len(questions)} questions and {len(cards)} cards from"
        f" {len(paragraphs)} paragraphs{where}.",
        "By type: " + ", ".join(f"{kind} {count}" for kind, count in sorted(types.items())) + ".",
        "Paragraphs with no question: " + (", ".join(missing) if missing else "none") + ".",
        "Every question is draft: true; check each against the article before use.",
    ]
    return "\n".join(lines)
