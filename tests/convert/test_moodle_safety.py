"""What Moodle would misread in our exports, and what our imports lost without a word."""

import copy
import re

from quizapp.banks.schema import Bank
from quizapp.convert import export_with_notes, import_bank
from quizapp.convert.moodle_grades import FRACTIONS
from tests.helpers.convert import TODAY, notes, questions

BANK = {
    "id": "safety",
    "title": "Safety",
    "source": {"title": "T", "author": "A", "published": TODAY},
    "questions": [],
}


def _bank(*items: dict) -> Bank:
    data = copy.deepcopy(BANK)
    for number, item in enumerate(items, 1):
        data["questions"].append({"id": f"q{number}", "explanation": "E.", "source": 1, **item})
    return Bank.model_validate(data)


def _gift(text: str):
    return import_bank(text.encode(), "gift", name="t.gift", today=TODAY)


STAR = {"type": "short", "prompt": "Name the grade.", "answers": ["A*"]}


def test_a_star_in_a_short_answer_is_escaped_for_moodle_and_read_back_as_a_star():
    gift = export_with_notes(_bank(STAR), "gift").data.decode()
    assert "\t=A\\*\n" in gift
    back = _gift(gift)
    assert back.notes == [] and back.bank["questions"][0]["answers"] == ["A*"]
    xml = export_with_notes(_bank(STAR), "moodle-xml").data.decode()
    assert "<text>A\\*</text>" in xml
    again = import_bank(xml.encode(), "moodle-xml", name="t.xml")
    assert again.notes == [] and again.bank["questions"][0]["answers"] == ["A*"]


def test_a_bare_star_in_an_imported_short_answer_is_named_as_moodles_wildcard():
    result = _gift("Grade?{=A*}")
    assert result.bank["questions"][0]["answers"] == ["A*"]
    assert "wildcard" in result.notes[0].message


def _eleven_right() -> dict:
    choices = [{"text": f"right {n}", "correct": True} for n in range(11)]
    return {"type": "multiple", "prompt": "Pick.", "choices": [*choices, {"text": "wrong"}]}


def test_eleven_right_choices_get_weights_on_moodles_list_that_add_up_to_100():
    bank = _bank(_eleven_right())
    for fmt, pattern in (("gift", r"~%(-?[\d.]+)%"), ("moodle-xml", r'fraction="(-?[\d.]+)"')):
        exported = export_with_notes(bank, fmt)
        weights = [float(w) / 100 for w in re.findall(pattern, exported.data.decode())]
        assert len(weights) == 12
        assert all(any(abs(abs(w) - f) < 1e-7 for f in FRACTIONS) for w in weights), weights
        assert abs(sum(w for w in weights if w > 0) - 1) < 1e-6
        assert [n.level for n in exported.notes] == ["warning"]
        assert "9 right choices are worth 10% and 2 are worth 5%" in exported.notes[0].message
        back = import_bank(exported.data, fmt, name="t")
        assert back.notes == []
        assert Bank.model_validate(back.bank).questions == bank.questions


AWKWARD = ["a~b", "{c}", "d#e", "C:\\", "=f", "%50%g", "&lt;h&", "*i", "j\\}", "k\\#"]


def test_a_moodle_xml_cloze_writes_only_escapes_moodle_undoes():
    blanks = [{"options": AWKWARD, "answer": "C:\\"}, {"answers": AWKWARD}]
    cloze = {"type": "cloze", "prompt": "Fill.", "text": "[[1]] and [[2]]", "blanks": blanks}
    bank = _bank(cloze)
    xml = export_with_notes(bank, "moodle-xml").data.decode()
    embedded = re.findall(r"\{1:[A-Z_]+:.*?\}(?= and|\]\]>|<)", xml)
    assert len(embedded) == 2
    for blank in embedded:
        # Moodle unescapes only \} and \# (after entities); any other backslash stays.
        assert "\\" not in re.sub(r"\\[*}#]", "", blank), blank
    back = import_bank(xml.encode(), "moodle-xml", name="t.xml")
    assert back.notes == []
    assert Bank.model_validate(back.bank).questions == bank.questions


