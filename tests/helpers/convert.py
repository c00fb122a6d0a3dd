"""Shared helpers for the converter tests: read sample files, prove banks validate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quizapp.banks import load_bank
from quizapp.banks.schema import Bank
from quizapp.convert import ImportResult, dump_yaml, import_bank

DATA = Path(__file__).resolve().parents[1] / "convert" / "data"
TODAY = dt.date(2024, 1, 6)


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def import_file(name: str, fmt: str, **options) -> ImportResult:
    return import_bank(read(name), fmt, name=name, today=TODAY, **options)


def validated(bank: dict) -> Bank:
    """The bank as our loader reads it from YAML: proves the import is a valid bank file."""
    result = load_bank(f"{bank.get('id', 'bank')}.yaml", dump_yaml(bank).encode())
    assert result.problems == [], [str(problem) for problem in result.problems]
    assert result.bank is not None
    return result.bank.bank


def questions(result: ImportResult) -> dict[str, dict]:
    return {question["id"]: question for question in result.bank["questions"]}


def notes(result: ImportResult) -> list[tuple[int, str, str]]:
    return [(note.line, note.level, note.message) for note in result.notes]
