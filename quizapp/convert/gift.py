"""Read Moodle's GIFT format (https://docs.moodle.org/en/GIFT_format) into our bank format."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import gift_types
from .common import BankBuilder, category_tags
from .extras import apply_extras, parse_extras
from .gift_text import Parsed, protect, restore

_TOKEN = re.compile(r"\s*\[(id|tag):((?:\\\]|[^\]\n])+)\]")
_FORMAT = re.compile(r"\s*\[(html|markdown|plain|moodle)\]")
_EXTRAS = re.compile(r"^\s*//\s*quizapp:(.*)$")


def parse_gift(text: str, builder: BankBuilder) -> None:
    category: list[str] = []
    for block in _blocks(text):
        comments = [line for _, line in block if line.strip().startswith("//")]
        body = [(number, line) for number, line in block if not line.strip().startswith("//")]
        if not body:
            continue
        numbers = [number for number, _ in body]
        protected = protect("\n".join(line for _, line in body).strip())
        if protected.startswith("$CATEGORY:"):
            first, _, protected = protected.partition("\n")
            category = category_tags(restore(first[len("$CATEGORY:") :]))
            numbers = numbers[1:]
            if not protected.strip():
                continue
        parsed = _take_apart(Parsed(numbers[0], numbers, protected), comments, builder)
        if parsed is None:
            continue
        for tag in category:
            if tag not in parsed.tags:
                parsed.tags.append(tag)
        made = gift_types.build(parsed, builder)
        if made is None:
            continue
        question, explanation = made
        if parsed.tags:
            question["tags"] = parsed.tags
        builder.add_question(
            apply_extras(question, parsed.extras),
            line=parsed.line,
            explicit_id=parsed.ids[0] if parsed.ids else None,
            title=parsed.title,
            explanation=explanation,
        )


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Questions are separated by blank lines."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _take_apart(p: Parsed, comments: list[str], builder: BankBuilder) -> Parsed | None:
    for comment in comments:
        match = _EXTRAS.match(comment)
        if match:
            extras, complaints = parse_extras(match.group(1))
            p.extras.update(extras)
            for complaint in complaints:
                builder.note(p.line, complaint, "warning")
        else:
            _read_tokens(comment, p)
    position = 0
    if p.text.startswith("::"):
        end = p.text.find("::", 2)
        if end < 0:
            builder.note(p.line, "the title opened with :: is never closed with ::")
            return None
        p.title = restore(p.text[2:end]).strip() or None
        position = end + 2
    while match := _TOKEN.match(p.text, position):
        _read_tokens(match.group(0), p)
        position = match.end()
    open_at = p.text.find("{", position)
    close_at = p.text.find("}", position)
    if open_at < 0 and close_at < 0:
        builder.note(
            p.line,
            "description items (text with no answers in braces) are not questions",
            "skipped",
        )
        return None
    if close_at < 0:
        builder.note(p.line_at(open_at), "the answers opened with { are never closed with }")
        return None
    if open_at < 0 or close_at < open_at:
        builder.note(p.line_at(close_at), "found } without an opening {; write a literal } as \\}")
        return None
    inner = p.text.find("{", open_at + 1, close_at)
    if inner >= 0:
        builder.note(p.line_at(inner), "found { inside the answers; write a literal { as \\{")
        return None
    stray = re.search(r"[{}]", p.text[close_at + 1 :])
    if stray:
        builder.note(
            p.line_at(close_at + 1 + stray.start()),
            "a question has one answer block {...}; write literal braces as \\{ and \\}",
        )
        return None
    p.before = p.text[position:open_at]
    fmt = _FORMAT.match(p.before)
    if fmt:
        p.fmt = fmt.group(1)
        p.before = p.before[fmt.end() :]
    p.answer_at = open_at + 1
    p.answer = p.text[open_at + 1 : close_at]
    p.after = p.text[close_at + 1 :]
    general = p.answer.rfind("####")
    if general >= 0:
        p.general = p.answer[general + 4 :]
        p.answer = p.answer[:general]
    return p


def _read_tokens(text: str, p: Parsed) -> None:
    for kind, value in re.findall(r"\[(id|tag):((?:\\\]|[^\]\n])+)\]", text):
        value = restore(value.replace("\\]", "]")).strip()
        if kind == "id":
            p.ids.append(value)
        elif value not in p.tags:
            p.tags.append(value)
