"""Drafting banks from the three test articles: the quality rules, validation and speed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from quizapp.drafting import DraftError, draft_bank, drafter, highlight
from quizapp.drafting.detect import detect
from quizapp.drafting.drafter import Drafter
from tests.oracles.drafting import ARTICLES, quality_problems, validation_problems

TODAY = dt.date(2025, 3, 1)

# (file, title, author, published)
ARTICLE_META = [
    ("local_library.txt", "Millbrook Library Reopens After Flood Repairs", "Maria Okafor",
     dt.date(2023, 3, 14)),
    ("glacier_sensors.md", "Tiny Sensors Listen to a Glacier Breathing", "Priya Raman",
     dt.date(2024, 1, 6)),
    ("bridge_engineer.txt", "The Engineer Who Taught Rivers to Carry Trains", "Tomas Lindqvist",
     dt.date(2024, 5, 2)),
]  # fmt: skip
NAMES = [meta[0] for meta in ARTICLE_META]


def draft(name: str):
    text = (ARTICLES / name).read_text(encoding="utf-8")
    return draft_bank(text, bank_id=name.split(".")[0].replace("_", "-"), today=TODAY)


@pytest.mark.parametrize(("name", "title", "author", "published"), ARTICLE_META)
def test_bank_source_comes_from_the_article_header(name, title, author, published):
    bank = draft(name).bank
    assert bank["title"] == title
    assert bank["source"] == {"title": title, "author": author, "published": published}


@pytest.mark.parametrize("name", NAMES)
def test_draft_validates_with_the_bank_loader(name):
    result = draft(name)
    assert validation_problems(result.yaml_text, result.bank["id"]) == []


@pytest.mark.parametrize("name", NAMES)
def test_draft_follows_the_quality_rules(name):
    assert quality_problems(draft(name).bank) == []


@pytest.mark.parametrize("name", NAMES)
def test_same_article_gives_byte_identical_yaml(name):
    assert draft(name).yaml_text == draft(name).yaml_text


@pytest.mark.parametrize("name", NAMES)
def test_drafting_scans_each_distractor_pool_once_per_fact(name, monkeypatch):
    """The work grows with the facts found: each fact's pool of distractors is scanned once.

    Counted, not timed: a busy machine cannot fail it, and a lost memo or a search per
    question (rather than per fact) does.
    """
    calls: Counter = Counter()
    find, fair = Drafter._find_distractors, drafter.fair_distractor

    def counted_find(self, span, sentence):
        calls[(sentence, span.start)] += 1
        return find(self, span, sentence)

    def counted_fair(*args):
        calls["fair"] += 1
        return fair(*args)

    monkeypatch.setattr(Drafter, "_find_distractors", counted_find)
    monkeypatch.setattr(drafter, "fair_distractor", counted_fair)
    result = draft(name)
    spans = dict(zip(result.sentences, detect(list(result.sentences.values())), strict=True))
    searched = [key for key in calls if key != "fair"]
    assert searched and all(calls[key] == 1 for key in searched)
    assert len(searched) <= sum(len(found) for found in spans.values())
    largest_pool = max(len(pool) for pool in Drafter(result.sentences, spans).pools.values())
    assert calls["fair"] <= len(searched) * largest_pool


@pytest.mark.parametrize("name", NAMES)
def test_every_paragraph_with_a_fact_gets_a_question(name):
    result = draft(name)
    facts = dict(zip(result.sentences, detect(list(result.sentences.values())), strict=True))
    with_facts = {p for (p, _), spans in facts.items() if spans}
    asked = {q["source"]["paragraph"] for q in result.bank["questions"]}
    assert with_facts <= asked
    # Every paragraph of these articles was written with a fact in it.
    assert asked == {p for p, _ in result.sentences}


@pytest.mark.parametrize("name", NAMES)
def test_each_question_rests_on_the_sentence_it_cites(name):
    result = draft(name)
    for question in result.bank["questions"]:
        source = question["source"]
        sentence = result.sentences[(source["paragraph"], source["sentence"])]
        assert sentence in question["explanation"], question["id"]
        if question["type"] == "cloze":
            filled = question["text"]
            for number, blank in enumerate(question["blanks"], start=1):
                answer = blank.get("answer") or blank["answers"][0]
                filled = filled.replace(f"[[{number}]]", answer)
            assert filled == sentence
        elif question["type"] == "single":
            right = next(c["text"] for c in question["choices"] if c.get("correct"))
            assert (
                question["prompt"].split("“", 1)[1].rstrip("”").replace("_____", right) == sentence
            )
        elif question["type"] == "numeric":
            assert highlight(sentence, str(question["answer"]))[1], question["id"]


@pytest.mark.parametrize("name", NAMES)
def test_true_false_comes_in_pairs_from_one_sentence(name):
    questions = [q for q in draft(name).bank["questions"] if q["type"] == "true_false"]
    assert questions
    by_source: dict[tuple[int, int], list[bool]] = {}
    for question in questions:
        key = (question["source"]["paragraph"], question["source"]["sentence"])
        by_source.setdefault(key, []).append(question["answer"])
    assert all(sorted(pair) == [False, True] for pair in by_source.values())


@pytest.mark.parametrize("name", NAMES)
def test_every_question_type_the_article_allows_is_drafted(name):
    types = {q["type"] for q in draft(name).bank["questions"]}
    assert {"cloze", "numeric", "single", "true_false"} <= types


def test_ids_are_stable_and_unique():
    first = [q["id"] for q in draft("bridge_engineer.txt").bank["questions"]]
    assert len(set(first)) == len(first)
    assert first == [q["id"] for q in draft("bridge_engineer.txt").bank["questions"]]


def test_numeric_tolerance_follows_the_hedge():
    questions = draft("bridge_engineer.txt").bank["questions"]
    numeric = {q["answer"]: q for q in questions if q["type"] == "numeric"}
    assert numeric[40]["tolerance"] == 4  # "some 40 of them survive"
    assert "tolerance" not in numeric[172]  # "a span of 172 metres"
    assert numeric[172]["unit"] == "metres"
    over = numeric[20000]  # "put at over 20,000 people": the prompt keeps "over"
    assert "tolerance" not in over and "over _____ people" in over["prompt"]


def test_single_choice_distractors_are_the_same_kind():
    questions = draft("bridge_engineer.txt").bank["questions"]
    years = {str(y) for y in (1841, 1859, 1867, 1869, 1872, 1875, 1876, 1877, 1889, 1911, 1913)}
    years |= {"1991", "2008"}
    for question in questions:
        if question["type"] != "single":
            continue
        texts = [c["text"] for c in question["choices"]]
        right = next(c["text"] for c in question["choices"] if c.get("correct"))
        if right in years:
            assert set(texts) <= years
        if "person goes" in question["prompt"]:
            assert all(len(text.split()) >= 2 or text[0].isupper() for text in texts)
            assert not set(texts) & {"Porto", "Lisbon", "Brazil", "Rio de Janeiro"}


def test_bounded_numbers_get_only_distractors_that_make_the_statement_false():
    questions = draft("glacier_sensors.md").bank["questions"]
    for question in questions:
        if question["type"] == "single" and "at least _____" in question["prompt"]:
            right = next(float(c["text"]) for c in question["choices"] if c.get("correct"))
            wrong = [
                float(c["text"].replace(",", ""))
                for c in question["choices"]
                if not c.get("correct")
            ]
            assert all(value > right for value in wrong)


def test_definitions_become_flashcards():
    cards = {c["front"]: c["back"] for c in draft("glacier_sensors.md").bank["cards"]}
    assert cards["Moulin"].startswith("A vertical shaft that carries meltwater")
    assert cards["Tomasz Nowak"] == "A physicist who designed the sensors"
    assert cards["ESA"] == "European Space Agency"
    bridge = {c["front"]: c["back"] for c in draft("bridge_engineer.txt").bank["cards"]}
    assert bridge["Caisson"] == "A watertight chamber that lets workers dig below a riverbed"


def test_questions_and_cards_cite_paragraph_and_sentence():
    bank = draft("local_library.txt").bank
    for item in bank["questions"] + bank.get("cards", []):
        assert set(item["source"]) == {"paragraph", "sentence"}


def test_missing_byline_and_date_fall_back():
    text = "A Quiet Week\n\nThe council met in Ashford on Tuesday and approved 12 new homes.\n"
    bank = draft_bank(text, bank_id="quiet", today=TODAY).bank
    assert bank["source"] == {
        "title": "A Quiet Week",
        "author": "",
        "published": TODAY,
    }


def test_an_article_without_facts_is_refused():
    with pytest.raises(DraftError, match="no names, dates or numbers"):
        draft_bank("Thoughts\n\nit was quiet and nothing happened.\n", bank_id="x", today=TODAY)


def test_a_bad_bank_id_is_refused():
    with pytest.raises(DraftError, match="not a bank id"):
        draft_bank("Title\n\nBody text in 2020.", bank_id="no spaces", today=TODAY)


def test_libyaml_and_pure_python_write_the_same_bank():
    from quizapp.drafting.draft import DUMPERS, to_yaml

    if "libyaml" not in DUMPERS:
        pytest.skip("PyYAML was built without libyaml here")
    bank = draft("bridge_engineer.txt").bank
    assert to_yaml(bank, emitter="libyaml") == to_yaml(bank, emitter="pure")


def test_odd_sentences_still_give_a_valid_bank():
    run_on = " ".join(f"then {n} more people came from Ashford" for n in range(20, 120))
    text = (
        "Odd Article\n\nThe fair opened in Ashford in 2019 with 40 stalls.\n\n"
        f"It grew and {run_on}\n\n"
        "A wiki page wrote [[1]] where the date 2020 should be.\n"
    )
    result = draft_bank(text, bank_id="odd", today=TODAY)
    assert validation_problems(result.yaml_text, "odd") == []
    cited = {(q["source"]["paragraph"], q["source"]["sentence"]) for q in result.bank["questions"]}
    assert cited == {(1, 1)}


def test_a_typed_blank_does_not_accept_an_alias_left_in_view():
    questions = draft("glacier_sensors.md").bank["questions"]
    blanks = [b for q in questions if q["type"] == "cloze" for b in q["blanks"]]
    (blank,) = [b for b in blanks if b.get("answers", [""])[0] == "European Space Agency"]
    assert blank["answers"] == ["European Space Agency"]  # "(ESA)" follows the blank
