"""Finding facts in sentences: names, organisations, places, dates, years and quantities."""

from __future__ import annotations

import pytest

from quizapp.drafting.detect import detect


def spans(*sentences: str) -> list[tuple[str, str]]:
    return [(span.kind, span.text) for found in detect(list(sentences)) for span in found]


def test_names_with_titles_and_particles():
    found = spans(
        "The recent changes, with Prime Minister Mohammed Shia Al-Sudani’s plan, mark a shift.",
        "The prize went to Ludwig van Hoven, a composer from Bonn, in 1820.",
    )
    assert ("person", "Mohammed Shia Al-Sudani") in found
    assert ("person", "Ludwig van Hoven") in found
    assert ("place", "Bonn") in found
    assert not {text for _, text in found} & {"Shia", "Prime Minister", "Minister", "Sudani"}


def test_organisations_by_keyword_acronym_and_apposition():
    found = spans(
        "A strike killed a member of Harakat al-Nujaba, a faction of the Popular Mobilisation"
        " Forces (PMF), in Baghdad.",
        "The PMF was formed in 2014.",
        "The Millbrook Town Council met on Monday.",
    )
    assert ("org", "Harakat al-Nujaba") in found
    assert ("org", "Popular Mobilisation Forces") in found
    assert ("org", "PMF") in found
    assert ("org", "Millbrook Town Council") in found
    assert ("place", "Baghdad") in found


def test_places_after_prepositions_and_joined_by_and():
    found = spans(
        "Groups in Iraq and Syria have launched attacks in Gaza.",
        "She moved from New York to Rio de Janeiro.",
    )
    for place in ("Iraq", "Syria", "Gaza", "New York", "Rio de Janeiro"):
        assert ("place", place) in found
    assert not {text for _, text in found} & {"York", "New", "Janeiro"}


def test_adjectives_and_sentence_openers_are_not_names():
    found = spans(
        "The Iraqi government criticised Middle Eastern politics.",
        "Scattered showers fell in Leeds.",
        "Shi’ite Muslim armed groups formed a bloc.",
    )
    assert found == [("place", "Leeds")]


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("Attacks have continued since mid-October.", "mid-October"),
        ("The report came out on Jan 6, 2024, in the morning.", "Jan 6, 2024"),
        ("It opened on 4 October 1872 to crowds.", "4 October 1872"),
        ("The file is dated 2024-01-06 on the cover.", "2024-01-06"),
        ("The work started in March and ended later.", "March"),
        ("Prices rose sharply in the 1880s again.", "1880s"),
    ],
)
def test_dates(sentence, date):
    assert ("date", date) in spans(sentence)


def test_years_are_four_digits_between_1000_and_2100():
    found = spans("Built in 1962, rebuilt in 2008, planned for 2150, and costing 999 pounds.")
    assert [text for kind, text in found if kind == "year"] == ["1962", "2008"]


@pytest.mark.parametrize(
    ("sentence", "number", "hedge", "unit"),
    [
        ("They have launched over 100 attacks since then.", "100", "over", "attacks"),
        ("Troops numbering around 2,500 stayed.", "2,500", "around", ""),
        ("It cost $4.2 million to build.", "4.2", "", "$ million"),
        ("Turnout was about 30% this year.", "30", "about", "%"),
        ("Some 40 of them survive.", "40", "some", ""),
        ("She spent three summers there.", "three", "", "summers"),
    ],
)
def test_quantities_keep_their_hedge_and_unit(sentence, number, hedge, unit):
    (span,) = [s for found in detect([sentence]) for s in found if s.kind == "quantity"]
    assert (span.text, span.hedge, span.unit) == (number, hedge, unit)


def test_a_hedge_carries_over_to_a_number_joined_by_and():
    sentence = "Its troops, numbering around 2,500 in Iraq and 900 in Syria, remain."
    quantities = [s for s in detect([sentence])[0] if s.kind == "quantity"]
    assert [(s.text, s.hedge) for s in quantities] == [("2,500", "around"), ("900", "around")]


def test_numbers_that_label_are_not_quantities():
    found = spans("See page 12 on Apollo 11 and COVID-19 at 10:30 in the 3rd week.")
    assert not [text for kind, text in found if kind == "quantity"]


def test_surnames_and_acronyms_point_at_the_full_name():
    (first, second) = detect(
        ["Head librarian Daniel Whitcombe spoke first.", "Whitcombe said the library was ready."]
    )
    (person,) = second
    assert (person.kind, person.text, person.canonical) == (
        "person",
        "Whitcombe",
        "Daniel Whitcombe",
    )


def test_shouted_sentences_give_no_names():
    found = spans("THE UNITED NATIONS (UN) MET IN GENEVA WITH 193 MEMBERS.", "IT WAS LOUD.")
    assert found == [("quantity", "193")]


def test_numbers_too_long_to_hold_and_slashed_dates_are_skipped():
    found = spans("It listed 99999999999999999999 items on 31/12/2020 for 1,000,000 people.")
    assert found == [("quantity", "1,000,000")]
