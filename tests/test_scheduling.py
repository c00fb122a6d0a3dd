from datetime import UTC, datetime, timedelta, timezone

import fsrs
import pytest

from quizapp.scheduling import (
    CardState,
    format_interval,
    is_due,
    preview_intervals,
    review,
)

T0 = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)
MIN = timedelta(minutes=1)
DAY = timedelta(days=1)


def reference_scheduler(desired_retention=0.9):
    """The settings documented in quizapp/scheduling.py, built independently."""
    return fsrs.Scheduler(
        desired_retention=desired_retention,
        learning_steps=(timedelta(minutes=1),),
        relearning_steps=(timedelta(minutes=10),),
        maximum_interval=36500,
        enable_fuzzing=False,
    )


def review_card(now=T0, ratings=(3,), gaps=None):
    """Review a new card created at `now`, each rating `gap` after the card fell due."""
    card = CardState.new(now)
    for rating, gap in zip(ratings, gaps or [timedelta(0)] * len(ratings), strict=True):
        card = review(card, rating, card.due + gap).new_state
    return card


@pytest.mark.parametrize("retention", [0.8, 0.9, 0.95])
def test_new_card_rated_good_is_not_due_again_the_same_day(retention):
    card = review(CardState.new(T0), 3, T0, desired_retention=retention).new_state
    assert card.state == "review"
    assert card.due.date() > T0.date()
    assert card.due - T0 >= DAY
    assert not is_due(card, T0.replace(hour=23, minute=59))


def test_new_card_rated_again_is_due_within_minutes():
    card = review(CardState.new(T0), 1, T0).new_state
    assert card.state == "learning"
    assert card.due == T0 + MIN
    assert not is_due(card, T0 + timedelta(seconds=59))
    assert is_due(card, T0 + MIN)


def test_new_card_is_due_now():
    card = CardState.new(T0)
    assert (card.state, card.step, card.reps, card.lapses) == ("new", 0, 0, 0)
    assert card.stability is card.difficulty is card.last_review is None
    assert is_due(card, T0)
    assert not is_due(card, T0 - timedelta(seconds=1))


def test_preview_for_a_new_card():
    assert preview_intervals(CardState.new(T0), T0) == {
        1: MIN,
        2: timedelta(seconds=90),
        3: 2 * DAY,
        4: 8 * DAY,
    }


# (rating, delay after the card fell due): a lapse, relearning, early and late reviews.
SEQUENCE = [
    (1, timedelta(0)),
    (3, timedelta(seconds=20)),
    (3, timedelta(hours=5)),
    (1, -timedelta(hours=30)),
    (2, timedelta(minutes=3)),
    (4, timedelta(days=2)),
    (3, -timedelta(days=2)),
    (1, timedelta(days=11)),
]


@pytest.mark.parametrize("retention", [0.85, 0.9])
def test_stored_state_matches_fsrs_for_the_same_reviews(retention):
    scheduler = reference_scheduler(retention)
    expected = fsrs.Card(card_id=1, due=T0)
    card = CardState.new(T0)
    for rating, delay in SEQUENCE:
        now = card.due + delay
        assert expected.due == card.due
        expected, _ = scheduler.review_card(expected, fsrs.Rating(rating), now)
        card = review(card, rating, now, desired_retention=retention).new_state
        assert card.state == expected.state.name.lower()
        assert card.step == expected.step
        assert card.stability == expected.stability
        assert card.difficulty == expected.difficulty
        assert card.due == expected.due
        assert card.last_review == expected.last_review == now
    assert card.reps == len(SEQUENCE)


def test_review_outcome_is_a_revlog_row():
    outcome = review(CardState.new(T0), 3, T0, duration_ms=4200)
    assert outcome.rating == 3
    assert outcome.reviewed_at == T0
    assert (outcome.state_before, outcome.state_after) == ("new", "review")
    assert outcome.stability_before is outcome.difficulty_before is None
    assert outcome.stability_after == outcome.new_state.stability
    assert outcome.difficulty_after == outcome.new_state.difficulty
    assert outcome.scheduled_seconds == 2 * 86400
    assert outcome.duration_ms == 4200
    assert outcome.new_state.reps == 1


def test_lapses_count_again_on_review_cards_only():
    card = CardState.new(T0)
    steps = [
        (1, "new", 0),  # Again while new: no lapse
        (1, "learning", 0),  # Again while learning: no lapse
        (3, "learning", 0),  # graduates
        (1, "review", 1),  # forgotten: a lapse
        (1, "relearning", 1),  # Again while relearning: no lapse
        (3, "relearning", 1),
        (3, "review", 1),
        (1, "review", 2),
    ]
    for reps, (rating, state_before, lapses) in enumerate(steps, start=1):
        outcome = review(card, rating, card.due)
        card = outcome.new_state
        assert outcome.state_before == state_before
        assert (card.reps, card.lapses) == (reps, lapses)


