from quizapp.banks import Bank
from quizapp.convert import import_bank
from quizapp.convert.common import MAX_IMPORT_BYTES
from tests.helpers.convert import import_file, notes


def test_anki_headers_columns_by_name_quotes_html_and_tags():
    result = import_file("anki.txt", "anki-text")
    assert result.bank["tags"] == ["geography", "europe"]
    assert result.bank["cards"] == [
        {
            "id": result.bank["cards"][0]["id"],
            "front": "France",
            "back": "Paris",
            "source": 1,
            "tags": ["capitals"],
        },
        {
            "id": result.bank["cards"][1]["id"],
            "front": "Italy",
            "back": "Rome; the eternal city",
            "source": 1,
            "tags": ["capitals", "quoted"],
        },
        {
            "id": result.bank["cards"][2]["id"],
            "front": "Quote",
            "back": 'A "quoted" word\non two lines',
            "source": 1,
        },
        {
            "id": result.bank["cards"][3]["id"],
            "front": "2 + 2",
            "back": "4",
            "source": 1,
            "tags": ["maths"],
        },
    ]
    assert all(card["id"].startswith("c-") for card in result.bank["cards"])
    assert (9, "error", "expected at least 3 fields separated by ';', found 1") in notes(result)


def test_a_bank_of_cards_only_is_a_valid_deck_with_no_invented_questions():
    result = import_file("quizlet.txt", "quizlet")
    assert result.bank["questions"] == []
    assert [card["front"] for card in result.bank["cards"]] == ["Hund", "Katze", "Maus"]
    assert notes(result) == []
    assert Bank.model_validate(result.bank).cards[0].back


def test_quizlet_custom_separators():
    result = import_file("quizlet_custom.txt", "quizlet", sep=" - ", card_sep=";")
    cards = [(card["front"], card["back"]) for card in result.bank["cards"]]
    assert cards == [("Hund", "dog"), ("Katze", "cat"), ("Vogel", "bird")]
    assert notes(result)[0] == (1, "error", "card 3: no ' - ' between the term and the definition")


def test_quizlet_line_numbers():
    result = import_bank(b"a\tb\n\nno tab here\nc\td\n", "quizlet", name="q.txt")
    assert (3, "error", "no tab between the term and the definition") in notes(result)


def test_anki_separator_names_literals_and_sniffing():
    for header, data in [
        ("#separator:tab\n", "front\tback\n"),
        ("#separator:Comma\n", "front,back\n"),
        ("#separator:pipe\n", "front|back\n"),
        ("#separator:/\n", "front/back\n"),
        ("", "front;back\n"),
        ("", "front,back\n"),
        ("", '"front, with comma",back\n'),
    ]:
        result = import_bank((header + data).encode(), "anki-text", name="a.txt")
        card = result.bank["cards"][0]
        assert card["back"] == "back", (header, data)
        assert card["front"].startswith("front")


def test_anki_without_html_keeps_markup_as_text_and_sep_option_overrides():
    result = import_bank(b"#html:false\na<b>\tb&amp;\n", "anki-text", name="a.txt")
    assert result.bank["cards"][0]["front"] == "a<b>"
    assert result.bank["cards"][0]["back"] == "b&amp;"
    result = import_bank(b"x :: y\n", "anki-text", name="a.txt", sep=" :: ")
    assert (result.bank["cards"][0]["front"], result.bank["cards"][0]["back"]) == ("x", "y")


def test_anki_unknown_columns_and_unused_headers():
    result = import_bank(b"#columns:One\tTwo\n#notetype:Basic\nx\ty\n", "anki-text", name="a.txt")
    assert (result.bank["cards"][0]["front"], result.bank["cards"][0]["back"]) == ("x", "y")
    assert (2, "warning", "the #notetype: header is not used") in notes(result)
    result = import_bank(b"#columns:Tags\nx\n", "anki-text", name="a.txt")
    assert notes(result)[0][0] == 1 and "cannot tell the front and back" in notes(result)[0][2]


def test_quizlet_cards_separated_by_blank_lines_may_span_lines():
    data = b"sun - a star\nquite near\n\nmoon - a satellite\n"
    result = import_bank(data, "quizlet", name="q.txt", sep=" - ", card_sep="\n\n")
    cards = [(card["front"], card["back"]) for card in result.bank["cards"]]
    assert cards == [("sun", "a star\nquite near"), ("moon", "a satellite")]


def test_files_over_the_size_limit_are_refused():
    result = import_bank(b" " * (MAX_IMPORT_BYTES + 1), "moodle-xml", name="big.xml")
    assert [(n.line, n.message) for n in result.notes] == [(0, "the file is larger than 5 MiB")]
