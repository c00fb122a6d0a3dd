"""Every typed answer in the shipped banks, graded by the real grader against a table.

For each short question and typed cloze blank the table lists what must be accepted (the
article's own wording first, then common variants and small slips) and real words that
must not be (a near miss such as "Hama", a Syrian city, for "Hamas"; the wrong actor of
the same kind). A new typed answer in questions/ fails the coverage test until it has a
row here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.answering.grading import grade
from quizapp.banks import load_folder
from quizapp.banks.questions import ClozeQuestion, ShortQuestion, TypedBlank

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"

# (bank, question id, blank number from 1, or None for a short question):
#     (must be accepted, must be rejected)
TABLE: dict[tuple[str, str, int | None], tuple[list[str], list[str]]] = {
    ("iraq-actors", "a-pmf-branch", None): (
        # The article writes it with a curly apostrophe: Shi’ite Muslim armed groups.
        ["Shi\u2019ite", "Shi'ite", "Shi\u2019ite Muslim", "Shiite", "shiite", "Shia", "Shi'a"]
        + ["Shia Islam", "Shiite Muslims", "the Shia branch", "SHIITE"],
        ["Sunni", "Sufi", "Ismaili", "ship", "shin", "Shi", "Islam", "Muslim"],
    ),
    ("iraq-actors", "a-israel-opponent", None): (
        ["Hamas", "hamas", "HAMAS", "the Hamas movement"],
        ["Hama", "Hams", "Hezbollah", "Fatah", "Gaza", "Houthis", "Israel"],
    ),
    ("iraq-context", "c-strike-city", None): (
        ["Baghdad", "baghdad", "Bagdad", "Baghdad, Iraq", "the city of Baghdad", "Baghdd"],
        ["Basra", "Mosul", "Erbil", "Beirut", "Damascus", "Bahrain", "Iraq"],
    ),
    ("iraq-context", "c-regional-tensions", 2): (
        ["US-led coalition", "the US-led coalition", "coalition forces", "the coalition"]
        + ["US", "U.S.", "the US", "United States", "the United States", "USA"]
        + ["U.S.-led coalition", "international coalition", "US forces"],
        ["Iran", "Israel", "Hamas", "PMF", "Islamic State", "as", "is", "use"]
        + ["collision", "collation", "coalitions of militias", "UN"],
    ),
    ("iraq-context", "c-gaza", None): (
        ["Gaza", "gaza", "the Gaza Strip", "Gaza Strip", "Ghazza"],
        ["gaze", "Gaza City Council", "Golan", "Sinai", "West Bank", "Haifa", "Israel"],
    ),
    ("iraq-context", "c-mission-cloze", 1): (
        ["advise", "Advise", "advising", "ADVISE"],
        ["advice", "assist", "train", "attack", "adviser", "defend"],
    ),
    ("iraq-decision", "d-strike-details", 2): (
        ["Baghdad", "baghdad", "Bagdad", "the city of Baghdad"],
        ["Basra", "Mosul", "Beirut", "Damascus", "Tehran"],
    ),
    ("iraq-decision", "d-strike-details", 3): (
        # The article: "Popular Mobilisation Forces (PMF)", later "the PMF".
        ["Popular Mobilisation Forces (PMF)", "Popular Mobilisation Forces", "the PMF", "PMF"]
        + ["Popular Mobilization Forces", "popular mobilisation forces", "PMU"]
        + ["Popular Mobilisation Units", "Hashd al-Shaabi", "al-Hashd al-Shaabi"]
        + ["Popular Mobilisaton Forces"],
        ["Peshmerga", "Hezbollah", "Kataib Hezbollah", "Islamic State", "Iraqi army"]
        + ["PMA", "PM", "Popular Front", "Harakat al-Nujaba"],
    ),
    ("iraq-decision", "d-condemnation", 2): (
        ["aggression", "Aggression", "agression", "aggresion", "an act of aggression"],
        ["aggressor", "aggressive", "regression", "progression", "attack", "violation"],
    ),
}


def _typed_answers():
    """(bank, question id, blank number or None) -> question, for every typed answer."""
    result = load_folder(QUESTIONS)
    assert result.problems == []
    found = {}
    for loaded in result.banks:
        for question in loaded.bank.questions:
            if isinstance(question, ShortQuestion):
                found[(loaded.bank.id, question.id, None)] = question
            elif isinstance(question, ClozeQuestion):
                for number, blank in enumerate(question.blanks, start=1):
                    if isinstance(blank, TypedBlank):
                        found[(loaded.bank.id, question.id, number)] = question
    return found


TYPED = _typed_answers()


def test_the_table_covers_every_typed_answer_in_the_shipped_banks():
    assert set(TABLE) == set(TYPED)


def _right(question, blank: int | None, text: str) -> bool:
    if blank is None:
        return grade(question, text).correct
    response = [""] * len(question.blanks)
    response[blank - 1] = text
    return grade(question, response).parts[blank - 1]


@pytest.mark.parametrize(
    ("key", "text"),
    [(key, text) for key, (accepted, _) in TABLE.items() for text in accepted],
    ids=lambda value: value if isinstance(value, str) else "-".join(map(str, value)),
)
def test_accepted(key, text):
    assert _right(TYPED[key], key[2], text), f"{text!r} should be accepted for {key}"


@pytest.mark.parametrize(
    ("key", "text"),
    [(key, text) for key, (_, rejected) in TABLE.items() for text in rejected],
    ids=lambda value: value if isinstance(value, str) else "-".join(map(str, value)),
)
def test_rejected(key, text):
    assert not _right(TYPED[key], key[2], text), f"{text!r} should be rejected for {key}"
