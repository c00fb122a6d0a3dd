"""Checks on what questions say: negative stems, give-aways, copied sentences, repeats."""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from quizapp.answering.grading import normalise

from .lint_base import Context, Flag, Loc, at_question, shown_texts
from .questions import ChoiceBlank

# A negation a reader can miss: "not", "except", "never", "least", "doesn't".
_NEGATION = re.compile(r"\b(?:not|except|never|least|\w+n['\u2019]t)\b", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*?|_|<(?:em|strong|b)>)\s*$")
GIVEAWAY_MIN_CHARS = 3  # shorter answers ("US", "IS") turn up in too many words
GIVEAWAY_MAX_WORDS = 5  # a right choice longer than this is a statement, not a term
COPIED_RUN = 6  # this many words in a row from one sentence of the article is copying
COPIED_RATIO = 80  # or a statement this close to a sentence (rapidfuzz ratio, 0-100)
NEAR_DUPLICATE = 90  # rapidfuzz ratio of two questions as shown, in or out of word order
_ACCORDING = re.compile(r"^(according to|in) the (article|text)\s*,?\s*", re.IGNORECASE)
_ATTRIBUTION = re.compile(r"\b(according to|as|in) the (article|text)\b", re.IGNORECASE)


def negative_stems(context: Context) -> Iterator[Flag]:
    for q_index, question in enumerate(context.bank.questions):
        if question.type == "true_false":
            continue  # a statement may be negative; the learner judges it whole
        for found in _NEGATION.finditer(question.prompt):
            word = found.group(0)
            emphasised = word.isupper() or _EMPHASIS.search(question.prompt[: found.start()])
            if not emphasised:
                yield Flag(
                    at_question(q_index, "prompt"),
                    "negative-stem",
                    f"the prompt turns on {word!r}, which a hurried reader misses",
                    f"Fix: write it in capitals ({word.upper()}) or ask the question the"
                    " positive way round.",
                )
                break


def _answer_terms(question) -> list[str]:
    """This question's answer as a learner would write or pick it.

    Of typed answers only the first is taken: the others are spellings and short forms of
    it, some as common as "the US", which would turn up in any question of a bank.
    """
    kind = question.type
    if kind == "short":
        return question.answers[:1]
    if kind in ("single", "multiple"):
        return [
            choice.text
            for choice in question.choices
            if choice.correct and len(choice.text.split()) <= GIVEAWAY_MAX_WORDS
        ]
    if kind == "numeric" and question.answer is not None:
        return [f"{question.answer:g}"]
    if kind == "cloze":
        terms: list[str] = []
        for blank in question.blanks:
            terms += [blank.answer] if isinstance(blank, ChoiceBlank) else blank.answers[:1]
        return terms
    return []


def _visible_hints(question) -> list[tuple[Loc, str]]:
    """Shown texts that can tell another item's answer: all but this item's wrong options."""
    wrong: set[Loc] = set()
    if question.type in ("single", "multiple"):
        wrong = {("choices", i, "text") for i, c in enumerate(question.choices) if not c.correct}
    elif question.type == "matching":
        wrong = {("distractors", i) for i in range(len(question.distractors))}
    elif question.type == "cloze":
        for number, blank in enumerate(question.blanks):
            if isinstance(blank, ChoiceBlank):
                wrong |= {("blanks", number, "options", i) for i in range(len(blank.options))}
    return [(loc, text) for loc, text in shown_texts(question) if loc not in wrong]


def _contains(haystack: str, needle: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def give_aways(context: Context) -> Iterator[Flag]:
    questions = context.bank.questions
    hints = [[(loc, normalise(text)) for loc, text in _visible_hints(q)] for q in questions]
    for a_index, question in enumerate(questions):
        own = " | ".join(text for _, text in hints[a_index])
        terms = {normalise(term) for term in _answer_terms(question)}
        terms = {t for t in terms if len(t) >= GIVEAWAY_MIN_CHARS and not _contains(own, t)}
        for b_index, shown in enumerate(hints):
            if b_index == a_index:
                continue
            for loc, text in shown:
                term = next((t for t in sorted(terms) if _contains(text, t)), None)
                if term is not None:
                    yield Flag(
                        at_question(b_index, *loc),
                        "give-away",
                        f"this text contains {term!r}, the answer to question"
                        f" {question.id!r}: a learner who has seen one can answer the other",
                        "Fix: reword this text, or ask the other question about something else.",
                    )
                    break


def _statement_words(text: str) -> list[str]:
    return normalise(_ACCORDING.sub("", text)).split()


def copied_statements(context: Context) -> Iterator[Flag]:
    if context.article is None:
        return
    sentences = [(s, normalise(s).split()) for s in context.article]
    for q_index, question in enumerate(context.bank.questions):
        if question.type != "true_false":
            continue
        words = _statement_words(question.prompt)
        for sentence, sentence_words in sentences:
            match = SequenceMatcher(None, words, sentence_words, autojunk=False)
            run = match.find_longest_match(0, len(words), 0, len(sentence_words)).size
            close = fuzz.ratio(" ".join(words), " ".join(sentence_words))
            if run >= COPIED_RUN or close >= COPIED_RATIO:
                yield Flag(
                    at_question(q_index, "prompt"),
                    "copied-statement",
                    f"the statement copies the article ({run} words in a row from"
                    f" {sentence[:60]!r}...): it can be answered by recognising the wording",
                    "Fix: paraphrase it, or ask about what the sentence means or implies.",
                )
                break


def _as_shown(question) -> str:
    """The prompt with what it asks about (cloze text, items, left items), not the options."""
    parts = [question.prompt]
    if question.type == "cloze":
        parts.append(question.text)
    elif question.type == "ordering":
        parts += question.items
    elif question.type == "matching":
        parts += [pair.left for pair in question.pairs]
    return normalise(_ATTRIBUTION.sub(" ", " ".join(parts)))


def near_duplicate_prompts(context: Context) -> Iterator[Flag]:
    questions = context.bank.questions
    shown = [_as_shown(question) for question in questions]
    for later in range(len(questions)):
        for earlier in range(later):
            if fuzz.ratio(shown[later], shown[earlier]) >= NEAR_DUPLICATE or (
                fuzz.token_sort_ratio(shown[later], shown[earlier]) >= NEAR_DUPLICATE
            ):
                yield Flag(
                    at_question(later, "prompt"),
                    "near-duplicate",
                    f"this question reads almost like {questions[earlier].id!r}: one of them"
                    " tells the other's answer, or the bank asks one thing twice",
                    "Fix: drop one, or make them ask about different things.",
                )
                break


CHECKS = [negative_stems, give_aways, copied_statements, near_duplicate_prompts]
