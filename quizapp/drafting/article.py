"""Read an article in plain text or Markdown: title, byline, date and body paragraphs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import DATE_FORMS, parse_date
from .lexicon import COMMON_CAPITALISED, PARTICLES


@dataclass(frozen=True)
class Article:
    title: str
    author: str | None
    published: dt.date | None
    paragraphs: tuple[str, ...]


UNTITLED = "Untitled article"
SEPARATOR = re.compile(r"^[-–—=*_~·•\s]{2,}$")
READ_TIME = re.compile(r"\b\d+\s*min(?:ute)?s?\s+read", re.IGNORECASE)
BYLINE = re.compile(r"^(?:by|written by|words by|story by|text by)\s+(.+)$", re.IGNORECASE)
DATE_WORDS = re.compile(
    r"\b(?:published|updated|posted|last|modified|on|at|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|am|pm|gmt|utc|[a-z]{2,4}t)\b|\d{1,2}:\d{2}",
    re.IGNORECASE,
)
HEADER_NOISE = re.compile(
    r"^(?:follow|share|listen|save|member-only story|top highlight|sign in|sign up|open in app"
    r"|photo\b.*|image\b.*|credit\b.*|advertisement|\d+\s*(?:claps?|followers?|responses?))$",
    re.IGNORECASE,
)
# Everything from one of these lines on is page furniture, not the article.
FOOTER = re.compile(
    r"^(?:more from|recommended from|written by|see all from|no responses yet|responses \(\d+\)"
    r"|about the author|related (?:articles|stories)|read more|sign up for|subscribe to)\b",
    re.IGNORECASE,
)
NAME_TOKEN = re.compile(r"^(?:[A-Z][\w’'.-]*|[a-z]{1,4}-[A-Z][\w’'-]*)$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)


def parse_article(text: str) -> Article:
    """Split `text` into title, author, date and the paragraphs of its body."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    meta, text = _front_matter(text)
    blocks = _blocks(text)
    title = meta.get("title")
    rest = blocks[0] if blocks else []
    if title is None and rest:
        heading = HEADING.match(rest[0])
        if len(rest) > 1 and SETEXT.match(rest[1]):
            title, rest = inline_text(rest[0]), rest[2:]
        elif heading:
            title, rest = inline_text(heading.group(1)), rest[1:]
        elif len(rest[0].split()) <= 30:
            title, rest = inline_text(rest[0]), rest[1:]
    blocks = ([rest] if rest else []) + blocks[1:]
    author, published, body = _header(blocks, meta.get("author"), parse_date(meta.get("date", "")))
    return Article(title or UNTITLED, author, published, tuple(_paragraphs(body, author)))


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        value = value.strip().strip("\"'")
        if key.strip().lower() in ("title", "author", "date") and value:
            meta[key.strip().lower()] = value
    return meta, text[match.end() :]


def _blocks(text: str) -> list[list[str]]:
    """Group lines into blank-line separated blocks; headings and fences stand alone."""
    blocks: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for raw in text.split("\n"):
        line = raw.rstrip()
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            line = ""
        if fenced or not line.strip() or line.lstrip().startswith("<!--"):
            if current:
                blocks.append(current)
            current = []
            continue
        if HEADING.match(line):
            if current:
                blocks.append(current)
            blocks.append([line])
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _header(
    blocks: list[list[str]], author: str | None, published: dt.date | None
) -> tuple[str | None, dt.date | None, list[list[str]]]:
    """Consume byline, date and read-time lines after the title; return what follows."""
    for index, block in enumerate(blocks):
        for position, line in enumerate(block):
            line = inline_text(READ_TIME.sub(" ", line)).strip()
            byline = BYLINE.match(line)
            if not line or SEPARATOR.match(line) or HEADER_NOISE.match(line):
                continue
            if byline:
                name, date = _byline(byline.group(1))
                author = author or name
                published = published or date
                continue
            date = parse_date(line)
            if date and not _leftover(line):
                published = published or date
                continue
            if is_person_line(line) and (author is None or line == author):
                author = line
                continue
            return author, published, [block[position:], *blocks[index + 1 :]]
    return author, published, []


