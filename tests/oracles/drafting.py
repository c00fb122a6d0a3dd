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
COMMON |= {"NOT", "NEVER", "LEAST", "EXCEPT"}  # negations the drafter writes in capitals
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


# --- Item-writing checks, written apart from the drafter's own review ---------------------

COPIED_RUN = 6  # this many words in a row from one sentence is copying
GIVEAWAY_MIN_CHARS = 3
TERM_MAX_WORDS = 5


def plain(text: str) -> str:
    """Case, accents and punctuation folded away, as the grader compares answers."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[-–—_/]", " ", text)
    return " ".join("".join(c for c in text if c.isalnum() or c.isspace()).split())


def _longest_run(a: list[str], b: list[str]) -> int:
    best = 0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def copied_true_false(bank: dict, sentences: list[str]) -> list[str]:
    """True/false statements that repeat six or more words in a row of a sentence."""
    found = []
    for question in bank["questions"]:
        if question["type"] != "true_false":
            continue
        words = plain(question["prompt"]).split()
        if any(_longest_run(words, plain(s).split()) >= COPIED_RUN for s in sentences):
            found.append(question["id"])
    return found


def right_answers(question: dict) -> list[str]:
    kind = question["type"]
    if kind == "single":
        return [c["text"] for c in question["choices"] if c.get("correct")]
    if kind == "cloze":
        return [b.get("answer") or b["answers"][0] for b in question["blanks"]]
    if kind == "numeric":
        return [f"{question['answer']:g}"]
    return []


def _shown(question: dict) -> str:
    parts = [question["prompt"], question.get("text", "")]
    parts += [c["text"] for c in question.get("choices", []) if c.get("correct")]
    return " | ".join(plain(p) for p in parts)


def _has(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def give_aways(bank: dict) -> list[tuple[str, str]]:
    """(a, b): question b shows the answer to question a."""
    questions = bank["questions"]
    shown = [_shown(q) for q in questions]
    found = []
    for a, question in enumerate(questions):
        answers = right_answers(question)
        if question["type"] == "single":
            answers = [t for t in answers if len(t.split()) <= TERM_MAX_WORDS]
        terms = {plain(t) for t in answers if len(plain(t)) >= GIVEAWAY_MIN_CHARS}
        own = plain(f"{question['prompt']} {question.get('text', '')}")
        terms = {t for t in terms if not _has(own, t)}
        for b, text in enumerate(shown):
            if b != a and any(_has(text, t) for t in terms):
                found.append((question["id"], questions[b]["id"]))
    return found


def option_problems(bank: dict) -> list[str]:
    """A right option much longer than every wrong one; two wrong options alike."""
    found = []
    for question in bank["questions"]:
        sets = []
        if question["type"] == "single":
            choices = question["choices"]
            right = [c["text"] for c in choices if c.get("correct")]
            sets.append((right, [c["text"] for c in choices if not c.get("correct")]))
        for blank in question.get("blanks", []):
            if "options" in blank:
                wrong = [o for o in blank["options"] if o != blank["answer"]]
                sets.append(([blank["answer"]], wrong))
        for right, wrong in sets:
            shortest, longest = min(map(len, right)), max(map(len, wrong))
            if shortest >= 1.3 * longest and shortest - longest >= 8:
                found.append(f"{question['id']}: the right option is the longest")
            keys = [plain(w).removeprefix("the ") for w in wrong]
            if len(set(keys)) < len(keys):
                found.append(f"{question['id']}: two wrong options alike")
    return found
