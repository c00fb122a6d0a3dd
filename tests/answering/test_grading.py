import pytest

from quizapp.answering.grading import Result, grade, normalise, parse_number, text_matches
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


def single(**fields):
    return SingleQuestion.model_validate(
        {
            **BASE,
            "type": "single",
            "choices": [
                {"text": "Jupiter", "correct": True, "feedback": "Yes, by far."},
                {"text": "Saturn", "feedback": "Saturn is the second largest."},
                {"text": "Neptune"},
            ],
            **fields,
        }
    )


def multiple(**fields):
    choices = [{"text": t, "correct": True} for t in "ABC"] + [{"text": t} for t in "DE"]
    choices[3]["feedback"] = "D is a moon."
    return MultipleQuestion.model_validate(
        {**BASE, "type": "multiple", "choices": choices, **fields}
    )


def true_false(**fields):
    return TrueFalseQuestion.model_validate(
        {
            **BASE,
            "type": "true_false",
            "answer": True,
            "feedback_true": "Right, it is.",
            "feedback_false": "It is, in fact.",
            **fields,
        }
    )


def short(**fields):
    return ShortQuestion.model_validate(
        {**BASE, "type": "short", "answers": ["Jupiter", "planet Jupiter"], **fields}
    )


def numeric(**fields):
    return NumericQuestion.model_validate({**BASE, "type": "numeric", **fields})


def ordering(credit="positions"):
    return OrderingQuestion.model_validate(
        {**BASE, "type": "ordering", "items": ["A", "B", "C", "D"], "credit": credit}
    )


def matching():
    return MatchingQuestion.model_validate(
        {
            **BASE,
            "type": "matching",
            "pairs": [
                {"left": "Fe", "right": "iron"},
                {"left": "Cu", "right": "copper"},
                {"left": "Au", "right": "gold"},
            ],
            "distractors": ["silver", "lead"],
        }
    )


def cloze():
    return ClozeQuestion.model_validate(
        {
            **BASE,
            "type": "cloze",
            "text": "[[1]] is the [[2]] planet, says [[3]].",
            "blanks": [
                {"answers": ["Jupiter"]},
                {"options": ["largest", "smallest"], "answer": "largest"},
                {"answers": ["NASA"], "case_sensitive": True, "typos": 0},
            ],
        }
    )


# --- normalise -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded", "kept_case"),
    [
        ("Café", "cafe", "Cafe"),
        ("São Paulo", "sao paulo", "Sao Paulo"),
        ("Ångström", "angstrom", "Angstrom"),
        ("  New   York \t", "new york", "New York"),
        ("U.S.A.", "usa", "USA"),
        ("don't", "dont", "dont"),
        ("¡Hola!", "hola", "Hola"),
        ("Jean-Paul", "jean paul", "Jean Paul"),
        ("rock/roll", "rock roll", "rock roll"),
        ("naïve — “quoted”", "naive quoted", "naive quoted"),
        ("Straße", "strasse", "Straße"),
        ("ﬁsh", "fish", "fish"),
        ("İstanbul", "istanbul", "Istanbul"),
        ("C++", "c++", "C++"),
        ("", "", ""),
    ],
)
def test_normalise(text, folded, kept_case):
    assert normalise(text) == folded
    assert normalise(text, case_sensitive=True) == kept_case


