"""Write flashcards as an Anki package (.apkg) with genanki; ids are derived from the bank id."""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

import genanki

from quizapp.banks.schema import Card


def stable_id(kind: str, bank_id: str) -> int:
    """A number in genanki's recommended range [2**30, 2**31), the same for every export."""
    digest = hashlib.sha256(f"quizapp:{kind}:{bank_id}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def anki_field(text: str) -> str:
    """Anki fields are HTML: escape our plain text and keep its line breaks."""
    return html.escape(text).replace("\n", "<br>")


def anki_tag(tag: str) -> str:
    return "_".join(tag.split())


def write_apkg(cards: list[Card], *, bank_id: str, title: str, tags: list[str] = ()) -> bytes:
    model = genanki.Model(
        stable_id("model", bank_id),
        f"quizapp {bank_id}",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
    )
    deck = genanki.Deck(stable_id("deck", bank_id), title)
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[anki_field(card.front), anki_field(card.back)],
                guid=genanki.guid_for("quizapp", bank_id, card.id),
                tags=[anki_tag(tag) for tag in [*tags, *card.tags]],
            )
        )
    package = genanki.Package(deck)
    # genanki's write_to_file leaves its temporary database behind; build it here instead.
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            timestamp = time.time()
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()
