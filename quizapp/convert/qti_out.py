"""A bank as a QTI 2.1 content package: imsmanifest.xml, one assessmentItem per question.

What QTI has no element for rides in a `<!-- quizapp: ... -->` comment: our import reads it."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

from quizapp.banks.fields import BLANK_RE
from quizapp.banks.schema import Bank

from .common import Note
from .extras import format_extras, question_extras
from .gift_out import draft_note
from .moodle_xml_out import comment_safe_json

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
ITEM_TYPE = "imsqti_item_xmlv2p1"


def write_qti_package(bank: Bank) -> tuple[bytes, list[Note]]:
    notes: list[Note] = []
    files: dict[str, bytes] = {}
    for question in bank.questions:
        if question.draft:
            notes.append(draft_note(question))
            continue
        files[f"items/{question.id}.xml"] = _xml(item_element(question))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", _xml(_manifest(bank, list(files))))
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue(), notes


def _xml(element: ET.Element) -> bytes:
    ET.indent(element)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="utf-8")


def _manifest(bank: Bank, names: list[str]) -> ET.Element:
    manifest = ET.Element(
        "manifest",
        {
            "xmlns": CP_NS,
            "xmlns:xsi": XSI,
            "identifier": f"MANIFEST-{bank.id or 'bank'}",
            "xsi:schemaLocation": f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
        },
    )
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "QTIv2.1 Package"
    ET.SubElement(metadata, "schemaversion").text = "1.0.0"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    for name in names:
        identifier = "RES-" + name.removeprefix("items/").removesuffix(".xml")
        resource = ET.SubElement(
            resources, "resource", identifier=identifier, type=ITEM_TYPE, href=name
        )
        ET.SubElement(resource, "file", href=name)
    return manifest


def item_element(q) -> ET.Element:
    title = " ".join(q.prompt.split())
    item = ET.Element(
        "assessmentItem",
        {
            "xmlns": NS,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": f"{NS} {XSD}",
            "identifier": q.id,
            "title": title if len(title) <= 100 else title[:99] + "…",
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    extras = question_extras(q)
    if q.points != 1:
        extras["points"] = q.points
    fields: dict = {"tags": list(q.tags)} if q.tags else {}
    body = ET.Element("itemBody")
    template = getattr(_Body, q.type)(item, body, q, extras, fields)
    _outcomes(item)
    item.append(body)
    if template:
        ET.SubElement(item, "responseProcessing", template=TEMPLATES + template)
    feedback = ET.SubElement(
        item, "modalFeedback", outcomeIdentifier="FEEDBACK", showHide="show", identifier="EXPLAIN"
    )
    _paragraphs(feedback, q.explanation)
    if fields:
        extras["fields"] = fields
    item.insert(0, ET.Comment(" quizapp: " + comment_safe_json(format_extras(extras)) + " "))
    return item


def _outcomes(item: ET.Element) -> None:
    score = ET.SubElement(
        item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float"
    )
    ET.SubElement(ET.SubElement(score, "defaultValue"), "value").text = "0"
    ET.SubElement(
        item,
        "outcomeDeclaration",
        identifier="FEEDBACK",
        cardinality="single",
        baseType="identifier",
    )


def _paragraphs(parent: ET.Element, text: str) -> None:
    for paragraph in re.split(r"\n\s*\n", text):
        _lines(ET.SubElement(parent, "p"), paragraph)


def _lines(p: ET.Element, text: str) -> None:
    """Text into `p`, after what it holds, with <br/> for each line break."""
    first, *rest = text.split("\n")
    last = p[-1] if len(p) else None
    if last is None:
        p.text = (p.text or "") + first
    else:
        last.tail = (last.tail or "") + first
    for line in rest:
        ET.SubElement(p, "br").tail = line


def _declare(item, identifier, cardinality, base, values, mapping=None) -> ET.Element:
    declaration = ET.SubElement(
        item, "responseDeclaration", identifier=identifier, cardinality=cardinality, baseType=base
    )
    correct = ET.SubElement(declaration, "correctResponse")
    for value in values:
        ET.SubElement(correct, "value").text = value
    if mapping:
        mapped = ET.SubElement(declaration, "mapping", defaultValue="0")
        for key, sensitive in mapping:
            ET.SubElement(
                mapped,
                "mapEntry",
                mapKey=key,
                mappedValue="1",
                caseSensitive="true" if sensitive else "false",
            )
    return declaration


def _choices(parent: ET.Element, tag: str, prefix: str, texts: list[str]) -> list[str]:
    ids = [f"{prefix}{n}" for n in range(1, len(texts) + 1)]
    for identifier, text in zip(ids, texts, strict=True):
        _lines(ET.SubElement(parent, tag, identifier=identifier), text)
    return ids


class _Body:
    """The declarations and body of each type; returns the responseProcessing template."""

    @staticmethod
    def single(item, body, q, extras, fields) -> str:
        texts = [choice.text for choice in q.choices]
        multiple = q.type == "multiple"
        _paragraphs(body, q.prompt)
        interaction = ET.SubElement(
            body,
            "choiceInteraction",
            responseIdentifier="RESPONSE",
            shuffle="false",
            maxChoices="0" if multiple else "1",
        )
        ids = _choices(interaction, "simpleChoice", "C", texts)
        right = [i for i, choice in zip(ids, q.choices, strict=True) if choice.correct]
        _declare(item, "RESPONSE", "multiple" if multiple else "single", "identifier", right)
        feedback = [choice.feedback for choice in q.choices]
        if any(feedback):
            extras["choice_feedback"] = feedback
        return "match_correct"

    multiple = single

    @staticmethod
    def true_false(item, body, q, extras, fields) -> str:
        _paragraphs(body, q.prompt)
        interaction = ET.SubElement(
            body,
            "choiceInteraction",
            responseIdentifier="RESPONSE",
            shuffle="false",
            maxChoices="1",
        )
        ids = _choices(interaction, "simpleChoice", "C", ["True", "False"])
        _declare(item, "RESPONSE", "single", "identifier", [ids[0] if q.answer else ids[1]])
        extras["type"] = "true_false"
        for key in ("feedback_true", "feedback_false"):
            if getattr(q, key):
                fields[key] = getattr(q, key)
        return "match_correct"

    @staticmethod
    def short(item, body, q, extras, fields) -> str:
        _paragraphs(body, q.prompt)
        p = ET.SubElement(body, "p")
        ET.SubElement(p, "textEntryInteraction", responseIdentifier="RESPONSE")
        mapping = [(answer, q.case_sensitive) for answer in q.answers]
        _declare(item, "RESPONSE", "single", "string", [q.answers[0]], mapping)
        if q.typos is not None:
            fields["typos"] = q.typos
        return "map_response"

    @staticmethod
    def numeric(item, body, q, extras, fields) -> str:
        _paragraphs(body, q.prompt)
        ET.SubElement(
            ET.SubElement(body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE"
        )
        value = q.answer if q.range is None else (q.range[0] + q.range[1]) / 2
        _declare(item, "RESPONSE", "single", "float", [repr(float(value))])
        if q.range is not None:
            extras["range"] = list(q.range)
        elif q.tolerance:
            fields["tolerance"] = q.tolerance
        if q.unit is not None:
            extras["unit"] = q.unit
        return "match_correct"

    @staticmethod
    def ordering(item, body, q, extras, fields) -> str:
        _paragraphs(body, q.prompt)
        interaction = ET.SubElement(
            body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true"
        )
        ids = _choices(interaction, "simpleChoice", "C", list(q.items))
        _declare(item, "RESPONSE", "ordered", "identifier", ids)
        if q.credit != "positions":
            fields["credit"] = q.credit
        return "match_correct"

    @staticmethod
    def matching(item, body, q, extras, fields) -> str:
        _paragraphs(body, q.prompt)
        rights = list(dict.fromkeys([pair.right for pair in q.pairs] + list(q.distractors)))
        interaction = ET.SubElement(
            body,
            "matchInteraction",
            responseIdentifier="RESPONSE",
            shuffle="true",
            maxAssociations=str(len(q.pairs)),
        )
        left_set = ET.SubElement(interaction, "simpleMatchSet")
        left = _choices(left_set, "simpleAssociableChoice", "L", [pair.left for pair in q.pairs])
        right_set = ET.SubElement(interaction, "simpleMatchSet")
        right = _choices(right_set, "simpleAssociableChoice", "R", rights)
        for choice in left_set:
            choice.set("matchMax", "1")
        for choice in right_set:
            choice.set("matchMax", "0")
        values = [f"{left[n]} {right[rights.index(pair.right)]}" for n, pair in enumerate(q.pairs)]
        _declare(item, "RESPONSE", "multiple", "directedPair", values)
        return "match_correct"

    @staticmethod
    def cloze(item, body, q, extras, fields) -> str:
        fields["prompt"] = q.prompt
        for paragraph in re.split(r"\n\s*\n", q.text):
            p = ET.SubElement(body, "p")
            for index, piece in enumerate(BLANK_RE.split(paragraph)):
                _cloze_piece(item, p, q, piece, blank=index % 2 == 1)
        if any(getattr(b, "typos", None) is not None for b in q.blanks):
            fields["blanks"] = [b.model_dump(mode="json", exclude_defaults=True) for b in q.blanks]
        return ""


def _cloze_piece(item, p: ET.Element, q, piece: str, *, blank: bool) -> None:
    """Text, or (for a blank's number) its interaction and declaration."""
    if not blank:
        _lines(p, piece)
        return
    number = int(piece)
    made, response = q.blanks[number - 1], f"RESPONSE_{number}"
    if hasattr(made, "options"):
        element = ET.SubElement(
            p, "inlineChoiceInteraction", responseIdentifier=response, shuffle="false"
        )
        ids = _choices(element, "inlineChoice", f"B{number}_", list(made.options))
        _declare(item, response, "single", "identifier", [ids[made.options.index(made.answer)]])
    else:
        ET.SubElement(p, "textEntryInteraction", responseIdentifier=response)
        mapping = [(answer, made.case_sensitive) for answer in made.answers]
        _declare(item, response, "single", "string", [made.answers[0]], mapping)