# --- text_matches ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "accepted", "options", "expected"),
    [
        ("Paris", ["Paris"], {}, True),
        ("paris", ["Paris"], {}, True),
        ("  PARIS  ", ["Paris"], {}, True),
        ("Sao Paulo", ["São Paulo"], {}, True),
        ("são paulo", ["Sao Paulo"], {}, True),
        ("USA", ["U.S.A."], {}, True),
        ("new  york", ["New York"], {}, True),
        ("Lutetia", ["Paris", "Lutetia"], {}, True),
        ("London", ["Paris", "Lutetia"], {}, False),
        # 3 characters or fewer: no typo forgiven
        ("cot", ["cat"], {}, False),
        ("cat", ["cat"], {}, True),
        ("usb", ["U.S.A."], {}, False),
        # 4 to 7 characters: one typo
        ("Mats", ["Mars"], {}, True),
        ("Mxts", ["Mars"], {}, False),
        ("Jupyter", ["Jupiter"], {}, True),
        ("Jupytar", ["Jupiter"], {}, False),
        ("Jupiterr", ["Jupiter"], {}, True),
        ("Jupyterr", ["Jupiter"], {}, False),
        # 8 or more characters: two typos
        ("Napolean", ["Napoleon"], {}, True),
        ("Nappoleonn", ["Napoleon"], {}, True),
        ("Nappoleonnn", ["Napoleon"], {}, False),
        # typos: 0 is exact after normalising; a number sets the distance
        ("Mats", ["Mars"], {"typos": 0}, False),
        ("MARS!", ["Mars"], {"typos": 0}, True),
        ("Nappoleonnn", ["Napoleon"], {"typos": 3}, True),
        ("cot", ["cat"], {"typos": 1}, True),
        # a typo never changes a number
        ("1946", ["1945"], {}, False),
        ("World War 3", ["World War 2"], {}, False),
        ("Wrld War 2", ["World War 2"], {}, True),
        # case_sensitive keeps case, still forgives accents and real typos
        ("paris", ["Paris"], {"case_sensitive": True}, False),
        ("Paris", ["Paris"], {"case_sensitive": True}, True),
        ("Cafe", ["Café"], {"case_sensitive": True}, True),
        ("MRNA", ["mRNA"], {"case_sensitive": True}, False),
        ("mRMA", ["mRNA"], {"case_sensitive": True}, True),
        ("Pariss", ["Paris"], {"case_sensitive": True}, True),
        # nothing typed matches nothing
        ("", ["Paris"], {}, False),
        ("  ?! ", ["Paris"], {}, False),
        ("", ["a"], {"typos": 1}, False),
        # an answer of punctuation only is compared as written
        ("?!", ["?!"], {}, True),
        ("!?", ["?!"], {}, False),
    ],
)
def test_text_matches(given, accepted, options, expected):
    assert text_matches(given, accepted, **options) is expected


# --- parse_number ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2500", 2500),
        ("2,500", 2500),
        ("2 500", 2500),
        ("2\u2009500", 2500),  # thin space
        ("2\u00a0500", 2500),  # no-break space
        ("2\u202f500", 2500),  # narrow no-break space
        ("12 345 678", 12345678),
        ("1,234,567.5", 1234567.5),
        ("  2500  ", 2500),
        ("2500 troops", 2500),
        ("2,500troops", 2500),
        ("30%", 30),
        ("5 m²", 5),
        ("-3", -3),
        ("\u22123", -3),  # Unicode minus
        ("+3", 3),
        ("1.5", 1.5),
        (".5", 0.5),
        ("2500.", 2500),
        ("1e3", 1000),
        ("6.02E23", 6.02e23),
        ("1e-3", 0.001),
        ("１２", 12),  # full-width digits
        ("about 2,500", None),
        ("~2500", None),
        ("$5", None),
        ("1,5", None),
        ("2,50", None),
        ("2.500,5", None),
        ("2,500 000", None),
        ("2500 000", None),
        ("2000 to 3000", None),
        ("1/2", None),
        ("5 m2", None),
        ("5 e3", None),
        ("--3", None),
        ("1e999", None),
        ("inf", None),
        ("nan", None),
        ("garbage", None),
        ("-", None),
        (".", None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


# --- Result ----------------------------------------------------------------------------


def test_result_partial():
    assert Result(0.5, 0.5, False, [], None).partial
    assert not Result(1.0, 1.0, True, [], None).partial
    assert not Result(0.0, 0.0, False, [], None).partial


# --- single ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "fraction", "feedback"),
    [
        (0, 1.0, ["Yes, by far."]),
        (1, 0.0, ["Saturn is the second largest."]),
        (2, 0.0, []),
        (3, 0.0, []),
        (-1, 0.0, []),
        (True, 0.0, []),
        ("0", 0.0, []),
        (None, 0.0, []),
    ],
)
def test_grade_single(response, fraction, feedback):
    result = grade(single(points=2), response)
    assert result == Result(fraction, fraction * 2, fraction == 1, feedback, None)


