"""Read a whole draft as a learner would, and drop what gives another question away.

Questions come in priority order; each is kept only if no kept question's text shows its
answer, its text shows no kept question's answer, it does not repeat a kept question's
wording, and none of its wrong options repeats another.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

GIVEAWAY_MIN_CHARS = 3  # "US" turns up inside too many words to count
TERM_MAX_WORDS = 5  # a longer right choice is a statement, not a term another item shows
NEAR_SAME = 85  # rapidfuzz ratio at which two prompts or two options read as the same
NEGATION = re.compile(r"\b(?:not|except|never|least|\w+n['’]t)\b", re.IGNORECASE)
ROUGH = re.compile(r"\b(?:about|around|roughly|approximate(?:ly)?|estimated?|nearly)\b", re.I)
EXACT = re.compile(r"\b(?:exact(?:ly)?|precise(?:ly)?|round (?:figure|number))\b", re.I)
MAX_GRAM = 8  # longer answers are never looked for in other questions


def plain(text: str) -> str:
    """Fold accents, case and punctuation as answers are compared ("2,500" is "2500")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[-–—_/]", " ", text)
    text = "".join(c for c in text if c.isalnum() or c.isspace())
    return " ".join(text.split())


def terms(question: dict) -> set[str]:
    """What the question wants, as a learner would write or pick it."""
    kind = question["type"]
    found: list[str] = []
    if kind == "single":
        found = [c["text"] for c in question["choices"] if c.get("correct")]
        found = [text for text in found if len(text.split()) <= TERM_MAX_WORDS]
    elif kind == "numeric":
        found = [f"{question['answer']:g}"]
    elif kind == "cloze":
        found = [b.get("answer") or b["answers"][0] for b in question["blanks"]]
    return {plain(t) for t in found if len(plain(t)) >= GIVEAWAY_MIN_CHARS}


def shown(question: dict) -> str:
    """Everything a learner reads before answering, but the question's own wrong options."""
    parts = [question["prompt"], question.get("text", "")]
    parts += [c["text"] for c in question.get("choices", []) if c.get("correct")]
    return " | ".join(plain(part) for part in parts if part)


def _contains(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def _grams(text: str) -> set[str]:
    """Every run of up to MAX_GRAM words: a term is shown when it is one of them."""
    words = text.replace("|", " ").split()
    return {
        " ".join(words[i : i + n])
        for i in range(len(words))
        for n in range(1, MAX_GRAM + 1)
        if i + n <= len(words)
    }


def _options(question: dict) -> list[list[str]]:
    if question["type"] == "single":
        return [[c["text"] for c in question["choices"]]]
    return [b["options"] for b in question.get("blanks", []) if "options" in b]


def _distinct_options(question: dict) -> bool:
    for options in _options(question):
        keys = [plain(o).removeprefix("the ") for o in options]
        for i, key in enumerate(keys):
            if any(key == other or fuzz.ratio(key, other) >= NEAR_SAME for other in keys[:i]):
                return False
    return True


def emphasise(question: dict) -> dict:
    """Write a prompt's negations in capitals ("did NOT change"): a hurried reader sees them."""
    prompt = NEGATION.sub(lambda m: m.group(0).upper(), question["prompt"])
    return question if prompt == question["prompt"] else {**question, "prompt": prompt}


def _wording_ok(question: dict) -> bool:
    """A numeric tolerance that agrees with the wording ("about" with none does not)."""
    prompt = question["prompt"]
    if question["type"] == "numeric":
        tolerance = bool(question.get("tolerance"))
        return not (ROUGH.search(prompt) and not tolerance or EXACT.search(prompt) and tolerance)
    return True


def settle(questions: list[dict]) -> list[dict]:
    """Keep questions in order while they stay clear of every question kept before them.

    The work is linear in the draft: shown words go into one set of word runs, and prompts
    are compared only with those from the same sentence (where repeats come from).
    """
    kept: list[dict] = []
    shown_grams: set[str] = set()
    kept_terms: set[str] = set()
    by_sentence: dict[tuple[int, int], list[str]] = {}
    for question in map(emphasise, questions):
        text = shown(question)
        grams = _grams(text)
        own = plain(f"{question['prompt']} {question.get('text', '')}")
        own_terms = {t for t in terms(question) if not _contains(own, t)}
        source = (question["source"]["paragraph"], question["source"]["sentence"])
        neighbours = by_sentence.get(source, [])
        if (
            not _wording_ok(question)
            or not _distinct_options(question)
            or own_terms & shown_grams
            or grams & kept_terms
            or any(fuzz.ratio(text, other) >= NEAR_SAME for other in neighbours)
        ):
            continue
        kept.append(question)
        shown_grams |= grams
        kept_terms |= own_terms
        by_sentence.setdefault(source, []).append(text)
    return kept
