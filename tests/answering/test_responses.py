import pytest

from quizapp.answering.describe import NO_ANSWER, describe_answer, describe_response
from quizapp.answering.grading import grade
from quizapp.answering.layout import Layout, make_layout
from quizapp.answering.parse import InvalidResponse, parse_response
from quizapp.banks.questions import (
    ClozeQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)

BASE = {"id": "q1", "prompt": "Which?", "explanation": "Because.", "source": 1}
PLANETS = ["Jupiter", "Saturn", "Neptune", "Mars"]


def single():
    choices = [{"text": t, "correct": t == "Jupiter"} for t in PLANETS]
    return SingleQuestion.model_validate({**BASE, "type": "single", "choices": choices})


def multiple():
    choices = [{"text": t, "correct": t in ("Jupiter", "Saturn")} for t in PLANETS]
    return MultipleQuestion.model_validate({**BASE, "type": "multiple", "choices": choices})


def true_false():
    return TrueFalseQuestion.model_validate({**BASE, "type": "true_false", "answer": False})


def short(answers=("Jupiter",)):
    return ShortQuestion.model_validate({**BASE, "type": "short", "answers": list(answers)})


def numeric(**fields):
    return NumericQuestion.model_validate({**BASE, "type": "numeric", **fields})


def ordering(items=("A", "B", "C"), question_id="q1"):
    return OrderingQuestion.model_validate(
        {**BASE, "id": question_id, "type": "ordering", "items": list(items)}
    )


def matching(count=3, distractors=("silver", "lead")):
    pairs = [
        {"left": left, "right": right}
        for left, right in [("Fe", "iron"), ("Cu", "copper"), ("Au", "gold"), ("Pb", "lead")][
            :count
        ]
    ]
    return MatchingQuestion.model_validate(
        {**BASE, "type": "matching", "pairs": pairs, "distractors": list(distractors)}
    )


def cloze():
    return ClozeQuestion.model_validate(
        {
            **BASE,
            "type": "cloze",
            "text": "[[1]] is the [[2]] planet, says [[3]].",
            "blanks": [
                {"answers": ["Jupiter"]},
                {"options": ["largest", "smallest", "hottest"], "answer": "largest"},
                {"answers": ["NASA", "ESA"]},
            ],
        }
    )


class FakeForm:
    """A form as werkzeug's MultiDict presents it: getlist() and iteration over field names."""

    def __init__(self, data: dict[str, str | list[str]] | None = None):
        self.data = {k: v if isinstance(v, list) else [v] for k, v in (data or {}).items()}

    def getlist(self, key):
        return list(self.data.get(key, []))

    def __iter__(self):
        return iter(self.data)


# --- make_layout -----------------------------------------------------------------------


def test_layout_is_deterministic_for_a_seed():
    for question in (single(), multiple(), ordering(), matching(), cloze()):
        first = make_layout(question, "attempt-7", shuffle_choices=True)
        assert make_layout(question, "attempt-7", shuffle_choices=True) == first


def test_layout_is_stable_across_runs():
    # Pinned values: random.Random seeded with a string does not depend on PYTHONHASHSEED.
    assert make_layout(ordering(("A", "B", "C", "D")), "seed-1", shuffle_choices=False) == Layout(
        items=[1, 0, 3, 2]
    )
    assert make_layout(matching(), "seed-1", shuffle_choices=False) == Layout(
        rights=[1, 0, 3, 2, 4]
    )


def test_layout_differs_between_seeds_and_questions():
    question = ordering(("A", "B", "C", "D", "E", "F"))
    layouts = {
        tuple(make_layout(question, f"s{n}", shuffle_choices=False).items) for n in range(50)
    }
    assert len(layouts) > 30
    other = ordering(("A", "B", "C", "D", "E", "F"), question_id="q2")
    same = sum(
        make_layout(question, f"s{n}", shuffle_choices=False)
        == make_layout(other, f"s{n}", shuffle_choices=False)
        for n in range(50)
    )
    assert same < 5


def test_choices_shuffle_only_when_asked():
    question = single()
    for n in range(20):
        assert make_layout(question, f"s{n}", shuffle_choices=False) == Layout(choices=[0, 1, 2, 3])
    shuffled = [make_layout(question, f"s{n}", shuffle_choices=True).choices for n in range(50)]
    assert all(sorted(choices) == [0, 1, 2, 3] for choices in shuffled)
    assert sum(choices != [0, 1, 2, 3] for choices in shuffled) > 30


