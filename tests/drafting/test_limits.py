"""Linear-time drafting: size limits with clear messages, and bounded work on hostile text."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pysbd
import pytest

from quizapp.drafting import DraftError, draft_bank
from quizapp.drafting.article import inline_text
from quizapp.drafting.limits import MAX_SENTENCE_CHARS, PIECE_CHARS, SentenceSplitter, pieces

from .hostile import hostile_article

TODAY = dt.date(2025, 1, 1)
REPO = Path(__file__).resolve().parents[2]
# Generous: a few seconds on a quiet machine; the quadratic code took hours on the 1 MB text.
BOUND_SECONDS = 240

SCRIPT = """
import datetime as dt
from quizapp.drafting import DraftError, draft_bank
from tests.drafting.hostile import hostile_article, within_limits
try:
    draft_bank(hostile_article(1_000_000, 40_000), bank_id="big", today=dt.date(2025, 1, 1))
except DraftError as error:
    print("refused:", error)
result = draft_bank(within_limits(), bank_id="hostile", today=dt.date(2025, 1, 1))
print("questions:", len(result.bank["questions"]))
"""


def test_a_1mb_article_is_refused_with_a_clear_message():
    with pytest.raises(DraftError, match=r"1,000,000 characters long .* at most 200,000"):
        draft_bank(hostile_article(1_000_000, 40_000), bank_id="big", today=TODAY)


def test_a_long_line_is_refused_with_its_number():
    text = "Title\n\nA first paragraph about Paris in 2020.\n\n" + "[" * 40_000 + "\n"
    with pytest.raises(DraftError, match=r"line 5 is 40,000 characters long .* paragraphs"):
        draft_bank(text, bank_id="long", today=TODAY)


def test_hostile_articles_finish_in_bounded_work():
    """The 1 MB article is refused and a hostile article just within the limits is drafted,
    in a child process that is killed if the work grows quadratically."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
        check=True,
    )
    assert "refused: the article is 1,000,000 characters long" in done.stdout
    assert int(done.stdout.rsplit("questions:", 1)[1]) > 100


def test_the_sentence_splitter_never_sees_more_than_a_piece(monkeypatch):
    """pysbd is quadratic on some punctuation: count what it is given."""
    seen: list[int] = []
    segment = pysbd.Segmenter.segment

    def counting(self, text):
        seen.append(len(text))
        return segment(self, text)

    monkeypatch.setattr(pysbd.Segmenter, "segment", counting)
    text = hostile_article(60_000)
    draft_bank(text, bank_id="hostile", today=TODAY)
    assert max(seen) <= PIECE_CHARS
    assert sum(seen) <= len(text)


def test_pieces_cut_at_sentence_ends_when_there_are_some():
    sentence = "The bridge opened in 1877 after four years of work. "
    paragraph = sentence * 60
    cut = pieces(paragraph, limit=200)
    assert "".join(piece for piece, _ in cut) == paragraph
    assert all(len(piece) <= 200 and clean for piece, clean in cut[:-1])
    assert all(piece.endswith("work. ") for piece, _ in cut[:-1])


def test_a_run_on_sentence_cut_into_pieces_is_joined_again():
    run_on = " ".join(f"then {n} more people came from Ashford" for n in range(20, 120))
    sentences = SentenceSplitter().split(f"The fair opened. It grew and {run_on}. The end.")
    assert sentences[0] == "The fair opened."
    assert sentences[1].startswith("It grew and then 20") and sentences[1].endswith("Ashford.")
    assert len(sentences[1]) > MAX_SENTENCE_CHARS
    assert sentences[2] == "The end."


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("a [link](https://example.org/x) here", "a link here"),
        ("**bold** and *em* and _it_ and ~~gone~~", "bold and em and it and gone"),
        ("**bold with *em* inside**", "bold with em inside"),
        ("[" * 5000 + "a](b)", "[" * 4999 + "a"),
        ("**a " * 2000, ("**a " * 2000).strip()),
    ],
)
def test_inline_markup_is_stripped_and_unclosed_markup_left(markup, text):
    assert inline_text(markup) == text
