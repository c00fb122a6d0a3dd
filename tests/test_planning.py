"""Choosing and ordering questions for an attempt (pure)."""

import pytest

from quizapp.planning import Candidate, plan_questions, weakest_tag

POOL = [Candidate(i, tags) for i, tags in enumerate([("a",), ("b",), ("a", "b"), (), ("c",)])]


def test_plain_plan_keeps_file_order():
    assert plan_questions(POOL, seed="x") == [0, 1, 2, 3, 4]


def test_same_seed_same_plan_and_seeds_differ():
    plans = {tuple(plan_questions(POOL, seed=f"s{n}", shuffle=True)) for n in range(30)}
    assert len(plans) > 5
    assert plan_questions(POOL, seed="s1", shuffle=True) == plan_questions(
        POOL, seed="s1", shuffle=True
    )


def test_draw_keeps_file_order_unless_shuffled():
    plan = plan_questions(POOL, seed="x", draw=3)
    assert len(plan) == 3 and plan == sorted(plan)


@pytest.mark.parametrize(
    ("tags", "expected"), [(["a"], [0, 2]), (["b", "c"], [1, 2, 4]), (["z"], [])]
)
def test_tags_filter(tags, expected):
    assert plan_questions(POOL, seed="x", tags=tags) == expected


def test_draw_more_than_available_takes_all():
    assert plan_questions(POOL, seed="x", draw=50) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([(("a",), 1.0), (("b",), 0.0)], "b"),
        ([(("a",), 1.0), (("b",), 1.0)], None),
        ([((), 0.0)], None),
        ([(("a", "b"), 0.5), (("b",), 0.0), (("a",), 0.5)], "b"),
        # a tie in mean goes to the tag on more questions, then alphabetical
        ([(("x",), 0.0), (("y",), 0.0), (("y",), 0.0)], "y"),
        ([(("x",), 0.0), (("w",), 0.0)], "w"),
    ],
)
def test_weakest_tag(results, expected):
    assert weakest_tag(results) == expected
