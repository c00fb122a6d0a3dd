"""Write a bank as Moodle XML; fields Moodle lacks travel in `<!-- quizapp: -->` comments."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from quizapp.banks.fields import BLANK_RE
from quizapp.banks.schema import Bank

from . import moodle_cloze
from .common import Note, format_number
from .extras import blank_order, blank_tolerances, format_extras, question_extras

_TYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "true_false": "truefalse",
    "short": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
    "cloze": "cloze",
}
OWN_CATEGORY = "quizapp: the bank's own category, not a tag"
_CREDIT = {"positions": "ABSOLUTE_POSITION", "pairs": "RELATIVE_NEXT_EXCLUDE_LAST"}


def write_moodle_xml(bank: Bank) -> tuple[bytes, list[Note]]:
    notes: list[Note] = []
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" {_comment_safe(bank.title)}: exported from quizapp "))
    category = ET.SubElement(quiz, "question", type="category")
    category.append(ET.Comment(f" {OWN_CATEGORY} "))
    _text(ET.SubElement(category, "category"), f"$course$/top/{bank.title.replace('/', '-')}")
    for question in bank.questions:
        if question.type == "cloze" and moodle_cloze.EMBEDDED.search(question.text):
            notes.append(
                Note(
                    0,
                    f"question {question.id}: its text holds Moodle's own blank syntax"
                    " ({n:TYPE:...}), which Moodle XML cannot escape",
                    "skipped",
                )
            )
            continue
        quiz.append(_question(question, bank.settings.shuffle_choices))
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode(), notes


def _comment_safe(text: str) -> str:
    return re.sub(r"-(?=-)", "- ", text).rstrip("-")


def _text(parent: ET.Element, value: str) -> ET.Element:
    ET.SubElement(parent, "text").text = value
    return parent


def _rich(parent: ET.Element, tag: str, value: str) -> ET.Element:
    return _text(ET.SubElement(parent, tag, format="plain_text"), value)


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str | None = None):
    answer = _rich(parent, "answer", text)
    answer.set("fraction", format_number(round(fraction, 7)))
    if feedback is not None:
        _rich(answer, "feedback", feedback)
    return answer


def _question(q, shuffle: bool) -> ET.Element:
    element = ET.Element("question", type=_TYPES[q.type])
    extras = question_extras(q)
    name = " ".join(q.prompt.split())
    _text(ET.SubElement(element, "name"), name if len(name) <= 100 else name[:99] + "…")
    prompt = q.prompt
    if q.type == "cloze":
        extras["prompt"] = q.prompt
        order = blank_order(q)
        if order:
            extras["order"] = order
        tolerances = blank_tolerances(q)
        if tolerances:
            extras["blanks"] = [
                {k: v for k, v in t.items() if k != "case_sensitive"} for t in tolerances
            ]
            if not any(extras["blanks"]):
                del extras["blanks"]
        prompt = BLANK_RE.sub(lambda m: moodle_cloze.write_blank(q.blanks[int(m[1]) - 1]), q.text)
    _rich(element, "questiontext", prompt)
    _rich(element, "generalfeedback", q.explanation)
    ET.SubElement(element, "defaultgrade").text = format_number(q.points)
    ET.SubElement(element, "penalty").text = "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = q.id
    getattr(_Body, q.type)(element, q, extras, shuffle)
    if q.tags:
        tags = ET.SubElement(element, "tags")
        for tag in q.tags:
            _text(ET.SubElement(tags, "tag"), tag)
    element.insert(0, ET.Comment(" quizapp: " + _comment_safe_json(format_extras(extras)) + " "))
    return element


def _comment_safe_json(text: str) -> str:
    # "--" may not appear in an XML comment; inside JSON strings "\u002d" reads back as "-".
    return text.replace("--", "-\\u002d")


class _Body:
    """The type-specific elements, one static method per question type."""

    @staticmethod
    def single(element, q, extras, shuffle):
        ET.SubElement(element, "single").text = "true" if q.type == "single" else "false"
        ET.SubElement(element, "shuffleanswers").text = "true" if shuffle else "false"
        ET.SubElement(element, "answernumbering").text = "abc"
        share = 100 / len(q.correct_indices)
        for choice in q.choices:
            fraction = (100 if q.type == "single" else share) if choice.correct else 0
            if q.type == "multiple" and not choice.correct:
                fraction = -share
            _answer(element, fraction, choice.text, choice.feedback)

    multiple = single

    @staticmethod
    def true_false(element, q, extras, shuffle):
        _answer(element, 100 if q.answer else 0, "true", q.feedback_true or "")
        _answer(element, 0 if q.answer else 100, "false", q.feedback_false or "")

    @staticmethod
    def short(element, q, extras, shuffle):
        ET.SubElement(element, "usecase").text = "1" if q.case_sensitive else "0"
        if q.typos is not None:
            extras["typos"] = q.typos
        for answer in q.answers:
            _answer(element, 100, answer, "")

    @staticmethod
    def numeric(element, q, extras, shuffle):
        if q.range is not None:
            extras["range"] = list(q.range)
            low, high = q.range
            value, tolerance = (low + high) / 2, (high - low) / 2
        else:
            value, tolerance = q.answer, q.tolerance
        answer = _answer(element, 100, format_number(value), "")
        ET.SubElement(answer, "tolerance").text = format_number(tolerance)
        if q.unit:
            units = ET.SubElement(element, "units")
            unit = ET.SubElement(units, "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = q.unit
        elif q.unit is not None:
            extras["unit"] = q.unit

    @staticmethod
    def matching(element, q, extras, shuffle):
        ET.SubElement(element, "shuffleanswers").text = "true"
        for pair in q.pairs:
            sub = _rich(element, "subquestion", pair.left)
            _text(ET.SubElement(sub, "answer"), pair.right)
        for text in q.distractors:
            sub = _rich(element, "subquestion", "")
            _text(ET.SubElement(sub, "answer"), text)

    @staticmethod
    def ordering(element, q, extras, shuffle):
        ET.SubElement(element, "layouttype").text = "VERTICAL"
        ET.SubElement(element, "selecttype").text = "ALL"
        ET.SubElement(element, "selectcount").text = "0"
        ET.SubElement(element, "gradingtype").text = _CREDIT[q.credit]
        ET.SubElement(element, "showgrading").text = "SHOW"
        ET.SubElement(element, "numberingstyle").text = "none"
        for position, item in enumerate(q.items, 1):
            _answer(element, position, item)

    @staticmethod
    def cloze(element, q, extras, shuffle):
        pass
