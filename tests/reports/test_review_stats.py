import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from quizapp.reports.charts import svg_bar_chart, svg_line_chart
from tests.oracles.review_stats import (
    CardRow,
    ReviewRow,
    cards_by_state,
    due_forecast,
    reviews_per_day,
    true_retention,
)

TODAY = date(2025, 3, 10)
SVG = "{http://www.w3.org/2000/svg}"


def at(day, hour=12, minute=0, tz=UTC):
    return datetime(2025, 3, day, hour, minute, tzinfo=tz)


def row(card, rating, when, state="review"):
    return ReviewRow(card_key=card, rating=rating, reviewed_at=when, state_before=state)


def test_reviews_per_day_is_zero_filled_oldest_first():
    rows = [
        row("a", 3, at(10, 8)),
        row("b", 1, at(10, 9), "learning"),
        row("a", 3, at(8, 23, 59)),
        row("c", 3, at(6)),  # before the window
    ]
    assert reviews_per_day(rows, TODAY, days=3) == [
        (date(2025, 3, 8), 1),
        (date(2025, 3, 9), 0),
        (date(2025, 3, 10), 2),
    ]


def test_reviews_per_day_default_covers_ninety_days():
    counts = reviews_per_day([], TODAY)
    assert len(counts) == 90
    assert counts[0] == (TODAY - timedelta(days=89), 0)
    assert counts[-1] == (TODAY, 0)


def test_reviews_per_day_uses_the_given_time_zone():
    # 23:30 UTC on the 9th is 08:30 on the 10th in Tokyo.
    rows = [row("a", 3, at(9, 23, 30))]
    tokyo = timezone(timedelta(hours=9))
    assert reviews_per_day(rows, TODAY, days=2) == [(date(2025, 3, 9), 1), (TODAY, 0)]
    assert reviews_per_day(rows, TODAY, days=2, tz=tokyo) == [(date(2025, 3, 9), 0), (TODAY, 1)]


def test_true_retention_worked_example():
    rows = [
        # card a: failed at 09:00 then passed after relearning; the first review counts: fail
        row("a", 1, at(10, 9)),
        row("a", 3, at(10, 9, 10), "relearning"),
        # card b: passed twice on one day (reviewed ahead); counts once: pass
        row("b", 3, at(9, 8)),
        row("b", 4, at(9, 20)),
        # card c: passed on two different days; counts twice
        row("c", 2, at(5)),
        row("c", 3, at(8)),
        # learning and relearning reviews never count
        row("d", 1, at(10, 10), "new"),
        row("d", 3, at(10, 10, 1), "learning"),
        # card e: learnt this morning, reviewed ahead this evening: first of the day is learning
        row("e", 3, at(7, 8), "learning"),
        row("e", 1, at(7, 20)),
        # outside the 7-day window
        row("f", 1, at(3)),
    ]
    # counted: a fail, b pass, c pass, c pass
    assert true_retention(rows, TODAY, days=7) == 3 / 4


def test_true_retention_does_not_depend_on_row_order():
    rows = [row("a", 3, at(10, 9, 10)), row("a", 1, at(10, 9))]
    assert true_retention(rows, TODAY) == 0.0
    assert true_retention(list(reversed(rows)), TODAY) == 0.0


def test_true_retention_is_none_without_review_state_reviews():
    assert true_retention([], TODAY) is None
    learning_only = [row("a", 3, at(10), "learning"), row("b", 1, at(10), "new")]
    assert true_retention(learning_only, TODAY) is None
    assert true_retention([row("a", 3, at(1))], TODAY, days=7) is None


def test_naive_review_times_are_refused():
    rows = [row("a", 3, datetime(2025, 3, 10, 12))]
    with pytest.raises(ValueError, match="naive"):
        reviews_per_day(rows, TODAY)
    with pytest.raises(ValueError, match="naive"):
        true_retention(rows, TODAY)


def test_days_must_be_positive():
    with pytest.raises(ValueError):
        reviews_per_day([], TODAY, days=0)
    with pytest.raises(ValueError):
        true_retention([], TODAY, days=0)
    with pytest.raises(ValueError):
        due_forecast([], at(10), days=0)


def test_cards_by_state_counts_every_state():
    cards = [CardRow(str(i), state, at(10)) for i, state in enumerate(["review", "review", "new"])]
    assert cards_by_state(cards) == {"new": 1, "learning": 0, "review": 2, "relearning": 0}
    assert cards_by_state([]) == {"new": 0, "learning": 0, "review": 0, "relearning": 0}
    with pytest.raises(ValueError):
        cards_by_state([CardRow("x", "suspended", at(10))])