# --- multiple --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "fraction", "points"),
    [
        ([0, 1, 2], 1.0, 3.0),
        ([0, 1], 2 / 3, 2.0),
        ([2], 1 / 3, 1.0),
        ([0, 1, 2, 3], 2 / 3, 2.0),  # all correct and one wrong: not full marks
        ([0, 1, 3], 1 / 3, 1.0),
        ([0, 3], 0.0, 0.0),
        ([0, 3, 4], 0.0, 0.0),  # 1 - 2 floors at 0
        ([3, 4], 0.0, 0.0),
        ([0, 1, 2, 3, 4], 1 / 3, 1.0),
        ([1, 1, 0], 2 / 3, 2.0),
        ([], 0.0, 0.0),
        ([0, 5], 0.0, 0.0),
        (0, 0.0, 0.0),
        (None, 0.0, 0.0),
    ],
)
def test_grade_multiple(response, fraction, points):
    result = grade(multiple(points=3), response)
    assert result.fraction == pytest.approx(fraction)
    assert result.points == points
    assert result.correct is (response == [0, 1, 2])
    assert result.partial is (0 < fraction < 1)
    assert result.parts is None


def test_grade_multiple_rounds_points_and_gives_feedback_for_picks():
    result = grade(multiple(), [0, 3])
    assert result.feedback == ["D is a moon."]
    assert grade(multiple(), [1]).points == 0.3333
    assert grade(multiple(), [0, 1]).points == 0.6667


# --- true_false ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "response", "fraction", "feedback"),
    [
        (True, True, 1.0, ["Right, it is."]),
        (True, False, 0.0, ["It is, in fact."]),
        (False, False, 1.0, ["It is, in fact."]),
        (False, True, 0.0, ["Right, it is."]),
        (True, 1, 0.0, []),
        (True, "true", 0.0, []),
        (True, None, 0.0, []),
    ],
)
def test_grade_true_false(answer, response, fraction, feedback):
    result = grade(true_false(answer=answer), response)
    assert result == Result(fraction, fraction, fraction == 1, feedback, None)


def test_grade_true_false_without_feedback():
    question = true_false(feedback_true=None, feedback_false=None)
    assert grade(question, True).feedback == []


# --- short -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "response", "correct"),
    [
        ({}, "Jupiter", True),
        ({}, "jupiter!", True),
        ({}, "Planet  Jupiter", True),
        ({}, "Jupyter", True),
        ({}, "Jupytar", False),
        ({}, "Saturn", False),
        ({}, "", False),
        ({}, None, False),
        ({}, 3, False),
        ({"typos": 0}, "Jupyter", False),
        ({"typos": 0}, "JUPITER", True),
        ({"case_sensitive": True}, "jupiter", False),
        ({"case_sensitive": True}, "Jupiter", True),
    ],
)
def test_grade_short(fields, response, correct):
    result = grade(short(**fields), response)
    assert result.correct is correct
    assert result.fraction == (1.0 if correct else 0.0)
    assert result.parts is None


# --- numeric ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "response", "correct"),
    [
        ({"answer": 2500, "tolerance": 100}, "2500", True),
        ({"answer": 2500, "tolerance": 100}, "2,400", True),
        ({"answer": 2500, "tolerance": 100}, "2 600 troops", True),
        ({"answer": 2500, "tolerance": 100}, "2399.99", False),
        ({"answer": 2500, "tolerance": 100}, "2,601", False),
        ({"answer": 2500, "tolerance": 100}, "about 2500", False),
        ({"answer": 2500, "tolerance": 100}, "", False),
        ({"answer": 2500, "tolerance": 100}, None, False),
        ({"answer": 2500, "tolerance": 100}, 2500.0, True),
        ({"answer": 2500, "tolerance": 100}, True, False),
        ({"answer": 2500}, "2500", True),
        ({"answer": 2500}, "2501", False),
        ({"answer": 0.3}, str(0.1 + 0.2), True),
        ({"answer": 0.3}, "0.3000001", False),
        ({"answer": -40}, "\u221240", True),
        ({"range": [0.1, 0.3]}, "0.1", True),
        ({"range": [0.1, 0.3]}, "0.3", True),
        ({"range": [0.1, 0.3]}, str(0.1 + 0.2), True),
        ({"range": [0.1, 0.3]}, "0.09", False),
        ({"range": [0.1, 0.3]}, "0.31", False),
        ({"range": [2000, 3000]}, "3,000", True),
        ({"range": [2000, 3000]}, "3,001", False),
    ],
)
def test_grade_numeric(fields, response, correct):
    result = grade(numeric(**fields), response)
    assert result.correct is correct
    assert result.fraction == (1.0 if correct else 0.0)


# --- ordering --------------------------------------------------------------------------