def test_forgotten_review_card_relearns_in_ten_minutes():
    card = review_card(ratings=[3])
    again = review(card, 1, card.due).new_state
    assert (again.state, again.due - card.due) == ("relearning", 10 * MIN)


@pytest.mark.parametrize("ratings", [[3], [3, 3], [4, 3, 2], [3, 1, 3, 3]])
def test_review_card_intervals_increase_with_rating(ratings):
    card = review_card(ratings=ratings)
    assert card.state == "review"
    ivl = preview_intervals(card, card.due)
    assert ivl[1] < ivl[2] <= ivl[3] <= ivl[4]
    assert ivl[1] < DAY <= ivl[2]


def test_preview_matches_review_and_changes_nothing():
    card = review_card(ratings=[3, 3])
    now = card.due + 2 * DAY
    ivl = preview_intervals(card, now)
    for rating in (1, 2, 3, 4):
        assert review(card, rating, now).new_state.due - now == ivl[rating]
    assert preview_intervals(card, now) == ivl


def test_lower_retention_gives_longer_intervals():
    card = review_card(ratings=[3, 3])
    loose = preview_intervals(card, card.due, desired_retention=0.8)
    strict = preview_intervals(card, card.due, desired_retention=0.95)
    for rating in (2, 3, 4):
        assert loose[rating] > strict[rating]


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "<1 min"),
        (timedelta(seconds=59), "<1 min"),
        (timedelta(minutes=1), "1 min"),
        (timedelta(seconds=90), "2 min"),
        (timedelta(minutes=10), "10 min"),
        (timedelta(minutes=59, seconds=29), "59 min"),
        (timedelta(minutes=59, seconds=45), "1 h"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=23), "23 h"),
        (timedelta(hours=23, minutes=40), "1 d"),
        (timedelta(days=3), "3 d"),
        (timedelta(days=30), "30 d"),
        (timedelta(days=31), "1 mo"),
        (timedelta(days=61), "2 mo"),
        (timedelta(days=45), "1.5 mo"),
        (timedelta(days=364), "1 y"),
        (timedelta(days=438), "1.2 y"),
        (timedelta(days=36500), "100 y"),
    ],
)
def test_format_interval(delta, text):
    assert format_interval(delta) == text


def test_format_interval_refuses_negative():
    with pytest.raises(ValueError):
        format_interval(-MIN)


NAIVE = datetime(2025, 3, 3, 9, 30)


@pytest.mark.parametrize(
    "call",
    [
        lambda: CardState.new(NAIVE),
        lambda: review(CardState.new(T0), 3, NAIVE),
        lambda: preview_intervals(CardState.new(T0), NAIVE),
        lambda: is_due(CardState.new(T0), NAIVE),
        lambda: CardState("review", None, 2.0, 5.0, T0, NAIVE, 1, 0),
    ],
)
def test_naive_datetimes_are_refused(call):
    with pytest.raises(ValueError, match="timezone-aware"):
        call()


def test_other_time_zones_are_converted_to_utc():
    paris = timezone(timedelta(hours=1))
    outcome = review(CardState.new(T0), 3, T0.astimezone(paris))
    assert outcome.reviewed_at.tzinfo is UTC
    assert outcome.new_state.due == T0 + 2 * DAY
    assert outcome.new_state.due.tzinfo is UTC


@pytest.mark.parametrize("rating", [0, 5, -1, True, 3.0, "3", None])
def test_ratings_outside_one_to_four_are_refused(rating):
    with pytest.raises(ValueError, match="rating"):
        review(CardState.new(T0), rating, T0)


def test_fsrs_rating_is_stored_as_int():
    outcome = review(CardState.new(T0), fsrs.Rating.Good, T0)
    assert type(outcome.rating) is int


@pytest.mark.parametrize("retention", [0, 1, 1.5, -0.1])
def test_desired_retention_must_be_a_probability(retention):
    with pytest.raises(ValueError, match="desired_retention"):
        review(CardState.new(T0), 3, T0, desired_retention=retention)


@pytest.mark.parametrize(
    "fields",
    [
        ("fresh", 0, None, None, T0, None, 0, 0),  # unknown state
        ("new", 0, 2.0, 5.0, T0, T0, 1, 0),  # new but reviewed
        ("review", None, None, None, T0, None, 1, 0),  # review but never reviewed
        ("learning", None, 2.0, 5.0, T0, T0, 1, 0),  # learning without a step
        ("review", 0, 2.0, 5.0, T0, T0, 1, 0),  # review with a step
        ("review", None, 2.0, 5.0, T0, T0, -1, 0),  # negative reps
    ],
)
def test_inconsistent_card_states_are_refused(fields):
    with pytest.raises(ValueError):
        CardState(*fields)


def test_fsrs_round_trip():
    card = review_card(ratings=[1, 3, 3])
    assert CardState.from_fsrs(card.to_fsrs(), card.reps, card.lapses) == card
    new = CardState.from_fsrs(fsrs.Card(card_id=7, due=T0), 0, 0)
    assert new == CardState.new(T0)
