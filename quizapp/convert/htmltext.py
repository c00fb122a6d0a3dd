"""HTML from Moodle, Anki and QTI to plain text: tags dropped, never executed or kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset(
    [
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
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "caption",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "details",
        "summary",
        "center",
    ]
)
_HIDDEN = frozenset(
    ["script", "style", "template", "head", "title", "object", "iframe", "svg", "noscript", "math"]
)
_MEDIA = frozenset(["audio", "video", "source", "track", "embed"])
# Tags HTML has: anything else in angle brackets ("x<y and y>z") is text, not markup.
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "br",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "tt",
        "u",
        "var",
        "wbr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "col",
        "label",
        "input",
        "button",
        "select",
        "option",
        "textarea",
        "form",
        "html",
        "body",
        "meta",
        "link",
        "base",
        "canvas",
        "map",
        "area",
        "ruby",
        "rt",
        "rp",
        "time",
        "data",
        "picture",
        "meter",
        "progress",
        "output",
    ]
)
_KNOWN = _BLOCKS | _HIDDEN | _MEDIA | _INLINE
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(\s[^<>]*)?/?>|<!--|&#?[A-Za-z0-9]+;")
_BREAK = "\x00"  # stands for a line break the markup asked for, until spaces are collapsed


class _Extractor(HTMLParser):
    def __init__(self, keep_unknown: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_unknown = keep_unknown  # False for QTI, whose own elements wrap the HTML
        self.parts: list[str] = []
        self.hidden = 0
        self.dropped: list[str] = []  # one sentence per image, link or file left out

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _KNOWN:
            if self.keep_unknown:
                self.handle_data(self.get_starttag_text() or "")
        elif tag in _HIDDEN:
            self.hidden += 1
            if tag in ("object", "iframe"):
                self.dropped.append(f"embedded {tag} {_where(attrs)}is not imported")
        elif tag == "br":
            self.parts.append(_BREAK)
        elif tag in _BLOCKS:
            self.parts.append(_BREAK * 2)
        elif tag == "img":
            self._image(dict(attrs))
        elif tag == "a" and dict(attrs).get("href"):
            self.dropped.append(f"the link to {dict(attrs)['href']!r} is not kept; its text is")
        elif tag in _MEDIA and dict(attrs).get("src"):
            self.dropped.append(f"{tag} file {dict(attrs)['src']!r} is not imported")

    def _image(self, attrs: dict) -> None:
        alt = (attrs.get("alt") or "").strip()
        name = f"image {attrs['src']!r}" if attrs.get("src") else "an image"
        if alt and not self.hidden:
            self.parts.append(alt)
            self.dropped.append(f"{name} is not imported; its alt text {alt!r} is kept")
        else:
            self.dropped.append(f"{name} is not imported, and it has no alt text")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _KNOWN:
            if self.keep_unknown:
                self.handle_data(f"</{tag}>")
        elif tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append(_BREAK * 2)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _where(attrs: list[tuple[str, str | None]]) -> str:
    found = dict(attrs)
    source = found.get("data") or found.get("src")
    return f"{source!r} " if source else ""


def looks_like_html(text: str) -> bool:
    """True when the text holds a real HTML tag, a comment or an entity."""
    for match in _TAG.finditer(text):
        if match.group(2) is None or match.group(2).lower() in _KNOWN:
            return True
    return False


def html_to_text(markup: str, *, keep_unknown: bool = True) -> tuple[str, list[str]]:
    """Return the visible text of an HTML fragment and what it left out (images, links...).

    Tags HTML does not have are kept as text ("x<y and y>z"), or dropped with `keep_unknown`
    False (QTI's own elements around its HTML).
    """
    parser = _Extractor(keep_unknown)
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    text = re.sub(r"\s+", " ", text)
    lines = [line.strip() for line in text.split(_BREAK)]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip(), parser.dropped


def text_of(value: str, fmt: str) -> tuple[str, list[str]]:
    """Plain text of a value in one of Moodle's text formats (html, moodle, plain, markdown)."""
    if fmt in ("html", "moodle_auto_format", "moodle") and looks_like_html(value):
        return html_to_text(value)
    return value.strip(), []
