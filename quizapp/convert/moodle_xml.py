"""Read Moodle XML question files safely: no DTDs, no entities, no external references."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from . import moodle_types
from .common import BankBuilder, ConvertError, category_tags, decode
from .extras import apply_extras, parse_extras
from .moodle_xml_out import OWN_CATEGORY


class _LineBuilder(ET.TreeBuilder):
    """Remembers the line each element starts on."""

    def __init__(self) -> None:
        super().__init__(insert_comments=True)
        self.lines: dict[int, int] = {}
        self.parser: DefusedXMLParser | None = None

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        assert self.parser is not None
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def read_xml(data: bytes) -> tuple[ET.Element, dict[int, int]]:
    """Parse XML bytes refusing DTDs and entities; return the root and element lines."""
    declared = re.search(rb"""^<\?xml[^>]*encoding=["']([^"']+)""", data[:200].lstrip())
    if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8"):
        decode(data)  # a clear message, naming the byte and line, for text that is not UTF-8
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise ConvertError(
            parser.parser.CurrentLineNumber,
            "refused: the file declares a DTD or entities (<!DOCTYPE ...>); Moodle XML needs"
            " none, and they can expand to huge documents or read other files",
        ) from None
    except ParseError as error:
        line, _ = error.position
        message = re.sub(r":\s*line \d+, column \d+$", "", str(error))
        raise ConvertError(line, f"the file is not well-formed XML: {message}") from None
    return root, builder.lines


def parse_moodle_xml(data: bytes, builder: BankBuilder) -> None:
    root, lines = read_xml(data)
    if root.tag != "quiz":
        raise ConvertError(
            lines.get(id(root), 1), f"expected <quiz> as the root, found <{root.tag}>"
        )
    category: list[str] = []
    for element in root:
        if element.tag != "question":
            continue
        line = lines.get(id(element), 1)
        kind = element.get("type", "")
        if kind == "category":
            own = any(
                child.tag is ET.Comment and (child.text or "").strip() == OWN_CATEGORY
                for child in element
            )
            category = [] if own else category_tags(element.findtext("category/text") or "")
            continue
        extras: dict = {}
        for child in element:
            text = (child.text or "").strip() if child.tag is ET.Comment else ""
            if text.startswith("quizapp:"):
                found, complaints = parse_extras(text[len("quizapp:") :])
                extras.update(found)
                for complaint in complaints:
                    builder.note(line, complaint, "warning")
        read = moodle_types.Reader(element, line, lines, builder)
        question = read.question(kind, extras)
        if question is None:
            continue
        tags = [
            t.text.strip() for t in element.findall("tags/tag/text") if t.text and t.text.strip()
        ]
        tags += [tag for tag in category if tag not in tags]
        if tags:
            question["tags"] = tags
        grade = _float(element.findtext("defaultgrade"))
        if grade and grade > 0 and grade != 1:
            question["points"] = int(grade) if grade.is_integer() else grade
        explanation = read.rich("generalfeedback")
        for dropped in read.dropped:
            builder.note(line, dropped, "warning")
        builder.add_question(
            apply_extras(question, extras),
            line=line,
            explicit_id=(element.findtext("idnumber") or "").strip() or None,
            title=(element.findtext("name/text") or "").strip() or None,
            explanation=explanation,
        )


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None
