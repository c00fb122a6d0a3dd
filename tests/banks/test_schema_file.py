"""The JSON Schema shipped for editors must match the validation models."""

import json

from quizapp.banks import bank_json_schema
from quizapp.config import PROJECT_ROOT

SCHEMA_FILE = PROJECT_ROOT / "static" / "bank.schema.json"
REGENERATE = (
    '.venv/bin/python -c "from quizapp.banks import write_json_schema;'
    " write_json_schema('static/bank.schema.json')\""
)


def test_schema_file_matches_the_models():
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == bank_json_schema(), (
        f"{SCHEMA_FILE} is out of date with quizapp/banks/schema.py; regenerate it: {REGENERATE}"
    )


def test_schema_accepts_the_paragraph_shorthand():
    source = bank_json_schema()["$defs"]["Card"]["properties"]["source"]
    assert {"type": "integer", "minimum": 1} in source["anyOf"]
