"""Write flashcards as Anki's text import format: tab-separated, with #headers."""

from __future__ import annotations

from quizapp.banks.schema import Card

from .apkg import anki_tag


def _field(value: str) -> str:
    if any(char in value for char in '\t"\n') or value.startswith("#"):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_anki_csv(cards: list[Card], *, title: str, tags: list[str] = ()) -> str:
    lines = ["#separator:tab", "#html:false", "#columns:Front\tBack\tTags", "#tags column:3"]
    lines.append(f"#deck:{' '.join(title.split())}")
    if tags:
        lines.append(f"#tags:{' '.join(anki_tag(tag) for tag in tags)}")
    for card in cards:
        tags_field = " ".join(anki_tag(tag) for tag in card.tags)
        lines.append("\t".join(map(_field, (card.front, card.back, tags_field))))
    return "\n".join(lines) + "\n"
