"""Item-writing checks for banks that load: warnings with a line and a plain fix.

A bank that loads is valid; these checks look for what makes a valid question a weak one
(the right choice is the longest, one item answers another, a typo-tolerant answer accepts
a different word, ...). They never block an import. Each check lives in a lint_*.py
module as a function of a `Context` that yields `Flag`s; this module finds their lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import Node

from . import lint_answers, lint_choices, lint_text, yamlnodes
from .lint_base import Context, Flag, Loc, at_question, shown_texts
from .loader import SUFFIXES, LoadedBank, Problem, load_bank
from .locate import find

__all__ = ["Context", "Flag", "LintResult", "LintWarning", "Loc", "at_question", "shown_texts"]


@dataclass(frozen=True, order=True)
class LintWarning:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    check: str  # a short name, such as "longest-correct"
    message: str  # what is wrong
    fix: str  # what to do about it

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.check}: {self.message}. {self.fix}"


@dataclass(frozen=True)
class LintResult:
    problems: list[Problem]  # the bank does not load: nothing was linted
    warnings: list[LintWarning]


def _checks() -> list[Callable[[Context], Iterable[Flag]]]:
    return [*lint_choices.CHECKS, *lint_text.CHECKS, *lint_answers.CHECKS]


def article_sentences(text: str) -> list[str]:
    """Split an article's plain text into sentences (lines of a few words are skipped)."""
    sentences = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])", line.strip()):
            if len(sentence.split()) >= 6:
                sentences.append(sentence)
    return sentences


def lint_loaded(
    bank: LoadedBank, root: Node | None, *, article: str | None = None
) -> list[LintWarning]:
    """Run every check on a bank that loaded; `root` is its YAML node tree, for the lines."""
    context = Context(bank.bank, article_sentences(article) if article is not None else None)
    seen: set[LintWarning] = set()
    for check in _checks():
        for flag in check(context):
            line, column = _position(root, flag.at)
            seen.add(LintWarning(str(bank.path), line, column, flag.check, flag.message, flag.fix))
    return sorted(seen)


def lint_bank(
    path: str | Path, data: bytes | None = None, *, article: str | None = None
) -> LintResult:
    """Load a bank file (or these bytes, reported as `path`) and lint it if it loads."""
    path = Path(path)
    result = load_bank(path, data)
    if result.bank is None:
        return LintResult(result.problems, [])
    raw = data if data is not None else path.read_bytes()
    return LintResult([], lint_loaded(result.bank, yamlnodes.compose(raw), article=article))


def lint_paths(paths: Iterable[str | Path], *, article: str | None = None) -> LintResult:
    """Lint bank files and folders of banks (not their subfolders)."""
    problems: list[Problem] = []
    warnings: list[LintWarning] = []
    for file in _files(paths, problems):
        result = lint_bank(file, article=article)
        problems += result.problems
        warnings += result.warnings
    return LintResult(sorted(problems), warnings)


def _files(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            yield path
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or folder"))


def _position(root: Node | None, at: Loc) -> tuple[int, int]:
    if root is None:
        return 1, 1
    return yamlnodes.position(find(root, at).node)
