"""What the QTI readers share: namespace-free trees, element text, our quizapp comment."""

from __future__ import annotations

import copy
import html
import xml.etree.ElementTree as ET

from .common import BankBuilder
from .extras import parse_extras
from .htmltext import html_to_text


def strip_namespaces(root: ET.Element) -> None:
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]


def inner_html(element: ET.Element) -> str:
    """The element's content as markup: its text re-escaped, its children serialised."""
    parts = [html.escape(element.text or "", quote=False)]
    for child in element:
        parts.append(ET.tostring(child, encoding="unicode"))
    return "".join(parts)


class Texts:
    """Plain text of QTI content; remembers the images and files it leaves out."""

    def __init__(self) -> None:
        self.dropped: list[str] = []

    def of(self, element: ET.Element | None, *, html: bool = True) -> str:
        if element is None:
            return ""
        if not html:
            return (element.text or "").strip()
        return self.html(inner_html(element))

    def html(self, markup: str) -> str:
        text, dropped = html_to_text(markup, keep_unknown=False)
        self.dropped += dropped
        return text

    def swapped(self, element: ET.Element, swap: dict[int, str]) -> str:
        """Text of `element` with descendants (by id) replaced by a text or removed ("")."""
        clone = copy.deepcopy(element)
        originals = list(element.iter())
        copies = list(clone.iter())
        parents = {child: parent for parent in copies for child in parent}
        for original, made in zip(originals, copies, strict=True):
            if id(original) in swap and made in parents:
                _replace(parents[made], made, swap[id(original)])
        return self.of(clone)

    def report(self, builder: BankBuilder, line: int) -> None:
        for item in self.dropped:
            builder.note(line, item, "warning")
        self.dropped = []


def _replace(parent: ET.Element, child: ET.Element, text: str) -> None:
    """Put `text` (escaped as character data) where `child` was, keeping its tail."""
    children = list(parent)
    index = children.index(child)
    filler = text + (child.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + filler
    else:
        before = children[index - 1]
        before.tail = (before.tail or "") + filler
    parent.remove(child)


def comment_extras(element: ET.Element, builder: BankBuilder, line: int) -> dict:
    """The `<!-- quizapp: ... -->` comment our QTI export puts in each item."""
    extras: dict = {}
    for child in element:
        text = (child.text or "").strip() if child.tag is ET.Comment else ""
        if text.startswith("quizapp:"):
            found, complaints = parse_extras(text[len("quizapp:") :])
            extras.update(found)
            for complaint in complaints:
                builder.note(line, complaint, "warning")
    return extras
