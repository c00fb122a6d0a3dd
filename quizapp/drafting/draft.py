"""draft_bank(): an article in, a draft question bank in our YAML format out."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from .article import parse_article
from .cards import draft_cards
from .detect import detect
from .drafter import Drafter
from .generate import Key
from .limits import SentenceSplitter, TooLong, check_size
from .reasons import cue_questions
from .review import settle

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
SCHEMA_LINE = "# yaml-language-server: $schema=../static/bank.schema.json"


class DraftError(ValueError):
    """The article gave nothing to ask about, or the bank id is not a valid id."""


@dataclass(frozen=True)
class DraftResult:
    bank: dict
    yaml_text: str
    sentences: dict[Key, str]


def draft_bank(
    text: str, *, bank_id: str, today: dt.date, source: dict | None = None
) -> DraftResult:
    """Draft a bank from an article; every question is `draft: true` until a teacher checks it.

    `source` (title, author, published, url) overrides what the article's header says.
    """
    if not ID_PATTERN.match(bank_id) or len(bank_id) > 100:
        raise DraftError(f"{bank_id!r} is not a bank id: use letters, digits, '-', '_' and '.'")
    try:
        check_size(text)
    except TooLong as error:
        raise DraftError(str(error)) from None
    article = parse_article(text)
    sentences = split_sentences(article.paragraphs)
    found = detect(list(sentences.values()))
    spans = dict(zip(sentences, found, strict=True))
    # Why, whose view and who judged first: they test understanding, so they win a clash.
    questions = settle(cue_questions(sentences, spans) + Drafter(sentences, spans).questions())
    if not questions:
        raise DraftError(
            "found no names, dates, numbers or reasons to ask about"
            f" in {len(article.paragraphs)} paragraph(s): is this an article?"
        )
    cited = {
        "title": article.title,
        "author": article.author or "",
        "published": article.published or today,
    } | (source or {})
    bank = {
        "id": bank_id,
        "title": cited["title"],
        "description": f"Draft questions from “{cited['title']}”"
        + (f" by {cited['author']}." if cited["author"] else "."),
        "source": cited,
        "tags": ["draft"],
        "questions": questions,
        "cards": draft_cards(sentences, spans),
    }
    if not bank["cards"]:
        del bank["cards"]
    return DraftResult(bank, to_yaml(bank), sentences)


def split_sentences(paragraphs: tuple[str, ...]) -> dict[Key, str]:
    """Number every sentence: (paragraph, sentence), both from 1."""
    splitter = SentenceSplitter()
    sentences: dict[Key, str] = {}
    for p, paragraph in enumerate(paragraphs, start=1):
        for s, sentence in enumerate(splitter.split(paragraph), start=1):
            sentences[(p, s)] = sentence
    return sentences


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    flow = set(data) <= {"paragraph", "sentence"}
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(isinstance(item, str) and len(item) < 40 for item in data) and len(data) < 6
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _dumper(base: type) -> type:
    """Block style, but short leaf mappings and lists inline: `source: {paragraph: 2, ...}`."""

    class Dumper(base):
        def ignore_aliases(self, data: object) -> bool:
            return True

    Dumper.add_representer(dict, _represent_dict)
    Dumper.add_representer(list, _represent_list)
    return Dumper


# libyaml's emitter writes the same text as PyYAML's own, several times faster.
DUMPERS = {"pure": _dumper(yaml.SafeDumper)}
if getattr(yaml, "__with_libyaml__", False):
    DUMPERS["libyaml"] = _dumper(yaml.CSafeDumper)


def to_yaml(bank: dict, *, emitter: str | None = None) -> str:
    dumper = DUMPERS[emitter or ("libyaml" if "libyaml" in DUMPERS else "pure")]
    body = yaml.dump(bank, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    header = [
        SCHEMA_LINE,
        "# Drafted by `quizapp draft`: every question is `draft: true` and is never served",
        "# until a teacher has checked it against the article and removed that line.",
    ]
    return "\n".join(header) + "\n" + body