def test_cloze_options_shuffle_only_when_asked_and_typed_blanks_have_none():
    question = cloze()
    assert make_layout(question, "s", shuffle_choices=False) == Layout(options=[[], [0, 1, 2], []])
    shuffled = [make_layout(question, f"s{n}", shuffle_choices=True).options for n in range(50)]
    assert all(options[0] == [] and options[2] == [] for options in shuffled)
    assert all(sorted(options[1]) == [0, 1, 2] for options in shuffled)
    assert sum(options[1] != [0, 1, 2] for options in shuffled) > 30


@pytest.mark.parametrize("question", [true_false(), short(), numeric(answer=3)])
def test_layout_of_types_without_lists_is_empty(question):
    assert make_layout(question, "s", shuffle_choices=True) == Layout([], [], [], [])


@pytest.mark.parametrize("items", [("A", "B"), ("A", "B", "C"), ("A", "B", "C", "D")])
def test_ordering_items_are_shuffled_uniformly(items):
    """Every order shows up about equally often, the right one included: none is a tell."""
    from collections import Counter
    from math import factorial

    question = ordering(items)
    orders = Counter(
        tuple(make_layout(question, f"seed-{n}", shuffle_choices=False).items) for n in range(2400)
    )
    expected = 2400 / factorial(len(items))
    assert len(orders) == factorial(len(items))
    assert all(0.6 * expected < count < 1.4 * expected for count in orders.values())


@pytest.mark.parametrize(
    ("count", "distractors"), [(2, ()), (2, ("silver",)), (2, ("silver", "tin")), (4, ())]
)
def test_matching_rights_are_shuffled_uniformly(count, distractors):
    from collections import Counter

    question = matching(count, distractors)
    total = len(question.rights)
    first_slots = Counter()
    for n in range(2000):
        rights = make_layout(question, f"seed-{n}", shuffle_choices=False).rights
        assert sorted(rights) == list(range(total))
        first_slots[rights[0]] += 1
    # Each right item is as likely as any other to be shown first.
    assert all(0.6 * 2000 / total < first_slots[i] < 1.4 * 2000 / total for i in range(total))


def test_layout_json_round_trip():
    layout = Layout(choices=[2, 0, 1], items=[1, 0], rights=[3, 1, 0, 2], options=[[], [1, 0]])
    data = layout.to_json()
    assert data == {
        "choices": [2, 0, 1],
        "items": [1, 0],
        "rights": [3, 1, 0, 2],
        "options": [[], [1, 0]],
    }
    assert Layout.from_json(data) == layout
    assert Layout.from_json({}) == Layout()


@pytest.mark.parametrize(
    "data",
    [[], None, {"choices": "012"}, {"items": [True]}, {"rights": [1.5]}, {"options": [1]}],
)
def test_layout_from_json_rejects_garbage(data):
    with pytest.raises(ValueError, match="layout"):
        Layout.from_json(data)


# --- parse_response: what each type reads ----------------------------------------------


@pytest.mark.parametrize(
    ("question", "layout", "form", "response"),
    [
        (single(), Layout(choices=[0, 1, 2, 3]), {"answer": "2"}, 2),
        (single(), Layout(choices=[3, 2, 0, 1]), {"answer": "2"}, 0),
        (single(), Layout(choices=[3, 2, 0, 1]), {"answer": " 0 ", "csrf_token": "x"}, 3),
        (multiple(), Layout(choices=[0, 1, 2, 3]), {"answer": ["3", "1"]}, [1, 3]),
        (multiple(), Layout(choices=[3, 2, 1, 0]), {"answer": ["0", "1"]}, [2, 3]),
        (multiple(), Layout(choices=[3, 2, 1, 0]), {"answer": ["0", "0", ""]}, [3]),
        (true_false(), Layout(), {"answer": "true"}, True),
        (true_false(), Layout(), {"answer": "false"}, False),
        (true_false(), Layout(), {"answer": "False"}, False),
        (short(), Layout(), {"answer": "  Jupiter  "}, "Jupiter"),
        (short(), Layout(), {"answer": "Jupi\x00ter\x07"}, "Jupiter"),
        (short(), Layout(), {"answer": "planet\r\nJupiter\t"}, "planet  Jupiter"),
        (short(), Layout(), {"answer": "\u202eretipuJ"}, "retipuJ"),
        (short(), Layout(), {"answer": "Cafe\u0301"}, "Café"),  # NFC
        (short(), Layout(), {"answer": "x" * 1000}, "x" * 1000),
        (numeric(answer=2500), Layout(), {"answer": " 2,500 troops "}, "2,500 troops"),
        (numeric(answer=-3), Layout(), {"answer": "\u22123"}, "\u22123"),
    ],
)
def test_parse_response(question, layout, form, response):
    assert parse_response(question, layout, FakeForm(form)) == response