def test_due_forecast_counts_overdue_on_day_zero():
    now = at(10, 12)
    cards = [
        CardRow("overdue", "review", at(2)),
        CardRow("due-earlier-today", "relearning", at(10, 8)),
        CardRow("due-tonight", "review", at(10, 23)),
        CardRow("tomorrow", "learning", at(11, 0, 5)),
        CardRow("in-two-days", "review", at(12, 9)),
        CardRow("beyond", "review", at(13)),
        CardRow("never-seen", "new", at(1)),  # new cards are not forecast
    ]
    assert due_forecast(cards, now, days=3) == [
        (date(2025, 3, 10), 3),
        (date(2025, 3, 11), 1),
        (date(2025, 3, 12), 1),
    ]
    assert len(due_forecast(cards, now)) == 30


# Charts


def parse(svg):
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def assert_accessible(root, title, description):
    assert root.get("role") == "img"
    title_el, desc_el = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title_el.text == title
    assert desc_el.text == description
    assert root.get("aria-labelledby").split() == [title_el.get("id"), desc_el.get("id")]
    assert not [el for el in root.iter() if "style" in el.attrib or el.tag == f"{SVG}style"]


SERIES = [("Mon", 3), ("Tue", 0), ("Wed", 7.5)]


def test_bar_chart_is_accessible_xml():
    svg = svg_bar_chart(SERIES, title="Reviews", description="Reviews per day this week.")
    root = parse(svg)
    assert_accessible(root, "Reviews", "Reviews per day this week.")
    bars = root.findall(f".//{SVG}rect")
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["Mon: 3", "Tue: 0", "Wed: 7.5"]
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[1] == 0 < heights[0] < heights[2]
    labels = [el.text for el in root.iter(f"{SVG}text")]
    assert {"0", "10", "Mon", "Tue", "Wed"} <= set(labels)  # axis from 0 up to 10


def test_bar_chart_labels_at_most_six_days_of_ninety():
    series = [(f"d{i}", i) for i in range(90)]
    root = parse(svg_bar_chart(series, title="t", description="d"))
    assert len(root.findall(f".//{SVG}rect")) == 90
    day_labels = [el.text for el in root.iter(f"{SVG}text") if el.text.startswith("d")]
    assert day_labels[0] == "d0" and day_labels[-1] == "d89" and len(day_labels) == 6


def test_chart_text_is_escaped():
    hostile = '<script>alert("x")</script> & co'
    svg = svg_bar_chart(
        [(hostile, 1)], title=hostile, description=hostile, chart_id="c1"
    ) + svg_line_chart([(hostile, 50)], title=hostile, description=hostile, chart_id="c2")
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    for part in svg.split("</svg>")[:2]:
        root = parse(part + "</svg>")
        assert_accessible(root, hostile, hostile)


def test_chart_ids_differ_between_charts_and_can_be_chosen():
    first = parse(svg_bar_chart(SERIES, title="A", description="a"))
    second = parse(svg_bar_chart(SERIES, title="B", description="b"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")
    chosen = parse(svg_bar_chart(SERIES, title="A", description="a", chart_id="due"))
    assert chosen.get("aria-labelledby") == "due-title due-desc"
    with pytest.raises(ValueError):
        svg_bar_chart(SERIES, title="A", description="a", chart_id='x" onload="alert(1)')


def test_line_chart_is_accessible_xml():
    points = [("Quiz 1", 40), ("Quiz 2", 75.5), ("Quiz 3", 100)]
    root = parse(svg_line_chart(points, title="Scores", description="Score per attempt."))
    assert_accessible(root, "Scores", "Score per attempt.")
    circles = root.findall(f".//{SVG}circle")
    assert [c.find(f"{SVG}title").text for c in circles] == [
        "Quiz 1: 40",
        "Quiz 2: 75.5",
        "Quiz 3: 100",
    ]
    ys = [float(c.get("cy")) for c in circles]
    assert ys[0] > ys[1] > ys[2]  # higher scores sit higher
    assert len(root.find(f".//{SVG}polyline").get("points").split()) == 3
    assert {"0", "100"} <= {el.text for el in root.iter(f"{SVG}text")}


@pytest.mark.parametrize("chart", [svg_bar_chart, svg_line_chart])
def test_empty_and_single_point_charts(chart):
    empty = parse(chart([], title="Nothing", description="No reviews yet."))
    assert "No data yet" in [el.text for el in empty.iter(f"{SVG}text")]
    single = parse(chart([("Only", 5)], title="One", description="One value."))
    assert_accessible(single, "One", "One value.")


@pytest.mark.parametrize(
    ("chart", "value"),
    [
        (svg_bar_chart, -1),
        (svg_bar_chart, float("nan")),
        (svg_bar_chart, float("inf")),
        (svg_line_chart, 101),
        (svg_line_chart, -0.5),
    ],
)
def test_chart_values_out_of_range_are_refused(chart, value):
    with pytest.raises(ValueError):
        chart([("x", value)], title="t", description="d")
