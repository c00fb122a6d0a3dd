"""The pure rules of live sessions."""

import pytest
from pydantic import TypeAdapter

from quizapp.banks.schema import Question
from quizapp.live import game

spec = TypeAdapter(Question).validate_python


@pytest.mark.parametrize(
    ("typed", "pin"),
    [
        ("123456", "123456"),
        (" 123 456 ", "123456"),
        ("123-456", "123456"),
        ("12345", None),
        ("1234567", None),
        ("abcdef", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_pin(typed, pin):
    assert game.clean_pin(typed) == pin


def test_new_pins_have_six_digits():
    for _ in range(200):
        pin = game.new_pin()
        assert len(pin) == 6 and pin.isdigit() and pin[0] != "0"


def test_nicknames_are_trimmed_bounded_and_free_of_control_characters():
    assert game.clean_nickname("  Ada \n Lovelace ") == "Ada Lovelace"
    assert game.clean_nickname("A\u202eB") == "AB"
    with pytest.raises(ValueError, match="Type a nickname"):
        game.clean_nickname(" \t ")
    with pytest.raises(ValueError, match="20 characters"):
        game.clean_nickname("x" * 21)


def test_nicknames_are_made_unique_within_a_session():
    assert game.unique_nickname("Ada", []) == "Ada"
    assert game.unique_nickname("ada", ["Ada"]) == "ada 2"
    assert game.unique_nickname("Ada", ["Ada", "Ada 2"]) == "Ada 3"
    assert len(game.unique_nickname("x" * 20, ["x" * 20])) == 20


@pytest.mark.parametrize(
    ("state", "action", "position", "after"),
    [
        ("lobby", "start", -1, "question"),
        ("question", "reveal", 0, "revealed"),
        ("revealed", "next", 0, "question"),
        ("revealed", "next", 2, "ended"),
        ("question", "pause", 0, "paused"),
        ("revealed", "pause", 0, "paused"),
        ("lobby", "end", -1, "ended"),
    ],
)
def test_state_machine(state, action, position, after):
    assert game.next_state(state, action, position=position, total=3) == after


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("lobby", "reveal"),
        ("question", "next"),
        ("revealed", "reveal"),
        ("ended", "start"),
        ("ended", "end"),
        ("question", "resume"),
        ("lobby", "dance"),
    ],
)
def test_actions_out_of_turn_are_refused(state, action):
    with pytest.raises(game.NotNow):
        game.next_state(state, action, position=0, total=3)


def test_faster_right_answers_earn_more():
    assert game.speed_points(1.0, 0, 30_000) == 1000
    assert game.speed_points(1.0, 15_000, 30_000) == 750
    assert game.speed_points(1.0, 30_000, 30_000) == 500
    assert game.speed_points(1.0, 99_000, 30_000) == 500
    assert game.speed_points(0.5, 0, 30_000) == 500
    assert game.speed_points(0.0, 0, 30_000) == 0


def test_ranks_share_equal_scores():
    assert game.ranks({1: 900, 2: 700, 3: 900, 4: 0}) == {1: 1, 3: 1, 2: 3, 4: 4}


def test_bars_count_each_option():
    question = spec(
        {
            "id": "q",
            "type": "multiple",
            "prompt": "P",
            "explanation": "E",
            "source": 1,
            "choices": [
                {"text": "a", "correct": True},
                {"text": "b"},
                {"text": "c", "correct": True},
            ],
        }
    )
    bars = game.answer_bars(question, [[0, 2], [0], [1]])
    assert [(b.label, b.count, b.correct) for b in bars] == [
        ("a", 2, True),
        ("b", 1, False),
        ("c", 1, True),
    ]
    true_false = spec(
        {
            "id": "t",
            "type": "true_false",
            "prompt": "P",
            "explanation": "E",
            "source": 1,
            "answer": False,
        }
    )
    bars = game.answer_bars(true_false, [True, False, False])
    assert [(b.label, b.count, b.correct) for b in bars] == [("True", 1, False), ("False", 2, True)]


def test_common_answers_most_common_first():
    bars = game.common_answers([("Paris", True), ("Lyon", False), ("Paris", True)])
    assert [(b.label, b.count, b.correct) for b in bars] == [("Paris", 2, True), ("Lyon", 1, False)]
