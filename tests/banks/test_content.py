"""Checks on the question banks students meet: coverage of the article, sources, honesty.

The banks in questions/ teach one article (Christian Baghai, 6 January 2024). These tests
check their shape (enough banks, questions, types and cards), that every paragraph of the
article is asked about, that nothing is duplicated, and that no long run of the article's
wording was copied into a bank.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

import pytest
import yaml

from quizapp.banks.schema import QUESTION_TYPES, Bank
from quizapp.config import PROJECT_ROOT
from tests.helpers.content import bank_files

ROOT = PROJECT_ROOT
SEED = ROOT.parent / "shared" / "seed" / "000_076883cf49f24a7d.txt"

ARTICLE_TITLE = (
    "A New Era in Iraq: Al-Sudani's Bold Move to End US Coalition Presence Amid Regional Tensions"
)
ARTICLE_AUTHOR = "Christian Baghai"
ARTICLE_PUBLISHED = dt.date(2024, 1, 6)
PARAGRAPHS = 5
MIN_CITATIONS_PER_PARAGRAPH = 3
COPIED_RUN = 8  # this many consecutive words of the article in a bank counts as copying


def _questions(banks: list[Bank]):
    return [question for bank in banks for question in bank.questions]


def _cards(banks: list[Bank]):
    return [card for bank in banks for card in bank.cards]


def _same_text(text: str) -> str:
    """Lowercase with punctuation and spaces removed, so near-identical texts compare equal."""
    return re.sub(r"[\W_]+", "", text.replace("\u2019", "'").casefold())


def test_there_are_at_least_three_banks(banks: list[Bank]) -> None:
    assert len(bank_files()) >= 3
    assert len(banks) >= 3


def test_there_are_at_least_45_questions(banks: list[Bank]) -> None:
    assert len(_questions(banks)) >= 45


def test_every_question_type_is_used(banks: list[Bank]) -> None:
    used = {question.type for question in _questions(banks)}
    assert set(QUESTION_TYPES) - used == set()


def test_there_are_at_least_30_cards(banks: list[Bank]) -> None:
    assert len(_cards(banks)) >= 30


def test_every_citation_is_a_paragraph_of_the_article(banks: list[Bank]) -> None:
    outside = [
        item.id
        for item in [*_questions(banks), *_cards(banks)]
        if not 1 <= item.source.paragraph <= PARAGRAPHS
    ]
    assert outside == []


def test_every_paragraph_is_cited_by_at_least_three_questions(banks: list[Bank]) -> None:
    citations = Counter(question.source.paragraph for question in _questions(banks))
    thin = {
        paragraph: citations[paragraph]
        for paragraph in range(1, PARAGRAPHS + 1)
        if citations[paragraph] < MIN_CITATIONS_PER_PARAGRAPH
    }
    assert thin == {}


def test_no_two_questions_share_a_prompt(banks: list[Bank]) -> None:
    prompts = Counter(_same_text(question.prompt) for question in _questions(banks))
    assert [prompt for prompt, count in prompts.items() if count > 1] == []


def test_no_two_cards_share_a_front(banks: list[Bank]) -> None:
    fronts = Counter(_same_text(card.front) for card in _cards(banks))
    assert [front for front, count in fronts.items() if count > 1] == []


def test_every_bank_cites_the_article(banks: list[Bank]) -> None:
    for bank in banks:
        assert _same_text(bank.source.title) == _same_text(ARTICLE_TITLE), bank.title
        assert bank.source.author == ARTICLE_AUTHOR, bank.title
        assert bank.source.published == ARTICLE_PUBLISHED, bank.title


def test_every_question_explains_its_answer(banks: list[Bank]) -> None:
    assert [question.id for question in _questions(banks) if not question.explanation.strip()] == []


def test_no_question_is_a_draft(banks: list[Bank]) -> None:
    assert [question.id for question in _questions(banks) if question.draft] == []


# --- paraphrasing ---------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.replace("\u2019", "'").casefold())


def _runs(words: list[str], length: int) -> Iterator[tuple[str, ...]]:
    for start in range(len(words) - length + 1):
        yield tuple(words[start : start + length])


def _article_paragraphs(seed: str) -> list[str]:
    """The body paragraphs: between the first and second lines that are only "--"."""
    lines = seed.splitlines()
    separators = [index for index, line in enumerate(lines) if line.strip() == "--"]
    body = lines[separators[0] + 1 : separators[1]]
    return [line.strip() for line in body if line.strip()]


def _sentences(paragraph: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", paragraph) if part]


def _texts(node: object) -> Iterator[str]:
    """Every string in a parsed bank, except the source block (which names the article)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "source" or not isinstance(value, dict) or "title" not in value:
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def test_no_sentence_of_the_article_is_copied_into_a_bank() -> None:
    if not SEED.is_file():
        pytest.skip(f"the article is not available at {SEED}, so copying cannot be checked")
    paragraphs = _article_paragraphs(SEED.read_text("utf-8"))
    assert len(paragraphs) == PARAGRAPHS
    article_runs = {
        run
        for paragraph in paragraphs
        for sentence in _sentences(paragraph)
        for run in _runs(_words(sentence), COPIED_RUN)
    }
    assert article_runs, "the article's sentences were not found"
    copied = []
    for path in bank_files():
        data = yaml.safe_load(path.read_text("utf-8"))
        for text in _texts(data):
            for run in _runs(_words(text), COPIED_RUN):
                if run in article_runs:
                    copied.append(f"{path.name}: {' '.join(run)}")
    assert copied == []
