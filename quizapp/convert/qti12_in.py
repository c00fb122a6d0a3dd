"""QTI 1.2 as Canvas exports quizzes: multiple choice and answers, true/false, short answer."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .common import BankBuilder
from .qti_xml import Texts

_CHOICE_TYPES = {"multiple_choice_question", "true_false_question", "multiple_answers_question"}
_SHORT_TYPES = {"short_answer_question"}


def read_questestinterop(root: ET.Element, lines: dict[int, int], builder: BankBuilder) -> None:
    for item in root.iter("item"):
        _item(item, lines.get(id(item), 1), builder)


def _metadata(item: ET.Element) -> dict[str, str]:
    fields = {}
    for field in item.iter("qtimetadatafield"):
        label = (field.findtext("fieldlabel") or "").strip()
        fields[label] = (field.findtext("fieldentry") or "").strip()
    return fields


def _material(element: ET.Element | None, texts: Texts) -> str:
    """The text of <material><mattext texttype=...>, HTML or plain."""
    if element is None:
        return ""
    parts = []
    for mattext in element.iter("mattext"):
        html = "html" in (mattext.get("texttype") or "")
        if html:
            parts.append(texts.html(mattext.text or ""))
        else:
            parts.append((mattext.text or "").strip())
    return "\n\n".join(part for part in parts if part)


def _right_idents(item: ET.Element) -> tuple[dict[str, None], dict[str, None]]:
    """Response idents that score (setvar > 0), and those a multiple-answer item forbids."""
    right: dict[str, None] = {}  # ordered sets: the file's order
    wrong: dict[str, None] = {}
    for condition in item.iter("respcondition"):
        score = sum(_number(var.text) for var in condition.iter("setvar"))
        if score <= 0:
            continue
        variables = condition.find("conditionvar")
        if variables is None:
            continue
        forbidden = {id(v) for n in variables.iter("not") for v in n.iter("varequal")}
        for value in variables.iter("varequal"):
            (wrong if id(value) in forbidden else right)[(value.text or "").strip()] = None
    return right, wrong


def _number(text: str | None) -> float:
    try:
        return float(text or 0)
    except ValueError:
        return 0.0


def _item(item: ET.Element, line: int, builder: BankBuilder) -> None:
    texts = Texts()
    kind = _metadata(item).get("question_type", "")
    presentation = item.find("presentation")
    prompt = _material(presentation.find("material") if presentation is not None else None, texts)
    right, _ = _right_idents(item)
    if kind in _CHOICE_TYPES:
        labels = [] if presentation is None else list(presentation.iter("response_label"))
        choices = [
            {"text": _material(label.find("material"), texts)}
            | ({"correct": True} if label.get("ident") in right else {})
            for label in labels
        ]
        question = _choice(kind, prompt, choices, builder, line)
    elif kind in _SHORT_TYPES:
        answers = [answer for answer in right if answer]
        question = {"type": "short", "prompt": prompt, "answers": answers} if answers else None
        if question is None:
            builder.note(line, "a short-answer item with no answer that scores")
    else:
        builder.note(line, f"Canvas {kind or 'untyped'} items have no equivalent here", "skipped")
        return
    texts.report(builder, line)
    if question is not None:
        title = item.get("title")
        builder.add_question(
            question, line=line, explicit_id=None, title=title or item.get("ident")
        )


def _choice(kind: str, prompt: str, choices: list[dict], builder: BankBuilder, line: int):
    right = [choice for choice in choices if choice.get("correct")]
    if not right:
        builder.note(line, "no choice scores (no setvar above 0 names one)")
        return None
    if kind == "true_false_question":
        truth = right[0]["text"].strip().lower() == "true"
        return {"type": "true_false", "prompt": prompt, "answer": truth}
    single = kind == "multiple_choice_question"
    if single and len(right) > 1:
        builder.note(line, "a multiple-choice item names several right choices", "skipped")
        return None
    return {"type": "single" if single else "multiple", "prompt": prompt, "choices": choices}
