"""Write a bank as GIFT; what GIFT cannot say travels in `// quizapp:` comment lines."""

from __future__ import annotations

import re

from quizapp.banks.schema import Bank

from .common import Note, format_number
from .extras import blank_tolerances, format_extras, question_extras

_SPECIAL = re.compile(r"([\\~=#{}:])")
_NEEDS_PLAIN = re.compile(r"^\s*\[(html|markdown|plain|moodle|id:|tag:)", re.IGNORECASE)
# An answer that starts like a %weight% or a [format] is kept from being read as one.
_NEEDS_PREFIX = re.compile(r"^\s*(\[(html|markdown|plain|moodle)\]|%-?\d+(\.\d*)?%)", re.IGNORECASE)


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")


def write_gift(bank: Bank) -> tuple[str, list[Note]]:
    notes: list[Note] = []
    parts = [f"// {escape(bank.title)}", f"// exported from the quizapp bank {bank.id or ''}", ""]
    for question in bank.questions:
        problem = _cannot(question)
        if problem:
            notes.append(Note(0, f"question {question.id}: {problem}", "skipped"))
            continue
        if question.type == "cloze" and len(question.blanks) > 1:
            notes.append(
                Note(
                    0,
                    f"question {question.id}: GIFT holds one blank per question, this cloze has"
                    f" {len(question.blanks)}: Moodle sees blank 1 with the others filled in;"
                    " quizapp restores every blank from the quizapp comment",
                    "warning",
                )
            )
        parts.append(_question(question))
    return "\n".join(parts), notes


def _cannot(question) -> str | None:
    lefts = {
        "matching": [pair.left for pair in getattr(question, "pairs", [])],
        "ordering": getattr(question, "items", []),
        "short": getattr(question, "answers", []),
        "cloze": getattr(question.blanks[0], "answers", []) if question.type == "cloze" else [],
    }.get(question.type, [])
    if any("->" in text for text in lefts):
        return "GIFT cannot hold '->' in this text (it marks a matching pair)"
    return None


def _question(q) -> str:
    extras = question_extras(q)
    if q.points != 1:
        extras["points"] = q.points
    tokens = [f"[id:{q.id}]"] + ["[tag:" + tag.replace("]", "\\]") + "]" for tag in q.tags]
    lines = ["// " + " ".join(tokens)]
    texts = [q.prompt, q.explanation, *_texts(q)]
    plain = any("<" in text or "&" in text for text in texts)
    body, lead, trail = _body(q, extras)
    lines.append("// quizapp: " + format_extras(extras))
    prefix = "[plain]" if plain or _NEEDS_PLAIN.match(lead) else ""
    answer_lines = "".join(f"\t{line}\n" for line in body)
    if q.explanation:
        answer_lines += f"\t####{_answer(q.explanation)}\n"
    lines.append(f"::{q.id}::{prefix}{escape(lead)}{{\n{answer_lines}}}{escape(trail)}")
    return "\n".join(lines) + "\n"


def _texts(q) -> list[str]:
    if q.type in ("single", "multiple"):
        return [text for c in q.choices for text in (c.text, c.feedback or "")]
    if q.type == "true_false":
        return [q.feedback_true or "", q.feedback_false or ""]
    if q.type == "short":
        return list(q.answers)
    if q.type == "matching":
        return [t for pair in q.pairs for t in (pair.left, pair.right)] + list(q.distractors)
    if q.type == "ordering":
        return list(q.items)
    if q.type == "cloze":
        blank = q.blanks[0]
        return [q.text, *getattr(blank, "options", []), *getattr(blank, "answers", [])]
    return []


def _answer(text: str) -> str:
    """An answer's text, kept from being read as a [format] prefix."""
    return ("[plain]" if _NEEDS_PREFIX.match(text) else "") + escape(text)


def _feedback(feedback: str | None) -> str:
    return f"#{_answer(feedback)}" if feedback else ""


def _body(q, extras: dict) -> tuple[list[str], str, str]:
    """Answer lines, the text before the braces and the text after them."""
    if q.type == "single":
        marks = ["=" if c.correct else "~" for c in q.choices]
        return (
            [
                m + _answer(c.text) + _feedback(c.feedback)
                for m, c in zip(marks, q.choices, strict=True)
            ],
            q.prompt,
            "",
        )
    if q.type == "multiple":
        share = format_number(round(100 / len(q.correct_indices), 5))
        lines = []
        for choice in q.choices:
            weight = f"%{share}%" if choice.correct else f"%-{share}%"
            lines.append(f"~{weight}{_answer(choice.text)}{_feedback(choice.feedback)}")
        return lines, q.prompt, ""
    if q.type == "true_false":
        right, wrong = (
            (q.feedback_true, q.feedback_false) if q.answer else (q.feedback_false, q.feedback_true)
        )
        value = "TRUE" if q.answer else "FALSE"
        if right:
            value += f"#{_answer(wrong or '')}#{_answer(right)}"
        elif wrong:
            value += f"#{_answer(wrong)}"
        return [value], q.prompt, ""
    if q.type == "short":
        if q.case_sensitive:
            extras["case_sensitive"] = True
        if q.typos is not None:
            extras["typos"] = q.typos
        return [f"={_answer(answer)}" for answer in q.answers], q.prompt, ""
    if q.type == "numeric":
        if q.unit is not None:
            extras["unit"] = q.unit
        if q.range is not None:
            value = f"{format_number(q.range[0])}..{format_number(q.range[1])}"
        else:
            value = format_number(q.answer)
            if q.tolerance:
                value += f":{format_number(q.tolerance)}"
        return [f"#{value}"], q.prompt, ""
    if q.type == "matching":
        lines = [f"={_answer(p.left)} -> {_answer(p.right)}" for p in q.pairs]
        lines += [f"= -> {_answer(text)}" for text in q.distractors]
        return lines, q.prompt, ""
    if q.type == "ordering":
        extras["type"] = "ordering"
        if q.credit != "positions":
            extras["credit"] = q.credit
        return [f"={_answer(item)} -> {n}" for n, item in enumerate(q.items, 1)], q.prompt, ""
    return _cloze_body(q, extras)


def _cloze_body(q, extras: dict) -> tuple[list[str], str, str]:
    """A missing-word question for blank 1; GIFT has room for no more blanks, so the
    others are shown filled in and the whole cloze travels in the quizapp comment."""
    extras["type"] = "cloze"
    extras["prompt"] = q.prompt
    text = q.text
    if len(q.blanks) > 1:
        extras["cloze"] = {
            "text": q.text,
            "blanks": [blank.model_dump(mode="json", exclude_defaults=True) for blank in q.blanks],
        }
        for number, other in enumerate(q.blanks[1:], start=2):
            filled = other.answer if hasattr(other, "options") else other.answers[0]
            text = text.replace(f"[[{number}]]", filled)
    else:
        tolerances = blank_tolerances(q)
        if tolerances:
            extras["blanks"] = tolerances
    before, _, after = text.partition("[[1]]")
    blank = q.blanks[0]
    if hasattr(blank, "options"):
        lines = [("=" if o == blank.answer else "~") + _answer(o) for o in blank.options]
    else:
        lines = [f"={_answer(answer)}" for answer in blank.answers]
    return lines, before, after