def test_parse_ordering_maps_slots_and_positions_to_items():
    question = ordering(("A", "B", "C", "D"))
    layout = Layout(items=[2, 0, 3, 1])  # the page shows C, A, D, B
    form = FakeForm({"position-0": "3", "position-1": "1", "position-2": "4", "position-3": "2"})
    response = parse_response(question, layout, form)
    assert response == [0, 1, 2, 3]  # A, B, C, D
    assert grade(question, response).correct
    form = FakeForm({"position-0": "1", "position-1": "2", "position-2": "3", "position-3": "4"})
    assert parse_response(question, layout, form) == [2, 0, 3, 1]


def test_parse_matching_maps_slots_to_rights():
    question = matching()  # rights: iron copper gold silver lead
    layout = Layout(rights=[4, 2, 0, 3, 1])  # the page shows lead gold iron silver copper
    form = FakeForm({"match-0": "2", "match-1": "4", "match-2": "1"})
    response = parse_response(question, layout, form)
    assert response == [0, 1, 2]
    assert grade(question, response).correct
    form = FakeForm({"match-0": "0", "match-1": "0", "match-2": "3"})
    assert parse_response(question, layout, form) == [4, 4, 3]


def test_parse_cloze_reads_typed_text_and_option_texts():
    question = cloze()
    layout = Layout(options=[[], [2, 0, 1], []])  # hottest largest smallest
    form = FakeForm({"blank-1": " jupyter ", "blank-2": "1", "blank-3": "NASA\x00"})
    response = parse_response(question, layout, form)
    assert response == ["jupyter", "largest", "NASA"]
    assert grade(question, response).correct
    form = FakeForm({"blank-1": "Mars", "blank-2": "0", "blank-3": "ESA"})
    assert parse_response(question, layout, form) == ["Mars", "hottest", "ESA"]


def test_parsed_responses_round_trip_through_layouts():
    # Whatever the layout, picking the slot that shows original choice k gives k.
    question = multiple()
    for n in range(20):
        layout = make_layout(question, f"s{n}", shuffle_choices=True)
        slots = [str(layout.choices.index(k)) for k in (0, 1)]
        assert parse_response(question, layout, FakeForm({"answer": slots})) == [0, 1]


# --- parse_response: what it refuses ---------------------------------------------------

RELOAD = "Reload the page and answer again."
ORDER_3 = "Give each item a different position from 1 to 3."


