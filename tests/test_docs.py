"""The examples in the docs are real: they validate as they are written."""

import re

import yaml

from quizapp.banks import load_bank
from quizapp.config import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "bank-format.md"


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def complete_example() -> str:
    return next(b for b in yaml_blocks(DOC.read_text()) if "\nquestions:" in b)


def test_the_complete_example_validates(tmp_path):
    path = tmp_path / "solar-system.yaml"
    path.write_text(complete_example())
    result = load_bank(path)
    assert result.problems == []


def test_every_question_example_validates(tmp_path):
    complete = yaml.safe_load(complete_example())
    snippets = [b for b in yaml_blocks(DOC.read_text()) if b.lstrip().startswith("- id:")]
    types = set()
    for snippet in snippets:
        questions = yaml.safe_load(snippet)
        types |= {q["type"] for q in questions}
        bank = dict(complete, questions=questions)
        path = tmp_path / "example.yaml"
        path.write_text(yaml.safe_dump(bank, sort_keys=False))
        result = load_bank(path)
        assert result.problems == [], snippet
    assert types == {"multiple", "true_false", "short", "numeric", "ordering", "matching", "cloze"}
