"""Item analysis: the pure maths, then the SQL sums against values worked out by hand."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Bank
from quizapp.reports.indices import (
    ItemIndices,
    ItemSums,
    discrimination,
    facility,
    flags_for,
    indices,
    sums_of,
    top_responses,
)
from quizapp.reports.items import analyse_bank
from tests.helpers.app import make_user
from tests.helpers.item_analysis import KEYS
from tests.helpers.scores import make_class, record_attempt


def pearson(xs: list[float], ys: list[float]) -> float:
    """The textbook formula over deviations from the means, as an independent reference."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = sum((x - mx) ** 2 for x in xs)
    vy = sum((y - my) ** 2 for y in ys)
    return cov / math.sqrt(vx * vy)


def test_facility_is_the_mean_fraction():
    assert facility(sums_of([(1, 0), (0.5, 1), (0, 2), (1, 3)])) == pytest.approx(0.625)
    assert facility(sums_of([])) is None


@pytest.mark.parametrize(
    ("pairs", "reason"),
    [
        ([], "no answers"),
        ([(1, 3)], "one answer"),
        ([(1, 1), (1, 2), (1, 5)], "everyone right"),
        ([(0, 1), (0, 2), (0, 3)], "everyone wrong"),
        ([(0, 2), (1, 2), (0.5, 2)], "the rest of the test has no spread"),
    ],
)
def test_discrimination_is_undefined_without_spread(pairs, reason):
    assert discrimination(sums_of(pairs)) is None, reason


def test_discrimination_matches_the_textbook_formula():
    rng = random.Random(4)
    for _ in range(50):
        n = rng.randint(3, 40)
        xs = [rng.choice([0, 0.25, 0.5, 1]) for _ in range(n)]
        ys = [rng.uniform(0, 20) for _ in range(n)]
        if len(set(xs)) < 2:
            continue
        r = discrimination(sums_of(zip(xs, ys, strict=True)))
        assert r == pytest.approx(pearson(xs, ys), abs=1e-9)
        assert -1 <= r <= 1


def test_perfect_and_inverse_correlation_are_clamped_to_one():
    assert discrimination(sums_of([(0, 0), (0.5, 1), (1, 2)])) == pytest.approx(1)
    assert discrimination(sums_of([(0, 2), (0.5, 1), (1, 0)])) == pytest.approx(-1)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (ItemIndices(0.96, 0.3, 20), ["too easy"]),
        (ItemIndices(0.95, 0.3, 20), []),
        (ItemIndices(0.19, 0.3, 20), ["too hard"]),
        (ItemIndices(0.2, 0.0, 20), []),
        (ItemIndices(0.5, -0.01, 20), ["negative discrimination"]),
        (ItemIndices(0.1, -0.5, 20), ["too hard", "negative discrimination"]),
        (ItemIndices(None, None), []),
        # Fewer than 20 answers: the same figures, no flags.
        (ItemIndices(0.96, 0.3, 19), []),
        (ItemIndices(0.1, -0.5, 2), []),
    ],
)
def test_flags(item, expected):
    assert flags_for(item) == expected
    assert item.flags == expected


def test_top_responses_are_ranked_by_count_then_text():
    counts = Counter({"b": 3, "a": 3, "c": 5, "d": 1, "e": 1, "f": 1})
    assert [(r.label, r.count) for r in top_responses(counts, 4)] == [
        ("c", 5),
        ("a", 3),
        ("b", 3),
        ("d", 1),
    ]


