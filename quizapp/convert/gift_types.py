"""Turn one taken-apart GIFT question into one of our question types."""

from __future__ import annotations

import math

from .common import CLOZE_PROMPT, BankBuilder
from .gift_text import Parsed, Reader

_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def build(p: Parsed, builder: BankBuilder) -> tuple[dict, str] | None:
    """Return (question, explanation) or None after noting why not."""
    read = Reader(p, builder)
    answer = p.answer.strip()
    if answer == "":
        builder.note(p.line, "essay questions are not a gradable type", "skipped")
        return None
    if answer.startswith("#"):
        question = _numeric(read)
    elif "~" in answer:
        question = _choice(read)
    elif "=" in answer and "->" in answer:
        question = _matching(read)
    elif answer.split("#", 1)[0].strip().upper() in _TRUE_FALSE:
        question = _true_false(read, answer)
    else:
        question = _short(read)
    if question is None:
        return None
    question = _retype(question, read)
    if read.images:
        builder.note(p.line, "images are not imported; only their alt text is kept", "warning")
    return question, read.text(p.general)


def _numeric(read: Reader) -> dict | None:
    p, builder = read.p, read.builder
    skip = p.answer.index("#") + 1
    if "~" in p.answer:
        builder.note(p.line, "feedback for wrong numeric answers (~) is not kept", "warning")
    pieces = [piece for piece in read.pieces("=~", skip=skip) if piece[1] != "~"]
    kept: dict | None = None
    for line, _, weight, rest in pieces:
        value, feedback = read.feedback_split(rest)
        number = _number_answer(value)
        if number is None:
            builder.note(line, f"the numeric answer {value!r} is not a number, min..max or n:error")
            return None
        if feedback:
            builder.note(line, "feedback on numeric answers is not kept", "warning")
        if kept is None and weight == 100:
            kept = number
        else:
            builder.note(
                line,
                f"numeric answer {value!r} ({weight:g}%) is not kept: only the first answer"
                " worth 100% is used",
                "warning",
            )
    if kept is None:
        builder.note(p.line, "no numeric answer is worth 100%")
        return None
    return {"type": "numeric", "prompt": read.prompt(), **kept}


def _number_answer(value: str) -> dict | None:
    try:
        if ".." in value[1:]:
            low, high = value.split("..", 1)
            return {"range": [_num(low), _num(high)]}
        if ":" in value[1:]:
            answer, tolerance = value.split(":", 1)
            tolerance = abs(_num(tolerance))
            return {"answer": _num(answer), **({"tolerance": tolerance} if tolerance else {})}
        return {"answer": _num(value)}
    except ValueError:
        return None


def _num(text: str) -> float | int:
    number = float(text.strip())
    if not math.isfinite(number):
        raise ValueError(text)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _choice(read: Reader) -> dict | None:
    p, builder = read.p, read.builder
    single = "=" in p.answer
    choices = []
    for line, _, weight, rest in read.pieces("=~", leading=0.0, choice=True):
        text, feedback = read.feedback_split(rest)
        if single and 0 < weight < 100:
            builder.note(line, f"partial credit ({weight:g}%) for {text!r} is not kept", "warning")
        choice: dict = {"text": text}
        if (weight >= 100) if single else (weight > 0):
            choice["correct"] = True
        if feedback:
            choice["feedback"] = feedback
        choices.append((line, weight, choice))
    right = [weight for _, weight, choice in choices if choice.get("correct")]
    if single and len(right) > 1:
        builder.note(
            p.line,
            f"{len(right)} answers are marked right (=); a single-answer question here has"
            " exactly one (use ~%50% weights for a multiple-answer question)",
            "skipped",
        )
        return None
    if not right:
        builder.note(p.line, "no answer is marked right (= or a positive %weight%)")
        return None
    if not single and len(set(right)) > 1:
        builder.note(
            p.line,
            "the answer weights are not kept: each right choice counts the same here",
            "warning",
        )
    items = [choice for _, _, choice in choices]
    if single and p.missing_word:
        if any("feedback" in choice for choice in items):
            builder.note(p.line, "feedback on missing-word choices is not kept", "warning")
        correct = next(choice["text"] for choice in items if choice.get("correct"))
        blank = {"options": [choice["text"] for choice in items], "answer": correct}
        return _cloze(read, blank)
    return {"type": "single" if single else "multiple", "prompt": read.prompt(), "choices": items}