@pytest.mark.parametrize(
    ("question", "layout", "form", "message"),
    [
        (single(), Layout(choices=[0, 1, 2, 3]), {}, "Choose an answer before submitting."),
        (single(), Layout(choices=[0, 1, 2, 3]), {"answer": ""}, "Choose an answer"),
        (single(), Layout(choices=[0, 1, 2, 3]), {"answer": "4"}, "not one of the answers"),
        (single(), Layout(choices=[0, 1, 2, 3]), {"answer": "-1"}, "not one of the answers"),
        (single(), Layout(choices=[0, 1, 2, 3]), {"answer": "x"}, "not one of the answers"),
        (single(), Layout(choices=[0, 1, 2, 3]), {"answer": "²"}, "not one of the answers"),
        (single(), Layout(choices=[0, 1, 2, 3]), {"answer": "9" * 5000}, "not one of the"),
        (single(), Layout(choices=[0, 1, 2, 3]), {"answer": ["0", "1"]}, "one field twice"),
        (single(), Layout(choices=[0, 1, 2]), {"answer": "0"}, "has changed"),
        (single(), Layout(), {"answer": "0"}, "has changed"),
        (single(), Layout(choices=[0, 1, 2, 3]), {"answer": "0", "blank-1": "x"}, RELOAD),
        (multiple(), Layout(choices=[0, 1, 2, 3]), {}, "Choose at least one answer"),
        (multiple(), Layout(choices=[0, 1, 2, 3]), {"answer": ["0", "7"]}, "not one of"),
        (true_false(), Layout(), {}, "Choose an answer before submitting."),
        (true_false(), Layout(), {"answer": "maybe"}, "Choose True or False."),
        (short(), Layout(), {}, "Type an answer before submitting."),
        (short(), Layout(), {"answer": "   "}, "Type an answer before submitting."),
        (short(), Layout(), {"answer": "\x00\x01"}, "Type an answer before submitting."),
        (short(), Layout(), {"answer": "x" * 1001}, "That answer is too long."),
        (short(), Layout(), {"answer": ["a", "b"]}, "one field twice"),
        (numeric(answer=3), Layout(), {"answer": ""}, "Type an answer before submitting."),
        (numeric(answer=3), Layout(), {"answer": "about 3"}, "Type a number, such as 2500."),
        (numeric(answer=3), Layout(), {"answer": "three"}, "Type a number, such as 2500."),
        (numeric(answer=3), Layout(), {"answer": "3" * 1001}, "That answer is too long."),
        (ordering(), Layout(items=[2, 0, 1]), {}, ORDER_3),
        (ordering(), Layout(items=[2, 0, 1]), {"position-0": "1", "position-1": "2"}, ORDER_3),
        (
            ordering(),
            Layout(items=[2, 0, 1]),
            {"position-0": "1", "position-1": "1", "position-2": "2"},
            ORDER_3,
        ),
        (
            ordering(),
            Layout(items=[2, 0, 1]),
            {"position-0": "0", "position-1": "1", "position-2": "2"},
            ORDER_3,
        ),
        (
            ordering(),
            Layout(items=[2, 0, 1]),
            {"position-0": "4", "position-1": "1", "position-2": "2"},
            ORDER_3,
        ),
        (
            ordering(),
            Layout(items=[2, 0, 1]),
            {"position-0": "x", "position-1": "1", "position-2": "2"},
            ORDER_3,
        ),
        (
            ordering(),
            Layout(items=[2, 0, 1]),
            {"position-0": "3", "position-1": "1", "position-2": "2", "position-3": "4"},
            RELOAD,
        ),
        (ordering(), Layout(items=[0, 1]), {"position-0": "1"}, "has changed"),
        (matching(), Layout(rights=[4, 2, 0, 3, 1]), {}, "Choose a match for every item."),
        (
            matching(),
            Layout(rights=[4, 2, 0, 3, 1]),
            {"match-0": "1", "match-1": "", "match-2": "0"},
            "Choose a match for every item.",
        ),
        (
            matching(),
            Layout(rights=[4, 2, 0, 3, 1]),
            {"match-0": "1", "match-1": "5", "match-2": "0"},
            "not one of the choices",
        ),
        (
            matching(),
            Layout(rights=[4, 2, 0, 3, 1]),
            {"match-0": "1", "match-1": "2", "match-2": "0", "match-3": "3"},
            RELOAD,
        ),
        (matching(), Layout(rights=[2, 0, 1]), {"match-0": "1"}, "has changed"),
        (
            cloze(),
            Layout(options=[[], [2, 0, 1], []]),
            {"blank-1": "Jupiter", "blank-2": "1"},
            "Fill in every blank.",
        ),
        (
            cloze(),
            Layout(options=[[], [2, 0, 1], []]),
            {"blank-1": "Jupiter", "blank-2": "", "blank-3": "NASA"},
            "Fill in every blank.",
        ),
        (
            cloze(),
            Layout(options=[[], [2, 0, 1], []]),
            {"blank-1": " \t", "blank-2": "1", "blank-3": "NASA"},
            "Fill in every blank.",
        ),
        (
            cloze(),
            Layout(options=[[], [2, 0, 1], []]),
            {"blank-1": "Jupiter", "blank-2": "3", "blank-3": "NASA"},
            "does not offer",
        ),
        (
            cloze(),
            Layout(options=[[], [2, 0, 1], []]),
            {"blank-1": "Jupiter", "blank-2": "largest", "blank-3": "NASA"},
            "does not offer",
        ),
        (
            cloze(),
            Layout(options=[[], [2, 0, 1], []]),
            {"blank-1": "J" * 1001, "blank-2": "1", "blank-3": "NASA"},
            "That answer is too long.",
        ),
        (
            cloze(),
            Layout(options=[[], [2, 0, 1], []]),
            {"blank-0": "x", "blank-1": "Jupiter", "blank-2": "1", "blank-3": "NASA"},
            RELOAD,
        ),
        (cloze(), Layout(options=[[], [0, 1], []]), {"blank-1": "x"}, "has changed"),
        (cloze(), Layout(options=[[], [0, 1, 2]]), {"blank-1": "x"}, "has changed"),
    ],
)
def test_parse_response_refuses(question, layout, form, message):
    with pytest.raises(InvalidResponse, match=message):
        parse_response(question, layout, FakeForm(form))


