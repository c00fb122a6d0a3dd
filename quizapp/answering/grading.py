"""Grade a learner's response to a question, by the scoring rules of docs/bank-format.md.

Pure functions: no Flask and no database. Responses use the bank file's original indices
(see quizapp/responses.py); a response that does not fit its question, such as one stored
before the bank was edited, grades as wrong rather than raising.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from quizapp.banks.questions import (
    ChoiceBlank,
    ClozeQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from quizapp.banks.schema import Question

Response = int | bool | str | list[int] | list[int | None] | list[str] | None


@dataclass(frozen=True)
class Result:
    fraction: float  # 0..1, the share of the points earned
    points: float  # fraction * question.points, rounded to 4 places
    correct: bool  # full marks
    feedback: list[str]  # feedback texts for what the learner picked
    parts: list[bool] | None  # ordering, matching, cloze: per item, pair or blank

    @property
    def partial(self) -> bool:
        return 0 < self.fraction < 1


def grade(question: Question, response: Response) -> Result:
    """Grade a response; anything that does not fit the question earns nothing."""
    return _GRADERS[question.type](question, response)


def _result(
    question: Question,
    fraction: float,
    feedback: Sequence[str | None] = (),
    parts: list[bool] | None = None,
) -> Result:
    fraction = float(fraction)
    return Result(
        fraction=fraction,
        points=round(fraction * question.points, 4),
        correct=fraction == 1,
        feedback=[text for text in feedback if text],
        parts=parts,
    )


def _is_index(value: object, count: int) -> bool:
    # bool is an int subclass, but True is never a choice index.
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < count


def _grade_single(question: SingleQuestion, response: Response) -> Result:
    if not _is_index(response, len(question.choices)):
        return _result(question, 0)
    choice = question.choices[response]
    return _result(question, 1 if choice.correct else 0, [choice.feedback])


def _grade_multiple(question: MultipleQuestion, response: Response) -> Result:
    count = len(question.choices)
    if not isinstance(response, list) or not all(_is_index(i, count) for i in response):
        return _result(question, 0)
    picked = set(response)
    correct = set(question.correct_indices)
    earned = len(picked & correct) - len(picked - correct)
    feedback = [question.choices[i].feedback for i in sorted(picked)]
    return _result(question, max(0, earned) / len(correct), feedback)  # never below 0


def _grade_true_false(question: TrueFalseQuestion, response: Response) -> Result:
    if not isinstance(response, bool):
        return _result(question, 0)
    feedback = question.feedback_true if response else question.feedback_false
    return _result(question, 1 if response == question.answer else 0, [feedback])


def _grade_short(question: ShortQuestion, response: Response) -> Result:
    right = isinstance(response, str) and text_matches(
        response, question.answers, case_sensitive=question.case_sensitive, typos=question.typos
    )
    return _result(question, 1 if right else 0)


def _grade_numeric(question: NumericQuestion, response: Response) -> Result:
    if isinstance(response, str):
        value = parse_number(response)
    elif isinstance(response, int | float) and not isinstance(response, bool):
        value = float(response)
    else:
        value = None
    if value is None:
        return _result(question, 0)
    low, high = question.bounds
    # Decimal fractions are not exact in binary: 0.1 + 0.2 must still count as 0.3.
    slack = 1e-9 * max(1.0, abs(low), abs(high))
    return _result(question, 1 if low - slack <= value <= high + slack else 0)


def _grade_ordering(question: OrderingQuestion, response: Response) -> Result:
    count = len(question.items)
    fits = isinstance(response, list) and all(_is_index(i, count) for i in response)
    fits = fits and sorted(response) == list(range(count))
    if question.credit == "pairs":
        if not fits:
            return _result(question, 0, parts=[False] * (count - 1))
        position = {item: place for place, item in enumerate(response)}
        parts = [position[i + 1] == position[i] + 1 for i in range(count - 1)]
    else:
        if not fits:
            return _result(question, 0, parts=[False] * count)
        parts = [item == place for place, item in enumerate(response)]
    return _result(question, sum(parts) / len(parts), parts=parts)


def _grade_matching(question: MatchingQuestion, response: Response) -> Result:
    count = len(question.pairs)
    if not isinstance(response, list) or len(response) != count:
        return _result(question, 0, parts=[False] * count)
    parts = [_is_index(right, count) and right == left for left, right in enumerate(response)]
    return _result(question, sum(parts) / count, parts=parts)


def _grade_cloze(question: ClozeQuestion, response: Response) -> Result:
    count = len(question.blanks)
    if not isinstance(response, list) or len(response) != count:
        return _result(question, 0, parts=[False] * count)
    parts = []
    for blank, given in zip(question.blanks, response, strict=True):
        if not isinstance(given, str):
            parts.append(False)
        elif isinstance(blank, ChoiceBlank):
            parts.append(given == blank.answer)
        else:
            parts.append(
                text_matches(
                    given, blank.answers, case_sensitive=blank.case_sensitive, typos=blank.typos
                )
            )
    return _result(question, sum(parts) / count, parts=parts)


_GRADERS = {
    "single": _grade_single,
    "multiple": _grade_multiple,
    "true_false": _grade_true_false,
    "short": _grade_short,
    "numeric": _grade_numeric,
    "ordering": _grade_ordering,
    "matching": _grade_matching,
    "cloze": _grade_cloze,
}


def normalise(text: str, *, case_sensitive: bool = False) -> str:
    """Reduce text to what tolerant matching compares.

    Compatibility-decompose (NFKD), drop accents (nonspacing marks), casefold unless
    case_sensitive, drop punctuation, fold runs of whitespace and strip. Dashes, underscores
    and slashes become spaces ("Jean-Paul" is "jean paul"); other punctuation goes without
    a trace ("don't" is "dont", "U.S.A." is "usa"). Symbols such as "+" and "$" stay.
    """
    text = unicodedata.normalize("NFKD", text)
    if not case_sensitive:
        # Casefolding can produce new combining marks ("İ" -> "i" + dot above).
        text = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Mn":
            continue
        if category in ("Pd", "Pc") or char == "/":
            kept.append(" ")
        elif not category.startswith("P"):
            kept.append(char)
    return " ".join("".join(kept).split())


_DIGIT_RUNS = re.compile(r"\d+")


def allowed_typos(answer: str, typos: int | None = None) -> int:
    """Return the largest edit distance forgiven for a normalised answer."""
    if typos is not None:
        return typos
    if len(answer) <= 3:
        return 0
    return 1 if len(answer) <= 7 else 2


def text_matches(
    given: str,
    accepted: Sequence[str],
    *,
    case_sensitive: bool = False,
    typos: int | None = None,
) -> bool:
    """Tell whether typed text matches one of the accepted answers, tolerantly.

    Both sides are normalised. typos=None forgives edit distance 0 for answers of up to 3
    characters, 1 for 4 to 7 and 2 for 8 or more; a number sets the distance; 0 is exact.
    A typo never changes a number ("1945" is not "1946"), and when case counts a change of
    case alone is not forgiven as a typo ("mRNA" is not "MRNA").
    """
    return any(_matches(given, answer, case_sensitive, typos) for answer in accepted)


def _matches(given: str, answer: str, case_sensitive: bool, typos: int | None) -> bool:
    want = normalise(answer, case_sensitive=case_sensitive)
    got = normalise(given, case_sensitive=case_sensitive)
    if not want:
        # An answer of punctuation only, such as "?!": compare it as written.
        want = " ".join(answer.split())
        got = " ".join(given.split())
        if not case_sensitive:
            want, got = want.casefold(), got.casefold()
    if not got:
        return False
    if got == want:
        return True
    limit = allowed_typos(want, typos)
    if limit == 0 or _DIGIT_RUNS.findall(got) != _DIGIT_RUNS.findall(want):
        return False
    distance = Levenshtein.distance(got, want, score_cutoff=limit)
    if distance > limit:
        return False
    if case_sensitive:
        return Levenshtein.distance(got.casefold(), want.casefold()) == distance
    return True


_NUMBER = re.compile(
    r"""
    [+-]?
    (?:
        (?:
            [0-9]{1,3} (?P<sep>[, ]) [0-9]{3} (?: (?P=sep) [0-9]{3} )*  # 2,500 or 2 500
          | [0-9]+
        )
        (?: \.[0-9]* )?
      | \.[0-9]+
    )
    (?: [eE][+-]?[0-9]+ )?
    """,
    re.VERBOSE,
)


# No-break, figure, thin and narrow no-break spaces group thousands like a space; the
# Unicode minus is a minus; full-width digits (from Japanese and Chinese input) are digits.
_NUMBER_CHARS = {ord(space): " " for space in "\u00a0\u2007\u2009\u202f"}
_NUMBER_CHARS[0x2212] = "-"
_NUMBER_CHARS.update({0xFF10 + digit: str(digit) for digit in range(10)})


def parse_number(text: str) -> float | None:
    """Read the number a learner typed, or return None if the text is not plainly one number.

    Accepted: "2500", "2,500", "2 500" (also with thin or no-break spaces: thousands groups
    of exactly three digits, one kind of separator), "-3", "−3" (Unicode minus), "+3",
    "1.5", ".5", "2500.", "1e3" and "6.02E23" (scientific notation), and any of these
    followed by a unit or word ("2500 troops", "30%", "5 km").

    None for: text before the number ("about 2,500", "$5", "~3"); a decimal comma or
    malformed groups ("1,5", "2,50", "2.500,5"), which are ambiguous and better retyped;
    more than one number ("2000 to 3000", "1/2", "5 m2"); infinities, NaN and empty text.
    """
    text = text.translate(_NUMBER_CHARS).strip()
    match = _NUMBER.match(text)
    if match is None:
        return None
    rest = text[match.end() :].lstrip()
    if rest and (rest[0] in ".,+-" or re.search(r"[0-9]", rest)):
        return None
    number = match.group().replace(",", "").replace(" ", "")
    value = float(number)
    return value if math.isfinite(value) else None
