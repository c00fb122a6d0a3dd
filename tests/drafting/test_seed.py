"""The seed article a new user tries first, read from the shared folder beside the repo."""

from __future__ import annotations

import datetime as dt

import pytest

from quizapp.drafting.detect import detect
from tests.oracles.drafting import SEED, answers, quality_problems, validation_problems

pytestmark = pytest.mark.skipif(
    not SEED.is_file(), reason=f"the shared seed article is not at {SEED} (outside the repo)"
)

EXPECTED = {
    ("person", "Mohammed Shia Al-Sudani"),
    ("org", "Harakat al-Nujaba"),
    ("org", "Popular Mobilisation Forces"),
    ("org", "PMF"),
    ("place", "Baghdad"),
    ("place", "Iraq"),
    ("place", "Syria"),
    ("place", "Gaza"),
    ("year", "2014"),
    ("date", "mid-October"),
}
FRAGMENTS = {"Shia", "Mohammed", "Sudani", "Nujaba", "Popular", "Mobilisation", "Forces", "East"}


def test_seed_draft_is_valid_and_follows_the_rules(seed):
    result = seed
    assert validation_problems(result.yaml_text, "iraq-coalition") == []
    assert quality_problems(result.bank) == []


def test_seed_header_is_read_despite_the_page_furniture(seed):
    result = seed
    assert result.bank["source"] == {
        "title": "A New Era in Iraq: Al-Sudani’s Bold Move to End US Coalition Presence Amid"
        " Regional Tensions",
        "author": "Christian Baghai",
        "published": dt.date(2024, 1, 6),
    }
    assert len({p for p, _ in result.sentences}) == 5
    assert not any("Christian Baghai" in s or s == "--" for s in result.sentences.values())


def test_seed_facts_are_found(seed):
    result = seed
    found = {(s.kind, s.text) for spans in detect(list(result.sentences.values())) for s in spans}
    assert found >= EXPECTED
    quantities = {
        (s.text, s.hedge)
        for spans in detect(list(result.sentences.values()))
        for s in spans
        if s.kind == "quantity"
    }
    assert quantities == {("100", "over"), ("2,500", "around"), ("900", "around")}


def test_seed_questions_ask_about_the_key_facts(seed):
    result = seed
    asked = {answer for q in result.bank["questions"] for answer in answers(q)}
    key_facts = ["Mohammed Shia Al-Sudani", "Harakat al-Nujaba", "Popular Mobilisation Forces"]
    key_facts += ["Baghdad", "Iraq", "Gaza", "2014", "mid-October", "100", "2500", "900"]
    assert set(key_facts) <= asked
    assert not asked & FRAGMENTS
    numeric = {q["answer"]: q for q in result.bank["questions"] if q["type"] == "numeric"}
    assert numeric[2500]["tolerance"] == 250 and numeric[900]["tolerance"] == 90
    assert "over _____ attacks" in numeric[100]["prompt"] and "tolerance" not in numeric[100]


def test_seed_every_paragraph_gets_a_question(seed):
    result = seed
    assert {q["source"]["paragraph"] for q in result.bank["questions"]} == {1, 2, 3, 4, 5}


def test_seed_cards(seed):
    result = seed
    cards = {c["front"]: c["back"] for c in result.bank["cards"]}
    assert cards["PMF"] == "Popular Mobilisation Forces"
    assert cards["Harakat al-Nujaba"] == "A faction of the Popular Mobilisation Forces (PMF)"