# Items A B C D in that order; a response lists item indices in the learner's order.
ORDERINGS = [
    # response, positions credit and parts, pairs credit and parts (A-B, B-C, C-D)
    ([0, 1, 2, 3], 1.0, [True] * 4, 1.0, [True] * 3),
    # A and B swapped: C and D in place; only C-D still follow each other
    ([1, 0, 2, 3], 0.5, [False, False, True, True], 1 / 3, [False, False, True]),
    # everything moved one along: no item in place, but A-B and B-C still follow
    ([3, 0, 1, 2], 0.0, [False] * 4, 2 / 3, [True, True, False]),
    ([1, 2, 3, 0], 0.0, [False] * 4, 2 / 3, [False, True, True]),
    # ends in place, middle swapped: half the positions, no pair
    ([0, 2, 1, 3], 0.5, [True, False, False, True], 0.0, [False] * 3),
    ([3, 2, 1, 0], 0.0, [False] * 4, 0.0, [False] * 3),
    # not a permutation of the items: nothing
    ([0, 1, 2], 0.0, [False] * 4, 0.0, [False] * 3),
    ([0, 0, 1, 2], 0.0, [False] * 4, 0.0, [False] * 3),
    ([0, 1, 2, 4], 0.0, [False] * 4, 0.0, [False] * 3),
    ([True, 0, 2, 3], 0.0, [False] * 4, 0.0, [False] * 3),
    (None, 0.0, [False] * 4, 0.0, [False] * 3),
]


@pytest.mark.parametrize(("response", "fraction", "parts", "_f", "_p"), ORDERINGS)
def test_grade_ordering_positions(response, fraction, parts, _f, _p):
    result = grade(ordering("positions"), response)
    assert result.fraction == pytest.approx(fraction)
    assert result.parts == parts
    assert result.correct is (response == [0, 1, 2, 3])


@pytest.mark.parametrize(("response", "_f", "_p", "fraction", "parts"), ORDERINGS)
def test_grade_ordering_pairs(response, _f, _p, fraction, parts):
    result = grade(ordering("pairs"), response)
    assert result.fraction == pytest.approx(fraction)
    assert result.parts == parts
    assert result.correct is (response == [0, 1, 2, 3])


def test_grade_ordering_two_items():
    question = OrderingQuestion.model_validate(
        {**BASE, "type": "ordering", "items": ["X", "Y"], "credit": "pairs"}
    )
    assert grade(question, [0, 1]).correct
    assert grade(question, [1, 0]).fraction == 0.0


# --- matching --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "fraction", "parts"),
    [
        ([0, 1, 2], 1.0, [True, True, True]),
        ([0, 2, 1], 1 / 3, [True, False, False]),
        ([1, 2, 0], 0.0, [False, False, False]),
        ([3, 4, 3], 0.0, [False, False, False]),  # distractors match nothing
        ([0, 1, 4], 2 / 3, [True, True, False]),
        ([0, 1, None], 2 / 3, [True, True, False]),
        ([0, 0, 0], 1 / 3, [True, False, False]),
        ([None, None, None], 0.0, [False, False, False]),
        ([0, 1, 2, 3], 0.0, [False, False, False]),
        ([0, 1], 0.0, [False, False, False]),
        (None, 0.0, [False, False, False]),
        (["0", 1, 2], 2 / 3, [False, True, True]),
    ],
)
def test_grade_matching(response, fraction, parts):
    result = grade(matching(), response)
    assert result.fraction == pytest.approx(fraction)
    assert result.parts == parts
    assert result.correct is (fraction == 1.0)
    assert result.feedback == []


# --- cloze -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "parts"),
    [
        (["Jupiter", "largest", "NASA"], [True, True, True]),
        (["jupyter ", "largest", "NASA"], [True, True, True]),  # typed: tolerant
        (["Jupiter", "Largest", "NASA"], [True, False, True]),  # drop-down: exact text
        (["Jupiter", "largest", "nasa"], [True, True, False]),  # case_sensitive blank
        (["Jupiter", "largest", "NASAA"], [True, True, False]),  # typos: 0 blank
        (["Saturn", "smallest", "NASA"], [False, False, True]),
        (["", "", ""], [False, False, False]),
        (["Jupiter", None, "NASA"], [True, False, True]),
        (["Jupiter", "largest"], [False, False, False]),
        (None, [False, False, False]),
    ],
)
def test_grade_cloze(response, parts):
    result = grade(cloze(), response)
    assert result.parts == parts
    assert result.fraction == pytest.approx(sum(parts) / 3)
    assert result.correct is all(parts)
