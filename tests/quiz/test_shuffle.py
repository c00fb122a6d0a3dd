"""Choices are shuffled by default: the right one sits in every place equally often.

The layouts are computed by the functions the quiz and the study pages use, for the shipped
banks, over deterministic seeds. A chi-square test per list of options bounds how far the
counts may stray from uniform: the chance that any list of the banks fails by bad luck is
0.001 (Bonferroni: each of n lists is tested at 0.001 / n), so a failure is a real bias.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from quizapp.answering.layout import make_layout
from quizapp.banks import load_folder
from quizapp.banks.questions import ChoiceBlank, ClozeQuestion, SingleQuestion
from quizapp.cards.items import layout as study_layout
from quizapp.extensions import db
from quizapp.models import Attempt

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
RUNS = 1000
FAMILY_ALPHA = 0.001


def chi2_sf(statistic: float, df: int) -> float:
    """P(X >= statistic) for X chi-square with df degrees of freedom (closed form)."""
    half = statistic / 2
    if df % 2 == 0:
        return math.exp(-half) * sum(half**k / math.factorial(k) for k in range(df // 2))
    tail = math.erfc(math.sqrt(half))
    return tail + math.exp(-half) * sum(
        half ** (k - 0.5) / math.gamma(k + 0.5) for k in range(1, (df + 1) // 2)
    )


def shipped_questions():
    result = load_folder(QUESTIONS)
    assert result.problems == []
    return [question for loaded in result.banks for question in loaded.bank.questions]


def chi_square(counts: Counter, places: int, total: int) -> float:
    expected = total / places
    return sum((counts[place] - expected) ** 2 / expected for place in range(places))


def right_places(question, layout) -> list[tuple[str, int, int]]:
    """(list name, number of places, place of the right entry) for each shuffled list."""
    if isinstance(question, SingleQuestion):
        [right] = question.correct_indices
        return [("choices", len(question.choices), layout.choices.index(right))]
    places = []
    for number, (blank, slots) in enumerate(zip(question.blanks, layout.options, strict=True)):
        if isinstance(blank, ChoiceBlank):
            index = blank.options.index(blank.answer)
            places.append((f"blank {number + 1}", len(blank.options), slots.index(index)))
    return places


def shuffled_questions():
    """The shipped single questions and clozes with a drop-down."""
    return [
        question
        for question in shipped_questions()
        if isinstance(question, SingleQuestion)
        or (
            isinstance(question, ClozeQuestion)
            and any(isinstance(blank, ChoiceBlank) for blank in question.blanks)
        )
    ]


def assert_uniform(layouts_of) -> None:
    lists = []  # (question id, list name, number of places, counts of the right one's place)
    for question in shuffled_questions():
        counts: dict[str, Counter] = {}
        sizes: dict[str, int] = {}
        for run in range(RUNS):
            for name, size, place in right_places(question, layouts_of(question, run)):
                counts.setdefault(name, Counter())[place] += 1
                sizes[name] = size
        lists += [(question.id, name, sizes[name], counts[name]) for name in counts]
    assert len(lists) >= 20  # the shipped banks have that many single questions and drop-downs
    for question_id, name, size, counter in lists:
        p = chi2_sf(chi_square(counter, size, RUNS), size - 1)
        assert p > FAMILY_ALPHA / len(lists), (question_id, name, dict(counter), p)
    # And pooled: over all four-option lists, each place holds the answer a quarter of the time.
    pooled = sum((counter for _, _, size, counter in lists if size == 4), Counter())
    total = sum(pooled.values())
    assert chi2_sf(chi_square(pooled, 4, total), 3) > FAMILY_ALPHA, dict(pooled)


def test_chi2_sf_matches_known_critical_values():
    for statistic, df in [(10.83, 1), (13.82, 2), (16.27, 3), (18.47, 4), (20.52, 5)]:
        assert abs(chi2_sf(statistic, df) - 0.001) < 0.00002


def test_the_right_choice_is_anywhere_in_a_quiz():
    """1,000 attempts, each with its own seed, as Attempt.seed is made (16 hex digits)."""
    assert_uniform(lambda question, run: make_layout(question, f"{run:016x}", shuffle_choices=True))


def test_the_right_choice_is_anywhere_in_the_study_queue():
    """1,000 study reviews: each item and each version of it is laid out afresh."""

    def layout(question, run):
        return study_layout(question, SimpleNamespace(id=run // 4 + 1, version=run % 4 + 1))

    assert_uniform(layout)


def test_shuffle_false_keeps_the_written_order():
    question = SingleQuestion.model_validate(
        {
            "id": "both",
            "type": "single",
            "prompt": "Which?",
            "explanation": "Both.",
            "source": 1,
            "shuffle": False,
            "choices": [{"text": "A"}, {"text": "B"}, {"text": "Both A and B", "correct": True}],
        }
    )
    for run in range(50):
        assert make_layout(question, f"{run:016x}", shuffle_choices=True).choices == [0, 1, 2]
        progress = SimpleNamespace(id=run, version=1)
        assert study_layout(question, progress).choices == [0, 1, 2]
    assert "shuffle" in question.model_dump(mode="json")
    # Left out when true, so stored questions kept their digests when the field came in.
    assert "shuffle" not in question.model_copy(update={"shuffle": True}).model_dump(mode="json")


def _last_attempt(app) -> Attempt:
    with app.app_context():
        return db.session.scalars(select(Attempt).order_by(Attempt.id.desc())).first()


def test_a_learner_cannot_turn_shuffling_off(app, client, learner):
    learner.name("Ada")
    page = client.get("/banks/sample").get_data(as_text=True)
    assert "Shuffle the choices" not in page and "written order" not in page
    assert learner.start(keep_order="y").status_code == 303
    assert _last_attempt(app).shuffle_choices is True


def test_a_teacher_may_keep_the_written_order(app, teacher):
    client, _ = teacher
    page = client.get("/banks/sample").get_data(as_text=True)
    assert "Keep the choices in the written order" in page
    assert 'name="keep_order"' in page and "checked" not in page.split('name="keep_order"')[1][:40]
    assert client.post("/banks/sample/attempts", data={"keep_order": "y"}).status_code == 303
    assert _last_attempt(app).shuffle_choices is False
    assert client.post("/banks/sample/attempts", data={}).status_code == 303
    assert _last_attempt(app).shuffle_choices is True
