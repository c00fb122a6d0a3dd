"""Drafts a teacher would mostly approve: every reason, position and judgement asked about,
no copied true/false, no item that gives another away, options that hide the answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from quizapp.banks.lint import lint_bank
from quizapp.drafting import draft_bank
from tests.oracles.drafting import (
    ARTICLES,
    SEED,
    copied_true_false,
    give_aways,
    option_problems,
    right_answers,
    validation_problems,
)

NEW = ["coral_heat.md", "salt_tax.txt", "housing_ruling.txt"]
OLDER = ["local_library.txt", "glacier_sensors.md", "bridge_engineer.txt"]
ALL = [*NEW, *OLDER, "seed"]


def _path(name: str) -> Path:
    if name == "seed":
        if not SEED.is_file():
            pytest.skip(f"the shared seed article is not at {SEED} (outside the repo)")
        return SEED
    return ARTICLES / name


def _draft(name: str):
    text = _path(name).read_text(encoding="utf-8")
    bank_id = name.split(".")[0].replace("_", "-")
    return text, draft_bank(text, bank_id=bank_id, today=dt.date(2025, 1, 1))


def _expected(name: str) -> list[dict]:
    stem = "seed" if name == "seed" else name.split(".")[0]
    return yaml.safe_load((ARTICLES / f"{stem}.expect.yaml").read_text(encoding="utf-8"))["asks"]


@pytest.mark.parametrize("name", [*NEW, "seed"])
def test_every_reason_position_and_judgement_is_asked(name):
    _, result = _draft(name)
    where = {sentence: key for key, sentence in result.sentences.items()}
    by_key: dict[tuple[int, int], list[dict]] = {}
    for question in result.bank["questions"]:
        source = question["source"]
        by_key.setdefault((source["paragraph"], source["sentence"]), []).append(question)
    for item in _expected(name):
        assert item["sentence"] in where, f"not read as one sentence: {item['sentence']}"
        asked = by_key.get(where[item["sentence"]], [])
        assert asked, f"no question from: {item['sentence']}"
        answers = [a.casefold() for q in asked for a in right_answers(q)]
        assert any(item["answer"].casefold() in a for a in answers), (item["question"], answers)


@pytest.mark.parametrize("name", ALL)
def test_draft_is_valid_with_no_copied_true_false_and_no_give_away(name):
    _, result = _draft(name)
    assert validation_problems(result.yaml_text, result.bank["id"]) == []
    assert copied_true_false(result.bank, list(result.sentences.values())) == []
    assert give_aways(result.bank) == []
    assert option_problems(result.bank) == []


@pytest.mark.parametrize("name", ALL)
def test_draft_passes_quizapp_lint_with_the_article(name):
    """`quizapp lint` with --article: copied statements, give-aways, options, wording."""
    text, result = _draft(name)
    linted = lint_bank(f"{result.bank['id']}.yaml", result.yaml_text.encode(), article=text)
    assert linted.problems == []
    assert [f"{w.line}: {w.check}: {w.message}" for w in linted.warnings] == []


@pytest.mark.parametrize("name", [*NEW, "seed"])
def test_a_third_of_the_draft_asks_for_understanding(name):
    _, result = _draft(name)
    questions = result.bank["questions"]
    deep = [q for q in questions if {"reasons", "positions", "judgements"} & set(q["tags"])]
    assert len(deep) * 3 >= len(questions)


def test_the_checks_catch_what_they_look_for():
    """The checkers above are not vacuous: a bank with each flaw fails each one."""
    sentence = "The council closed the pool in 2019 because repairs cost too much."
    bank = {
        "questions": [
            {"id": "tf", "type": "true_false", "prompt": f"True or false? {sentence}"},
            {"id": "a", "type": "single", "prompt": "Which year goes in the gap? closed in ___",
             "choices": [{"text": "2019", "correct": True}, {"text": "2018"},
                         {"text": "the 2018"}]},
            {"id": "b", "type": "single", "prompt": "Why was it closed in 2019?",
             "choices": [{"text": "repairs cost far too much for the council", "correct": True},
                         {"text": "a flood"}, {"text": "a fire"}]},
        ]
    }  # fmt: skip
    assert copied_true_false(bank, [sentence]) == ["tf"]
    assert ("a", "b") in give_aways(bank)
    assert option_problems(bank) == [
        "a: two wrong options alike",
        "b: the right option is the longest",
    ]
