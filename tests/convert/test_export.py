import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
import yaml

from quizapp.banks import load_bank
from quizapp.banks.schema import Bank
from quizapp.convert import (
    bank_to_dict,
    dump_yaml,
    export_bank,
    export_with_notes,
    import_bank,
)
from quizapp.convert.apkg import stable_id
from tests.helpers.convert import DATA, TODAY, validated

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
REAL_BANKS = sorted(QUESTIONS.glob("*.yaml"))


def _round_trip(bank: Bank, fmt: str):
    exported = export_with_notes(bank, fmt)
    back = import_bank(exported.data, fmt, name="round.trip", today=TODAY)
    assert back.notes == []
    skipped = {
        note.message.split(":")[0].removeprefix("question ")
        for note in exported.notes
        if note.level == "skipped"
    }
    kept = [question for question in bank.questions if question.id not in skipped]
    return validated(back.bank).questions, kept, exported.notes


def test_yaml_gift_yaml_gives_the_same_questions(bank):
    again, kept, notes = _round_trip(bank, "gift")
    assert again == kept == bank.questions
    assert [(n.line, n.level) for n in notes] == [(0, "warning")]
    assert notes[0].message.startswith(
        "question cloze-many: GIFT holds one blank per question, this cloze has 2: Moodle sees"
    )


def test_a_cloze_of_several_blanks_shows_moodle_blank_one_and_fills_in_the_rest(bank):
    text = export_bank(bank, "gift").decode()
    start = text.index("::cloze-many::")
    question = text[start : text.index("}", start)]
    assert "[[2]]" not in question and "Rome" in question


def test_yaml_moodle_xml_yaml_gives_the_same_questions(bank):
    again, kept, skipped = _round_trip(bank, "moodle-xml")
    assert skipped == []
    assert again == kept == bank.questions


def test_yaml_round_trip_and_dump_format(bank):
    text = export_bank(bank, "yaml").decode()
    assert text.startswith("# yaml-language-server: $schema=../static/bank.schema.json\n")
    assert "café, π, 日本" in text  # unicode kept, not escaped
    assert "\n  - id: single-1\n    type: single\n    prompt:" in text
    assert "tags: [symbols, two words]" in text
    assert "explanation: |-\n      The first.\n" in text
    assert "correct: false" not in text
    assert "    source: {paragraph: 3, sentence: 2}\n" in text
    keys = list(yaml.safe_load(text))
    assert keys == ["id", "title", "description", "source", "tags", "questions", "cards"]
    again = import_bank(text.encode(), "yaml", name="all_types.yaml")
    assert again.notes == []
    assert Bank.model_validate(again.bank) == bank


def test_gift_export_is_readable_and_carries_our_fields_in_comments(bank):
    text = export_bank(bank, "gift").decode()
    assert "// [id:single-1] [tag:symbols] [tag:two words]\n" in text
    assert "// quizapp: source=2 points=2.0\n" in text
    assert "::single-1::Which one\\: \\{braces\\}, \\#hash, \\=equals, \\~tilde," in text
    assert "\t####The first.\\nOn two lines, with unicode\\: café, π, 日本.\n" in text
    assert '// quizapp: source={"paragraph":3,"sentence":2}\n::single-html::[plain]Is <b>' in text
    assert "::tf-true::The Sun is a star.{\n\tTRUE#No\\: it is a star.#Yes.\n" in text
    assert '// quizapp: source=7 type="ordering" credit="pairs"' in text
    assert "\t=Mercury -> 1\n" in text


def test_moodle_xml_export_shape(bank):
    data = export_bank(bank, "moodle-xml")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    text = data.decode()
    assert '<question type="ordering">' in text
    assert "<gradingtype>RELATIVE_NEXT_EXCLUDE_LAST</gradingtype>" in text
    assert "[[2]] is in Italy" not in text
    assert "{1:MULTICHOICE:=Rome~Oslo} is in Italy; {1:SHORTANSWER:=Paris} is in France." in text
    assert "<idnumber>numeric-range</idnumber>" in text
    assert "--" not in "".join(part.split("-->")[0] for part in text.split("<!--")[1:])


def test_apkg_holds_a_collection_with_the_cards_notes(bank, tmp_path):
    data = export_bank(bank, "apkg")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert "collection.anki2" in names
        collection = archive.read("collection.anki2")
    path = tmp_path / "collection.anki2"
    path.write_bytes(collection)
    connection = sqlite3.connect(path)
    try:
        notes = connection.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
        cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
        models = connection.execute("SELECT models, decks FROM col").fetchone()
    finally:
        connection.close()
    assert cards == 2
    fields = [row[1].split("\x1f") for row in notes]
    assert fields[0] == ["Astronomical unit", "About 150 million km.<br>The Earth–Sun distance."]
    assert fields[1] == ["#hash at the start", "A &quot;quoted&quot; back; with a tab\tinside"]
    assert notes[0][2].split() == ["tests", "units"]
    assert str(stable_id("model", "all-types")) in models[0]
    assert str(stable_id("deck", "all-types")) in models[1]
    assert "Every question type" in models[1]
    again = export_bank(bank, "apkg")
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert archive.namelist() == names


def test_anki_csv_export_reads_back_as_the_same_cards(bank):
    data = export_bank(bank, "anki-csv")
    text = data.decode()
    assert text.startswith("#separator:tab\n#html:false\n#columns:Front\tBack\tTags\n")
    back = import_bank(data, "anki-text", name="cards.txt")
    assert back.bank["tags"] == ["tests"]
    assert [(c["front"], c["back"]) for c in back.bank["cards"]] == [
        (card.front, card.back) for card in bank.cards
    ]
    assert back.bank["cards"][0]["tags"] == ["units"]


def test_export_of_cards_formats_notes_the_questions_left_out(bank):
    exported = export_with_notes(bank, "anki-csv")
    assert [note.level for note in exported.notes] == ["skipped"]
    assert "questions are not written" in exported.notes[0].message


def test_exporting_a_bank_without_cards_to_a_card_format_warns(bank):
    exported = export_with_notes(bank.model_copy(update={"cards": []}), "apkg")
    assert [note.level for note in exported.notes] == ["skipped", "warning"]
    assert exported.notes[1].message == "the bank has no flashcards, so the file holds none"


def test_bank_to_dict_drops_defaults(bank):
    data = bank_to_dict(bank)
    assert "settings" not in data
    assert data["questions"][0]["choices"][1] == {"text": "=second"}
    assert data["questions"][0]["points"] == 2


def test_dump_yaml_of_an_imported_bank_reads_back_the_same():
    result = import_bank((DATA / "sample.gift").read_bytes(), "gift", name="s.gift", today=TODAY)
    text = dump_yaml(result.bank)
    assert yaml.safe_load(text) == result.bank


@pytest.mark.skipif(not REAL_BANKS, reason="questions/ holds no *.yaml banks yet")
@pytest.mark.parametrize("path", REAL_BANKS, ids=[path.name for path in REAL_BANKS])
def test_real_banks_export_to_gift_and_moodle_xml_and_read_back_the_same(path):
    loaded = load_bank(path)
    assert loaded.problems == []
    bank = loaded.bank.bank
    for fmt in ("gift", "moodle-xml"):
        again, kept, notes = _round_trip(bank, fmt)
        # Every question comes back the same, the clozes of several blanks included.
        assert again == kept == bank.questions, fmt
        assert all(note.level == "warning" for note in notes)