def test_invalid_response_is_a_value_error_with_the_message():
    with pytest.raises(ValueError) as caught:
        parse_response(short(), Layout(), FakeForm({"answer": ""}))
    assert str(caught.value) == "Type an answer before submitting."


# --- describe_response and describe_answer ---------------------------------------------


@pytest.mark.parametrize(
    ("question", "response", "words"),
    [
        (single(), 0, "Jupiter"),
        (single(), 3, "Mars"),
        (multiple(), [0, 1], "Jupiter; Saturn"),
        (multiple(), [2], "Neptune"),
        (true_false(), True, "True"),
        (true_false(), False, "False"),
        (short(), "jupyter", "jupyter"),
        (numeric(answer=2500), "2,500 troops", "2,500 troops"),
        (ordering(), [2, 0, 1], "1. C, 2. A, 3. B"),
        (matching(), [0, 3, 2], "Fe → iron; Cu → silver; Au → gold"),
        (matching(), [0, None, 4], "Fe → iron; Cu → (no answer); Au → lead"),
        (cloze(), ["Mars", "largest", "ESA"], "[1] Mars; [2] largest; [3] ESA"),
        (cloze(), ["Mars", "", "ESA"], "[1] Mars; [2] (no answer); [3] ESA"),
    ],
)
def test_describe_response(question, response, words):
    assert describe_response(question, response) == words


@pytest.mark.parametrize(
    "question", [single(), multiple(), true_false(), short(), ordering(), matching(), cloze()]
)
@pytest.mark.parametrize("response", [None, "", []])
def test_describe_no_answer(question, response):
    assert describe_response(question, response) == NO_ANSWER == "(no answer)"


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (single(), 9),
        (single(), True),
        (single(), "0"),
        (multiple(), [0, 9]),
        (true_false(), "yes"),
        (short(), 3),
        (ordering(), [0, 7, 1]),
        (matching(), [0, 1]),
        (matching(), [0, 1, 9]),
        (cloze(), ["a", "b"]),
        (cloze(), ["a", 2, "c"]),
    ],
)
def test_describe_response_that_no_longer_fits(question, response):
    assert describe_response(question, response) == "(answer not recognised)"


@pytest.mark.parametrize(
    ("question", "words"),
    [
        (single(), "Jupiter"),
        (multiple(), "Jupiter; Saturn"),
        (true_false(), "False"),
        (short(), "Jupiter"),
        (
            short(["Jupiter", "Jove", "planet Jupiter"]),
            "Jupiter (also accepted: Jove; planet Jupiter)",
        ),
        (numeric(answer=2500, tolerance=100, unit="troops"), "2,500 (±100) troops"),
        (numeric(answer=2500, unit="troops"), "2,500 troops"),
        (numeric(answer=1.5, tolerance=0.25), "1.5 (±0.25)"),
        (numeric(answer=-3), "-3"),
        (numeric(range=[2000, 3000]), "between 2,000 and 3,000"),
        (numeric(range=[0.1, 0.3], unit="m"), "between 0.1 and 0.3 m"),
        (numeric(range=[5, 5]), "5"),
        (ordering(), "1. A, 2. B, 3. C"),
        (matching(), "Fe → iron; Cu → copper; Au → gold"),
        (cloze(), "[1] Jupiter; [2] largest; [3] NASA"),
    ],
)
def test_describe_answer(question, words):
    assert describe_answer(question) == words