def test_drafts_are_left_out_of_every_export_with_a_note():
    bank = _bank(STAR, {**STAR, "prompt": "Not ready.", "draft": True})
    for fmt in ("gift", "moodle-xml"):
        exported = export_with_notes(bank, fmt)
        assert "Not ready" not in exported.data.decode()
        assert [(n.level, n.message) for n in exported.notes] == [
            ("skipped", "question q2: a draft, not exported")
        ]


def test_angle_brackets_in_plain_gift_stay_text():
    result = _gift("Is x<y and y>z always?{F}\n\nIs <b>bold</b> x<y?{T}")
    prompts = [q["prompt"] for q in result.bank["questions"]]
    assert prompts == ["Is x<y and y>z always?", "Is bold x<y?"]


def test_every_link_image_and_file_dropped_gets_a_warning():
    gift = (
        '[html]Listen: <a href="hello.mp3">hello</a>, see <img src="a.png" alt="a map">'
        ' and <img src="b.png">{T}'
    )
    result = _gift(gift)
    assert result.bank["questions"][0]["prompt"] == "Listen: hello, see a map and"
    assert notes(result) == [
        (1, "warning", "the link to 'hello.mp3' is not kept; its text is"),
        (1, "warning", "image 'a.png' is not imported; its alt text 'a map' is kept"),
        (1, "warning", "image 'b.png' is not imported, and it has no alt text"),
    ]


def _xml_cloze(text: str):
    xml = (
        '<?xml version="1.0"?>\n<quiz><question type="cloze"><name><text>c</text></name>'
        f"<questiontext><text><![CDATA[{text}]]></text></questiontext></question></quiz>"
    )
    return import_bank(xml.encode(), "moodle-xml", name="c.xml", today=TODAY)


def test_moodle_xml_cloze_refuses_a_numerical_blank_that_is_not_a_number():
    result = _xml_cloze("Nothing is {1:NUMERICAL:=zero}.")
    assert result.bank["questions"] == []
    assert notes(result) == [
        (2, "error", "blank 1 is NUMERICAL but 'zero' is not a number (Moodle refuses it)")
    ]


def test_moodle_xml_cloze_names_partial_credit_and_feedback_it_drops():
    result = _xml_cloze(
        "Capital: {1:SHORTANSWER:=Paris#Yes~%50%paris#Lower case} or"
        " {1:MULTICHOICE:=Rome~%50%Milan#Close~Oslo}."
    )
    question = result.bank["questions"][0]
    assert question["blanks"] == [
        {"answers": ["Paris"]},
        {"options": ["Rome", "Milan", "Oslo"], "answer": "Rome"},
    ]
    assert {message for _, level, message in notes(result) if level == "warning"} == {
        "blank 1: feedback on 'Paris' is not kept",
        "blank 1: feedback on 'paris' is not kept",
        "blank 1: answer 'paris' (50%) is not kept: only answers worth 100% are",
        "blank 2: feedback on 'Milan' is not kept",
        "blank 2: partial credit (50%) for 'Milan' is not kept",
    }


ORDERING = """::planets::Order the planets from the Sun.{>3 ALL VERTICAL ABSOLUTE_POSITION
Mercury
Venus
Earth
}

Order by size.{>4 RANDOM H RELATIVE_NEXT_EXCLUDE_LAST
ant
cat
horse
whale
elephant
}
"""


def test_moodle_ordering_in_gift_is_read():
    result = _gift(ORDERING)
    found = questions(result)
    assert found["planets"]["type"] == "ordering"
    assert found["planets"]["items"] == ["Mercury", "Venus", "Earth"]
    assert "credit" not in found["planets"]
    size = result.bank["questions"][1]
    assert size["items"] == ["ant", "cat", "horse", "whale", "elephant"]
    assert size["credit"] == "pairs"
    assert notes(result) == [
        (7, "warning", "Moodle shows 4 of the 5 items (RANDOM); here every item is asked")
    ]


def test_moodle_ordering_in_gift_is_written():
    bank = _bank({"type": "ordering", "prompt": "Order.", "items": ["a", "b", "c"]})
    gift = export_with_notes(bank, "gift").data.decode()
    assert "::q1::Order.{\n\t>3 ALL VERTICAL ABSOLUTE_POSITION\n\ta\n\tb\n\tc\n}" in gift
    back = _gift(gift)
    assert back.notes == []
    assert Bank.model_validate(back.bank).questions == bank.questions
