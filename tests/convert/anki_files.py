"""Files written by Anki's own library (the `anki` package), for the Anki import tests.

`python -m tests.convert.anki_files` rewrites the committed copies in tests/convert/data
(anki_notes_meta.txt, anki_notes_plain.txt); the tests also make fresh ones when `anki` is
installed. Guids are random, so fresh files differ from the committed ones only in them.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

DATA = Path(__file__).parent / "data"
NOTES = [
    # (note type, deck, fields, tags)
    ("Basic", "Geography::Capitals", ["Capital of France", "Paris, <b>the</b> city"], ["eu"]),
    ("Basic (and reversed card)", "Geography::Capitals", ["Italy", "Rome"], []),
    (
        "Cloze",
        "Geography::Capitals",
        ["{{c1::Ottawa}} is the capital of {{c2::Canada::country}}.", "Since 1857."],
        ["americas"],
    ),
    ("Basic", "Maths", ["2 + 2", "4"], []),
]


def write_exports(folder: Path) -> tuple[Path, Path]:
    """Make a collection with NOTES and export it twice: with every meta column, and without."""
    from anki.collection import Collection  # an optional test dependency

    collection = Collection(str(folder / "collection.anki2"))
    try:
        for notetype, deck, fields, tags in NOTES:
            note = collection.new_note(collection.models.by_name(notetype))
            for index, value in enumerate(fields):
                note.fields[index] = value
            note.tags = tags
            collection.add_note(note, collection.decks.id(deck))
        meta, plain = folder / "anki_notes_meta.txt", folder / "anki_notes_plain.txt"
        everything = {"with_tags": True, "with_html": True}
        collection.export_note_csv(
            out_path=str(meta),
            limit=None,
            with_deck=True,
            with_notetype=True,
            with_guid=True,
            **everything,
        )
        collection.export_note_csv(
            out_path=str(plain),
            limit=None,
            with_deck=False,
            with_notetype=False,
            with_guid=False,
            with_html=False,
            with_tags=True,
        )
    finally:
        collection.close()
    return meta, plain


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        for made in write_exports(Path(scratch)):
            shutil.copy(made, DATA / made.name)
