"""The quality rules for drafted banks, written independently of the drafting code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from quizapp.banks.schema import Bank

try:
    from quizapp.banks import load_bank
except ImportError:  # the loader is being written alongside; fall back to the models
    load_bank = None

ARTICLES = Path(__file__).resolve().parents[1] / "drafting" / "articles"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_076883cf49f24a7d.txt"

STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        """
    a an the and or but if of in on at to from by for with as is are was were be been it its
    this that these those he she they we you i his her their our my your who whom which what
    when where why how not no yes all any some many most more less one there here then than so
    such also only just very about over under after before into out up down
    """,
    )
)
TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "professor", "president", "prime", "minister", "king",
    "queen", "general", "senator", "mayor", "judge", "sir", "dame", "head", "chief",
}  # fmt: skip
COMMON = STOP_WORDS | {w.capitalize() for w in STOP_WORDS} | {"However", "Within", "Over"}
GAP = re.compile(r"_{3,}|\[\[\d+\]\]")


def validation_problems(yaml_text: str, bank_id: str) -> list[str]:
    """Every problem the bank loader (or, before it exists, the models) reports."""
    if load_bank is not None:
        result = load_bank(f"{bank_id}.yaml", yaml_text.encode())
        return [str(problem) for problem in result.problems]
    Bank.model_validate(yaml.safe_load(yaml_text))
    return []


def answers(question: dict) -> list[str]:
    """The text each question wants, one entry per blank or per question."""
    kind = question["type"]
    if kind == "single":
        return [c["text"] for c in question["choices"] if c.get("correct")]
    if kind == "cloze":
        return [b.get("answer") or b["answers"][0] for b in question["blanks"]]
    if kind == "numeric":
        return [str(question["answer"])]
    return []


def choice_sets(question: dict) -> list[tuple[str, list[str]]]:
    """(answer, distractors) for every choice list in the question."""
    if question["type"] == "single":
        right = answers(question)[0]
        return [(right, [c["text"] for c in question["choices"] if not c.get("correct")])]
    if question["type"] == "cloze":
        return [
            (b["answer"], [o for o in b["options"] if o != b["answer"]])
            for b in question["blanks"]
            if "options" in b
        ]
    return []


def contexts(question: dict) -> list[tuple[str, str]]:
    """(text before, text after) around each gap, for the fragment rule."""
    text = question.get("text") or question["prompt"]
    found = []
    for match in GAP.finditer(text):
        found.append((text[: match.start()], text[match.end() :]))
    return found


def is_fragment(before: str, after: str) -> bool:
    """A gap cut out of a longer name: 'New [[1]]', '[[1]] York', 'University of [[1]]'."""
    if re.search(r"[\w’'-]$", before) or re.match(r"[\w-]", after):
        return True
    # Only words joined to the gap by a space can be part of the same name.
    joined = re.search(r"((?:[\w’'.-]+\s+)+)$", before)
    words_before = re.findall(r"[\w’'.-]+", joined.group(1)) if joined else []
    words_after = re.findall(r"[\w’'.-]+", after[:60])
    if words_before:
        last = words_before[-1]
        if last[:1].isupper() and last.rstrip(".").lower() not in TITLES and last not in COMMON:
            return True
        particles = {"of", "de", "al", "van", "von", "bin", "du", "da", "la", "le"}
        if last in particles and len(words_before) > 1 and words_before[-2][:1].isupper():
            return words_before[-2] not in COMMON
    if words_after and re.match(r"\s", after) and after.lstrip()[:1].isupper():
        first = words_after[0]
        return first not in COMMON and not re.match(r"\s*[(“\"]", after)
    return False


def quality_problems(bank: dict) -> list[str]:
    """Every broken rule in a drafted bank, as readable strings (empty when all is well)."""
    problems = []
    seen: dict[str, str] = {}
    for question in bank["questions"]:
        qid = question["id"]
        if question.get("draft") is not True:
            problems.append(f"{qid}: not marked draft")
        key = " ".join(re.findall(r"\w+", question["prompt"].casefold()))
        if key in seen:
            problems.append(f"{qid}: same prompt as {seen[key]}")
        seen[key] = qid
        for answer in answers(question):
            if answer.casefold() in STOP_WORDS or not re.search(r"\w", answer):
                problems.append(f"{qid}: stop-word answer {answer!r}")
        if question["type"] in ("single", "cloze"):
            for before, after in contexts(question):
                if is_fragment(before, after):
                    problems.append(
                        f"{qid}: gap looks like part of a name: …{before[-30:]}|{after[:30]}…"
                    )
        for answer, distractors in choice_sets(question):
            if len(distractors) < 2 and question["type"] == "single":
                problems.append(f"{qid}: only {len(distractors)} distractor(s)")
            for distractor in distractors:
                a, d = answer.casefold(), distractor.casefold()
                if a == d or a in d or d in a:
                    problems.append(f"{qid}: distractor {distractor!r} echoes answer {answer!r}")
        if not question["explanation"].startswith(("From paragraph", "True. From", "False. From")):
            problems.append(f"{qid}: explanation does not point at its source")
    return problems