def _cloze(read: Reader, blank: dict) -> dict:
    p = read.p
    return {
        "type": "cloze",
        "prompt": CLOZE_PROMPT,
        "text": read.text(p.before + "[[1]]" + p.after, own_format=False),
        "blanks": [blank],
    }


def _matching(read: Reader) -> dict | None:
    builder = read.builder
    pairs, distractors = [], []
    for line, _, _, rest in read.pieces("=", weights=False):
        left, arrow, right = rest.partition("->")
        if not arrow:
            builder.note(line, f"a matching answer needs left -> right, not {rest.strip()!r}")
            return None
        left_text, right_text = read.text(left), read.text(right)
        if left_text:
            pairs.append({"left": left_text, "right": right_text})
        else:
            distractors.append(right_text)
    question = {"type": "matching", "prompt": read.prompt(), "pairs": pairs}
    if distractors:
        question["distractors"] = distractors
    return question


def _true_false(read: Reader, answer: str) -> dict:
    head, *feedback = answer.split("#", 2)
    value = _TRUE_FALSE[head.strip().upper()]
    wrong = read.text(feedback[0]) if feedback else ""
    right = read.text(feedback[1]) if len(feedback) > 1 else ""
    question: dict = {"type": "true_false", "prompt": read.prompt(), "answer": value}
    on_true, on_false = (right, wrong) if value else (wrong, right)
    if on_true:
        question["feedback_true"] = on_true
    if on_false:
        question["feedback_false"] = on_false
    return question


def _short(read: Reader) -> dict | None:
    p, builder = read.p, read.builder
    answers = []
    for line, _, weight, rest in read.pieces("="):
        text, feedback = read.feedback_split(rest)
        if feedback:
            builder.note(line, f"feedback on the answer {text!r} is not kept", "warning")
        if weight != 100:
            builder.note(
                line,
                f"answer {text!r} ({weight:g}%) is not kept: only answers worth 100% are",
                "warning",
            )
            continue
        if "*" in text:
            builder.note(
                line,
                f"the * wildcard in {text!r} is kept as written; it matches no other text here",
                "warning",
            )
        answers.append(text)
    if not answers:
        builder.note(p.line, "no short answer is worth 100%")
        return None
    if p.missing_word:
        return _cloze(read, {"answers": answers})
    return {"type": "short", "prompt": read.prompt(), "answers": answers}


def _retype(question: dict, read: Reader) -> dict:
    """Apply a `type=` from our quizapp comment: GIFT has no ordering, and no cloze."""
    wanted = read.p.extras.get("type")
    whole = read.p.extras.get("cloze")
    if wanted == "cloze" and isinstance(whole, dict) and {"text", "blanks"} <= whole.keys():
        # A cloze of several blanks, written whole in our comment (GIFT holds one blank).
        return {
            "type": "cloze",
            "prompt": CLOZE_PROMPT,
            "text": whole["text"],
            "blanks": whole["blanks"],
        }
    if wanted is None or wanted == question["type"]:
        return question
    if wanted == "ordering" and question["type"] == "matching":
        rights = [pair["right"] for pair in question["pairs"]]
        if sorted(rights, key=lambda r: (len(r), r)) == [str(n) for n in range(1, len(rights) + 1)]:
            pairs = sorted(question["pairs"], key=lambda pair: int(pair["right"]))
            return {
                "type": "ordering",
                "prompt": question["prompt"],
                "items": [pair["left"] for pair in pairs],
            }
    if wanted == "cloze" and question["type"] in ("single", "short"):
        if question["type"] == "short":
            return _cloze(read, {"answers": question["answers"]})
        choices = question["choices"]
        correct = next(choice["text"] for choice in choices if choice.get("correct"))
        return _cloze(read, {"options": [c["text"] for c in choices], "answer": correct})
    read.builder.note(
        read.p.line,
        f"the quizapp comment asks for type {wanted!r}, which this {question['type']} cannot be",
        "warning",
    )
    return question
