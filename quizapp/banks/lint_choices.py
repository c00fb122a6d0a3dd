"""Checks on choices and drop-down options: what a test-wise learner reads from their form."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import fuzz

from quizapp.answering.grading import normalise

from .lint_base import Context, Flag, Loc, at_question
from .questions import ChoiceBlank, ClozeQuestion, MatchingQuestion

# The right option is "the longest by a margin" when it is this much longer than every
# other option, in proportion and in characters.
LONGER_BY = 1.3
LONGER_BY_CHARS = 8
SAME_PLACE_MIN = 3  # this many unshuffled questions with the answer in one place is a habit
NEAR_SAME = 90  # rapidfuzz ratio of two normalised options that say the same thing

# The whole option, or its end: "None of the above", "(d) All of these."
_ABOVE = re.compile(
    r"\b((all|none|both|neither|any) of (the )?(above|these|them|those|the others)"
    r"|all the above)\W*$",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(the|a|an) ")


def _option_sets(question) -> Iterator[tuple[Loc, list[str], list[int]]]:
    """Each list a learner picks from: (where its entries are, their texts, right indices)."""
    if question.type in ("single", "multiple"):
        texts = [choice.text for choice in question.choices]
        yield ("choices",), texts, question.correct_indices
    elif isinstance(question, ClozeQuestion):
        for number, blank in enumerate(question.blanks):
            if isinstance(blank, ChoiceBlank):
                right = [blank.options.index(blank.answer)]
                yield ("blanks", number, "options"), list(blank.options), right


def _entry(base: Loc, index: int) -> Loc:
    return (*base, index, "text") if base == ("choices",) else (*base, index)


def longest_correct(context: Context) -> Iterator[Flag]:
    for q_index, question in enumerate(context.bank.questions):
        for base, texts, right in _option_sets(question):
            wrong = [len(text) for i, text in enumerate(texts) if i not in right]
            if not wrong or not right:
                continue
            shortest_right = min(len(texts[i]) for i in right)
            longest_wrong = max(wrong)
            if shortest_right >= LONGER_BY * longest_wrong and (
                shortest_right - longest_wrong >= LONGER_BY_CHARS
            ):
                yield Flag(
                    at_question(q_index, *_entry(base, right[0])),
                    "longest-correct",
                    f"the right option ({shortest_right} characters) is much longer than any"
                    f" wrong one (at most {longest_wrong}): learners pick the longest",
                    "Fix: shorten the right option or give the wrong ones the same detail.",
                )


def same_position(context: Context) -> Iterator[Flag]:
    """Across the questions shown in the written order, the answer always in one place."""
    bank = context.bank
    places: list[tuple[int, int]] = []  # (question index, place of the right option)
    for q_index, question in enumerate(bank.questions):
        shuffled = bank.settings.shuffle_choices and getattr(question, "shuffle", True)
        if shuffled:
            continue
        for _, texts, right in _option_sets(question):
            if len(right) == 1 and len(texts) > 1:
                places.append((q_index, right[0]))
    if len(places) >= SAME_PLACE_MIN and len({place for _, place in places}) == 1:
        ids = ", ".join(bank.questions[q].id for q, _ in places)
        where = ("settings", "shuffle_choices") if not bank.settings.shuffle_choices else None
        yield Flag(
            where or at_question(places[0][0], "shuffle"),
            "same-position",
            f"in all {len(places)} questions shown in the written order ({ids}) the right"
            f" option is number {places[0][1] + 1}",
            "Fix: let the choices be shuffled, or move the right options to different places.",
        )


def above_choices(context: Context) -> Iterator[Flag]:
    for q_index, question in enumerate(context.bank.questions):
        for base, texts, _ in _option_sets(question):
            for index, text in enumerate(texts):
                found = _ABOVE.search(text)
                if found:
                    yield Flag(
                        at_question(q_index, *_entry(base, index)),
                        "all-none-above",
                        f"the option {text!r} ({found.group(0)!r}) can be chosen or ruled out"
                        " by spotting two options, and points nowhere once shuffled",
                        "Fix: make it a multiple question (choose all that apply) or write an"
                        " option of the same kind as the others.",
                    )


def _same_key(text: str) -> str:
    return _ARTICLE.sub("", normalise(text))


def _rival_sets(question) -> Iterator[tuple[Loc, list[str], set[int]]]:
    """Lists whose wrong entries must differ: choices, drop-downs, matching right items."""
    for base, texts, right in _option_sets(question):
        yield base, texts, set(right)
    if isinstance(question, MatchingQuestion):
        yield ("rights",), question.rights, set()


def duplicate_distractors(context: Context) -> Iterator[Flag]:
    for q_index, question in enumerate(context.bank.questions):
        for base, texts, right in _rival_sets(question):
            keys = [_same_key(text) for text in texts]
            for later in range(len(texts)):
                if later in right:
                    continue
                for earlier in range(later):
                    if earlier in right:
                        continue
                    if keys[later] == keys[earlier] or (
                        fuzz.ratio(keys[later], keys[earlier]) >= NEAR_SAME
                    ):
                        yield Flag(
                            at_question(q_index, *_rival_loc(question, base, later)),
                            "duplicate-distractor",
                            f"the wrong options {texts[earlier]!r} and {texts[later]!r} say"
                            " the same thing, so both can be ruled out at once",
                            "Fix: replace one with a different plausible wrong answer.",
                        )
                        break


def _rival_loc(question, base: Loc, index: int) -> Loc:
    if base == ("rights",):
        pairs = len(question.pairs)
        return ("pairs", index, "right") if index < pairs else ("distractors", index - pairs)
    return _entry(base, index)


CHECKS = [longest_correct, same_position, above_choices, duplicate_distractors]
