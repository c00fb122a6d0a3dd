import pytest

from quizapp.convert import import_bank
from tests.helpers.convert import import_file, notes, questions, validated


def test_moodle_xml_imports_into_a_valid_bank(sample):
    assert sample.errors == []
    bank = validated(sample.bank)
    assert [q.type for q in bank.questions] == [
        "single",
        "multiple",
        "true_false",
        "short",
        "numeric",
        "matching",
        "ordering",
        "cloze",
    ]
    assert all(q.tags[-1] == "Default for Physics/Optics" for q in bank.questions)


def test_multichoice_html_idnumber_grade_tags_and_general_feedback(sample):
    q = questions(sample)["light-speed"]
    assert q["prompt"] == "How fast is light?\n\na beam"
    assert q["explanation"] == "About 300 000 km/s."
    assert q["points"] == 2
    assert q["tags"] == ["speed", "Default for Physics/Optics"]
    assert q["choices"] == [
        {"text": "300 000 km/s", "correct": True, "feedback": "Yes."},
        {"text": "300 km/s"},
        {"text": "299 792 km/s"},
    ]
    assert (7, "warning", "images are not imported; only their alt text is kept") in notes(sample)
    assert (18, "warning", "partial credit (50%) for '299 792 km/s' is not kept") in notes(sample)


def test_multiple_truefalse_short_numerical(sample):
    found = questions(sample)
    assert found["Colours"]["type"] == "multiple"
    assert [c.get("correct", False) for c in found["Colours"]["choices"]] == [True, True, False]
    vacuum = found["Vacuum"]
    assert vacuum["answer"] is False
    assert vacuum["feedback_true"] == "No, it crosses a vacuum."
    assert vacuum["feedback_false"] == "Right."
    lens = found["Lens"]
    assert lens["answers"] == ["Diverging", "Concave"] and lens["case_sensitive"] is True
    wave = found["Wavelength"]
    assert (wave["answer"], wave["tolerance"], wave["unit"]) == (530, 20, "nm")


def test_matching_ordering_and_cloze(sample):
    found = questions(sample)
    assert found["Inventors"]["pairs"] == [
        {"left": "Telescope", "right": "Lippershey"},
        {"left": "Microscope", "right": "Janssen"},
    ]
    assert found["Inventors"]["distractors"] == ["Edison"]
    assert found["Spectrum"]["items"] == ["Violet", "Green", "Red"]
    assert found["Spectrum"]["credit"] == "pairs"
    cloze = found["Optics-cloze"]
    assert cloze["text"] == "Light bends in a [[1]] and is split by a [[2]]."
    assert cloze["blanks"] == [
        {"answers": ["prism", "lens"]},
        {"options": ["prism", "mirror", "window"], "answer": "prism"},
    ]
    assert cloze["explanation"] == "Refraction."


def test_types_we_cannot_hold_are_skipped_with_their_line(sample):
    skipped = [(line, message) for line, level, message in notes(sample) if level == "skipped"]
    assert skipped == [
        (70, "blank 1 is multi-response (MULTIRESPONSE), which a blank cannot be"),
        (74, "description questions are not a gradable type"),
        (78, "essay questions are not a gradable type"),
        (82, "Moodle calculated questions have no equivalent here"),
    ]


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_entities_and_dtds_are_refused(name):
    result = import_file(name, "moodle-xml")
    assert result.bank["questions"] == []
    assert [(n.line, n.level) for n in result.notes] == [(2, "error")]
    assert result.notes[0].message.startswith("refused: the file declares a DTD or entities")


def test_malformed_xml_names_the_line():
    result = import_file("malformed.xml", "moodle-xml")
    assert notes(result) == [(4, "error", "the file is not well-formed XML: mismatched tag")]


def test_xml_that_is_not_utf8_or_not_a_quiz():
    latin = b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n<!-- caf\xe9 -->\n</quiz>\n'
    result = import_bank(latin, "moodle-xml", name="l.xml")
    assert result.errors[0].line == 3 and "byte 0xe9" in result.errors[0].message
    declared = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<quiz><question type="truefalse">'
    declared += b"<questiontext><text>Caf\xe9?</text></questiontext>"
    declared += b'<answer fraction="100"><text>true</text></answer></question></quiz>'
    result = import_bank(declared, "moodle-xml", name="l.xml")
    assert result.bank["questions"][0]["prompt"] == "Café?"
    result = import_bank(b"<html><body/></html>", "moodle-xml", name="h.xml")
    assert notes(result) == [(1, "error", "expected <quiz> as the root, found <html>")]
