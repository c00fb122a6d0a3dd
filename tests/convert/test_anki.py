"""Anki's own files: notes in plain text with meta columns, cloze notes, and our .apkg in Anki."""

import pytest

from quizapp.banks.schema import Card
from quizapp.convert import export_cards, import_bank
from tests.helpers.convert import DATA, TODAY, notes, validated

from .anki_files import write_exports

try:
    import anki.collection as anki_collection
except ImportError:  # an optional test dependency: `pip install anki`
    anki_collection = None
needs_anki = pytest.mark.skipif(anki_collection is None, reason="the anki package is not installed")


def _check_meta_export(data: bytes) -> None:
    result = import_bank(data, "anki-text", name="notes.txt", today=TODAY)
    bank = validated(result.bank)
    sides = [(card.front, card.back, card.tags) for card in bank.cards]
    assert sides == [
        ("Capital of France", "Paris, the city", ["eu", "Geography/Capitals"]),
        ("Italy", "Rome", ["Geography/Capitals"]),
        ("Rome", "Italy", ["Geography/Capitals"]),  # the reversed card of that note type
        ("2 + 2", "4", ["Maths"]),
    ]
    (cloze,) = bank.questions
    assert cloze.type == "cloze"
    assert cloze.text == "[[1]] is the capital of [[2]]."
    assert [blank.answers for blank in cloze.blanks] == [["Ottawa"], ["Canada"]]
    assert cloze.explanation == "Since 1857."
    assert cloze.tags == ["americas", "Geography/Capitals"]
    assert notes(result) == [(9, "warning", "the hint 'country' of blank 2 is not kept")]
    again = import_bank(data, "anki-text", name="notes.txt", today=TODAY)
    assert [c["id"] for c in again.bank["cards"]] == [card.id for card in bank.cards]


def test_notes_with_guid_notetype_deck_and_tags_columns_become_the_right_cards():
    _check_meta_export((DATA / "anki_notes_meta.txt").read_bytes())


def test_the_guid_is_the_card_id_so_an_edited_front_keeps_its_id():
    data = (DATA / "anki_notes_meta.txt").read_bytes()
    first = import_bank(data, "anki-text", name="n.txt").bank["cards"][0]
    edited = import_bank(data.replace(b"Capital of France", b"France"), "anki-text", name="n.txt")
    assert edited.bank["cards"][0]["id"] == first["id"]


def test_plain_notes_without_meta_columns_still_find_cloze_notes():
    result = import_bank((DATA / "anki_notes_plain.txt").read_bytes(), "anki-text", name="p.txt")
    bank = validated(result.bank)
    assert [(card.front, card.back) for card in bank.cards] == [
        ("Capital of France", "Paris, the city"),
        ("Italy", "Rome"),
        ("2 + 2", "4"),
    ]
    assert bank.questions[0].text == "[[1]] is the capital of [[2]]."


def test_one_deck_names_the_bank_and_sounds_are_noted():
    data = b"#separator:tab\n#deck:Words::German\nHund [sound:hund.mp3]\tdog\n"
    result = import_bank(data, "anki-text", name="w.txt")
    assert result.bank["title"] == "Words / German"
    assert result.bank["cards"][0]["front"] == "Hund"
    assert notes(result) == [(3, "warning", "sound file 'hund.mp3' is not imported")]


def test_a_nested_or_empty_cloze_is_an_error_at_its_line():
    data = b"#notetype:Cloze\n{{c1::a {{c2::b}} c}}\tx\nno deletions\tx\n"
    result = import_bank(data, "anki-text", name="c.txt")
    assert [(line, level) for line, level, _ in notes(result)] == [(2, "error"), (3, "error")]


@needs_anki
def test_files_written_by_ankis_own_library_import(tmp_path):
    meta, plain = write_exports(tmp_path)
    _check_meta_export(meta.read_bytes())
    assert plain.read_text() == (DATA / "anki_notes_plain.txt").read_text()


@needs_anki
def test_ankis_own_library_imports_every_note_of_our_apkg(tmp_path):
    cards = [
        Card(id=f"c{n}", front=f"Front {n} <&>", back=f"Back {n}\nline", source=1, tags=["a b"])
        for n in range(5)
    ]
    package = tmp_path / "deck.apkg"
    package.write_bytes(export_cards(cards, "apkg", bank_id="bank", title="Deck"))
    collection = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        request = anki_collection.ImportAnkiPackageRequest(
            package_path=str(package), options=anki_collection.ImportAnkiPackageOptions()
        )
        collection.import_anki_package(request)
        found = [collection.get_note(nid) for nid in collection.find_notes("")]
        assert sorted(note.fields[0] for note in found) == [
            f"Front {n} &lt;&amp;&gt;" for n in range(5)
        ]
        assert {tuple(note.tags) for note in found} == {("a_b",)}
        assert collection.card_count() == 5
    finally:
        collection.close()
