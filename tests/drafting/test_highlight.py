"""highlight(): the answer's place in its source sentence, for the review page."""

from __future__ import annotations

import pytest

from quizapp.drafting import highlight

SENTENCE = "The US troops, numbering around 2,500 in Iraq, stayed in Iraqi bases for three years."


@pytest.mark.parametrize(
    ("answer", "span"),
    [
        ("Iraq", "Iraq"),  # the word, not the start of "Iraqi"
        ("iraq", "Iraq"),
        ("2,500", "2,500"),
        ("2500", "2,500"),
        ("2500.0", "2,500"),
        ("3", "three"),
        ("around 2,500", "around 2,500"),
    ],
)
def test_highlight_finds_the_answer(answer, span):
    before, found, after = highlight(SENTENCE, answer)
    assert found == span
    assert before + found + after == SENTENCE


def test_highlight_of_a_missing_answer_returns_the_whole_sentence():
    assert highlight(SENTENCE, "Syria") == (SENTENCE, "", "")
    assert highlight(SENTENCE, "  ") == (SENTENCE, "", "")