def test_analysis_of_the_hand_worked_class(app, hand_class):
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "sample"))
        analysis = analyse_bank(hand_class, bank)
    assert analysis.attempts == 5
    assert analysis.mean_percent == pytest.approx(100 * 9 / 15, abs=0.1)
    items = {item.key: item for item in analysis.items}
    assert [item.key for item in analysis.items] == list(KEYS)
    assert items["capital"].indices.facility == pytest.approx(0.8)
    assert items["capital"].indices.discrimination == pytest.approx(0, abs=1e-12)
    assert items["primes"].indices.facility == pytest.approx(0.6)
    assert items["primes"].indices.discrimination == pytest.approx(-3 / math.sqrt(84))
    # Five answers: the negative correlation is shown, but no flag rests on so few.
    assert items["primes"].indices.flags == [] and items["primes"].indices.flags_withheld
    assert items["sky"].indices.facility == pytest.approx(0.4)
    assert items["sky"].indices.discrimination == pytest.approx(1 / 6)
    assert all(item.answered == 5 for item in analysis.items)


def test_choice_counts_of_the_hand_worked_class(app, hand_class):
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "sample"))
        items = {item.key: item for item in analyse_bank(hand_class, bank).items}
    # Right answers pick Paris / {2, 3} / False; wrong ones Lyon / {4} / True.
    capital = [(r.label, r.count, r.correct) for r in items["capital"].responses]
    assert capital == [("Paris", 4, True), ("Lyon", 1, False), ("Marseille", 0, False)]
    primes = [(r.label, r.count, r.correct) for r in items["primes"].responses]
    assert primes == [("2", 3, True), ("3", 3, True), ("4", 2, False)]
    sky = [(r.label, r.count, r.correct) for r in items["sky"].responses]
    assert sky == [("True", 3, False), ("False", 2, True)]


def test_sql_sums_equal_python_sums_with_partial_credit(app):
    teacher_id = make_user(app, "teach", role="teacher")
    rng = random.Random(7)
    students = [make_user(app, f"s{i}") for i in range(8)]
    class_id = make_class(app, teacher_id, "Random", students, "RAND01")
    expected: dict[str, list[tuple[float, float]]] = {}
    for user_id in students:
        # Ordering questions give partial credit: a random permutation of three items.
        order = rng.sample(range(3), 3)
        answers = {
            "capital": rng.random() < 0.6,
            "steps": order,
            "author": rng.random() < 0.5,
        }
        attempt_id = record_attempt(app, user_id, answers)
        with app.app_context():
            attempt = db.session.get(Attempt, attempt_id)
            for answer in db.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id)):
                key = answer.question.key
                expected.setdefault(key, []).append(
                    (answer.fraction, attempt.score - answer.points)
                )
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "sample"))
        items = {item.key: item for item in analyse_bank(class_id, bank).items}
    for key, pairs in expected.items():
        want = indices(sums_of(pairs))
        got = items[key].indices
        assert got.facility == pytest.approx(want.facility)
        if want.discrimination is None:
            assert got.discrimination is None
        else:
            assert got.discrimination == pytest.approx(want.discrimination)
    # Text answers are listed as the most common responses, at most five.
    author = items["author"].responses
    assert 1 <= len(author) <= 5 and sum(r.count for r in author) == 8


def test_sums_dataclass_round_trip():
    sums = ItemSums(2, 1.0, 3.0, 2.0, 1.0, 5.0)
    assert indices(sums) == ItemIndices(0.5, 1.0, 2)


@pytest.mark.parametrize(("students", "flagged"), [(19, False), (20, True)])
def test_flags_need_twenty_first_attempts(app, students, flagged):
    teacher_id = make_user(app, "teach", role="teacher")
    members = [make_user(app, f"s{n}") for n in range(students)]
    class_id = make_class(app, teacher_id, "Big class", members, "BIGCLASS")
    for user_id in members:
        # Everyone right on "capital": too easy, once there is evidence enough to say so.
        record_attempt(app, user_id, {"capital": True, "sky": False})
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "sample"))
        items = {item.key: item for item in analyse_bank(class_id, bank).items}
    assert items["capital"].indices.n == students
    assert (items["capital"].indices.flags == ["too easy"]) is flagged
    assert items["capital"].indices.flags_withheld is not flagged
