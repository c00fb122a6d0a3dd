"""HTML from Moodle and Anki to plain text: tags dropped, never executed or kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "blockquote",
    "pre",
    "section",
    "article",
    "hr",
}
_HIDDEN = {"script", "style", "template", "head", "title", "object", "iframe", "svg"}
_TAG = re.compile(r"<(/?[A-Za-z][A-Za-z0-9]*)(\s[^<>]*)?/?>|<!--|&#?[A-Za-z0-9]+;")
_BREAK = "\x00"  # stands for a line break the markup asked for, until spaces are collapsed


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append(_BREAK)
        elif tag in _BLOCKS:
            self.parts.append(_BREAK * 2)
        elif tag == "img":
            self.images += 1
            alt = dict(attrs).get("alt")
            if alt and not self.hidden:
                self.parts.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append(_BREAK * 2)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    return _TAG.search(text) is not None


def html_to_text(markup: str) -> tuple[str, int]:
    """Return the visible text of an HTML fragment and how many images it had."""
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    text = re.sub(r"\s+", " ", text)
    lines = [line.strip() for line in text.split(_BREAK)]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip(), parser.images


def text_of(value: str, fmt: str) -> tuple[str, int]:
    """Plain text of a value in one of Moodle's text formats (html, moodle, plain, markdown)."""
    if fmt in ("html", "moodle_auto_format", "moodle") and looks_like_html(value):
        return html_to_text(value)
    return value.strip(), 0