def _byline(text: str) -> tuple[str | None, dt.date | None]:
    date = parse_date(text)
    name = re.split(r"\s*(?:[,|·•]|\s[-–—]\s)\s*", text, maxsplit=1)[0].strip()
    return (name or None), date


def _leftover(line: str) -> str:
    """What remains of a line once its date and date furniture are removed."""
    for pattern, _ in DATE_FORMS[:3]:
        line = pattern.sub(" ", line)
    return re.sub(r"[\W_]+", "", DATE_WORDS.sub(" ", line))


def is_person_line(line: str) -> bool:
    """A line that is only a personal name, such as an author line under the title."""
    words = line.split()
    if not 2 <= len(words) <= 4 or len(line) > 50 or re.search(r"[\d:;!?]", line):
        return False
    names = [w for w in words if w.lower() not in PARTICLES]
    return all(NAME_TOKEN.match(w) and w.lower() not in COMMON_CAPITALISED for w in names)


def _paragraphs(blocks: list[list[str]], author: str | None) -> list[str]:
    paragraphs: list[str] = []
    for block in blocks:
        lines = [line for line in block if not re.match(r"^\s*\[[^\]]+\]:\s*\S", line)]
        if not lines or HEADING.match(lines[0]) or lines[0].lstrip().startswith("|"):
            continue
        if len(lines) > 1 and SETEXT.match(lines[-1]):
            continue
        text = _join(lines)
        if FOOTER.match(text):
            break
        if SEPARATOR.match(text) or text == author or not _is_prose(text):
            continue
        paragraphs.append(text)
    return paragraphs


def _join(lines: list[str]) -> str:
    """Join a block's lines into one paragraph, giving list items an end of sentence."""
    parts: list[str] = []
    for line in lines:
        line = re.sub(r"^\s*(?:>\s?)+", "", line)
        item = LIST_ITEM.match(line)
        if item:
            line = line[item.end() :]
        line = inline_text(line).strip()
        if item and parts and not re.search(r"[.!?:;”\"')]$", parts[-1]):
            parts[-1] += "."
        if line:
            parts.append(line)
    return " ".join(parts).strip()


def _is_prose(text: str) -> bool:
    """Keep sentences; drop captions, button labels and name lines."""
    words = text.split()
    if not re.search(r"[^\W\d_]", text):
        return False
    return len(words) >= 6 or bool(re.search(r"[.!?][”\"')]?$", text)) and len(words) >= 3


def inline_text(text: str) -> str:
    """Strip Markdown and HTML inline markup, keeping the words a reader sees."""
    # Every repetition below is bounded or stops at its own closing mark, so a line full
    # of openers ("[[[[", "**a **a") costs linear work, not a scan to the end per opener.
    # Escaped characters ("\\*") hide in the private use area until the markup is gone.
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>~])", lambda m: chr(0xE000 + ord(m.group(1))), text)
    text = re.sub(r"!\[[^\[\]]{0,500}\]\([^()\s]{0,2000}\)", "", text)
    text = re.sub(r"\[\^[^\[\]]{1,100}\]", "", text)
    text = re.sub(r"\[([^\[\]]{1,500})\]\([^()\s]{0,2000}\)", r"\1", text)
    text = re.sub(r"\[([^\[\]]{1,500})\]\[[^\[\]]{0,100}\]", r"\1", text)
    text = re.sub(r"<(https?://[^<>\s]{1,2000})>", r"\1", text)
    text = re.sub(r"</?[A-Za-z][^<>]{0,500}>", "", text)
    text = re.sub(r"`([^`]{1,1000})`", r"\1", text)
    for mark in ("**", "__", "~~"):  # the text inside never holds the closing pair
        m = re.escape(mark[0])
        pair = rf"{m}{m}(?=\S)((?:[^{m}]|{m}(?!{m})){{1,1000}}?)(?<=\S){m}{m}"
        text = re.sub(pair, r"\1", text)
    for mark in ("*", "_"):
        m = re.escape(mark)
        text = re.sub(rf"(?<![\w{m}]){m}(?=\S)([^{m}]{{1,1000}})(?<=\S){m}(?![\w{m}])", r"\1", text)
    text = re.sub("[\ue000-\ue0ff]", lambda m: chr(ord(m.group(0)) - 0xE000), text)
    text = text.replace("&amp;", "&").replace("&nbsp;", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()
