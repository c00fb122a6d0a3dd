"""The JSON Schema for bank files, generated from the models for editors' completion."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .schema import Bank

REGENERATE = (
    '.venv/bin/python -c "from quizapp.banks import write_json_schema;'
    " write_json_schema('static/bank.schema.json')\""
)


def bank_json_schema() -> dict[str, Any]:
    """The JSON Schema of a question bank file."""
    schema = Bank.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "quizapp question bank",
        "description": "One YAML file of questions and flashcards; see docs/bank-format.md."
        f" Generated from quizapp/banks/schema.py: regenerate with {REGENERATE}",
    }


def write_json_schema(path: str | Path) -> None:
    """Write the schema as stable, indented JSON."""
    text = json.dumps(bank_json_schema(), indent=2, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")
