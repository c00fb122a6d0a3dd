"""Checks on typed and numeric answers: what the grader accepts against what it should."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from quizapp.answering.grading import allowed_typos, normalise, text_matches

from .lint_base import Context, Flag, Loc, at_question, shown_texts
from .lint_words import COMMON_WORDS
from .questions import ClozeQuestion, NumericQuestion, ShortQuestion, TypedBlank

SHOWN_WORDS = 4  # how many wrongly accepted words a warning names

_EXACT = re.compile(r"\b(exact(ly)?|precise(ly)?)\b", re.IGNORECASE)
_AS_GIVEN = re.compile(
    r"\bround (figure|number)\b|\b(figure|number) (that )?(the article|the text|it)"
    r" (gives|uses|states|quotes)\b",
    re.IGNORECASE,
)
_ROUGH = re.compile(
    r"\b(about|around|roughly|approximately|approximate|estimate|nearly)\b", re.IGNORECASE
)


def _typed(question) -> Iterator[tuple[Loc, list[str], bool, int | None]]:
    """Each typed answer list: (where, accepted answers, case_sensitive, typos)."""
    if isinstance(question, ShortQuestion):
        yield ("answers",), list(question.answers), question.case_sensitive, question.typos
    elif isinstance(question, ClozeQuestion):
        for number, blank in enumerate(question.blanks):
            if isinstance(blank, TypedBlank):
                where = ("blanks", number, "answers")
                yield where, list(blank.answers), blank.case_sensitive, blank.typos


def single_form(context: Context) -> Iterator[Flag]:
    for q_index, question in enumerate(context.bank.questions):
        for where, answers, case_sensitive, typos in _typed(question):
            if len(answers) != 1:
                continue
            want = normalise(answers[0], case_sensitive=case_sensitive)
            if allowed_typos(want, typos) == 0:
                yield Flag(
                    at_question(q_index, *where, 0),
                    "single-form",
                    f"only {answers[0]!r} is accepted, letter for letter",
                    "Fix: add the other ways it is written (abbreviation, spelling, with or"
                    " without 'the'), or allow typos.",
                )


def _bank_vocabulary(context: Context) -> set[str]:
    """Every word of the bank's texts, and every option and answer as a whole phrase."""
    words: set[str] = set()
    for question in context.bank.questions:
        texts = [text for _, text in shown_texts(question)] + [question.explanation]
        for _, answers, _, _ in _typed(question):
            texts += answers
        for text in texts:
            phrase = normalise(text)
            words.update(phrase.split())
            if len(phrase.split()) <= 4:
                words.add(phrase)
    for card in context.bank.cards:
        words.update(normalise(f"{card.front} {card.back}").split())
    return words


def typo_accepts_word(context: Context) -> Iterator[Flag]:
    bank_words = _bank_vocabulary(context)
    candidates = sorted(bank_words | COMMON_WORDS)
    for q_index, question in enumerate(context.bank.questions):
        for where, answers, case_sensitive, typos in _typed(question):
            accepted = {normalise(answer) for answer in answers}
            for index, answer in enumerate(answers):
                want = normalise(answer)
                limit = allowed_typos(normalise(answer, case_sensitive=case_sensitive), typos)
                if limit == 0:
                    continue
                near = process.extract(
                    want, candidates, scorer=Levenshtein.distance, score_cutoff=limit, limit=None
                )
                wrong = sorted(
                    word
                    for word, _, _ in near
                    if word not in accepted
                    # "syrian" for "syria", "advised" for "advise": the same word
                    and not (word.startswith(want) and len(word) - len(want) <= 3)
                    and text_matches(word, [answer], case_sensitive=case_sensitive, typos=typos)
                )
                if wrong:
                    named = ", ".join(repr(w) for w in wrong[:SHOWN_WORDS])
                    kinds = []
                    if any(w in bank_words for w in wrong):
                        kinds.append("in this bank")
                    if any(w in COMMON_WORDS for w in wrong):
                        kinds.append("common words or names")
                    yield Flag(
                        at_question(q_index, *where, index),
                        "typo-accepts-word",
                        f"typo tolerance lets {named} ({' and '.join(kinds)}) pass for {answer!r}",
                        "Fix: set typos: 0 (or 1) on this question or blank and list the"
                        " spellings to accept.",
                    )


def _width(question: NumericQuestion) -> float:
    low, high = question.bounds
    return high - low


def numeric_wording(context: Context) -> Iterator[Flag]:
    for q_index, question in enumerate(context.bank.questions):
        if not isinstance(question, NumericQuestion):
            continue
        prompt = question.prompt
        width = _width(question)
        low, high = question.bounds
        exact = _EXACT.search(prompt) or _AS_GIVEN.search(prompt)
        if exact and width > 0:
            where = "range" if question.range is not None else "tolerance"
            yield Flag(
                at_question(q_index, where),
                "numeric-wording",
                f"the prompt asks for {exact.group(0)!r}, yet any number from {low:g} to"
                f" {high:g} is accepted",
                "Fix: accept only that figure (remove the tolerance or range), or ask for an"
                " estimate.",
            )
        elif not exact and width == 0 and (rough := _ROUGH.search(prompt)):
            yield Flag(
                at_question(q_index, "answer"),
                "numeric-wording",
                f"the prompt asks for a rough figure ({rough.group(0)!r}), yet only"
                f" {low:g} is accepted",
                "Fix: give a tolerance or a range, or ask for the figure the text gives.",
            )


CHECKS = [single_form, typo_accepts_word, numeric_wording]
