"""Turn one Moodle XML <question> into one of our question types."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from . import moodle_cloze
from .common import CLOZE_PROMPT, CLOZE_PROMPT_MANY, BankBuilder
from .htmltext import text_of
from .moodle_grades import multiple_weights

_WILDCARD = re.compile(r"(?<!\\)\*")  # Moodle's short answers: \* is a literal star

_ORDERING_CREDIT = {
    "ABSOLUTE_POSITION": "positions",
    "RELATIVE_NEXT_EXCLUDE_LAST": "pairs",
    "RELATIVE_NEXT_INCLUDE_LAST": "pairs",
}
_NOT_GRADABLE = {"description", "essay"}


class Reader:
    def __init__(self, element: ET.Element, line: int, lines: dict[int, int], builder: BankBuilder):
        self.element = element
        self.line = line
        self.lines = lines
        self.builder = builder
        self.dropped: list[str] = []

    def note(self, message: str, level: str = "error", at: ET.Element | None = None) -> None:
        line = self.lines.get(id(at), self.line) if at is not None else self.line
        self.builder.note(line, message, level)  # type: ignore[arg-type]

    def rich(self, path: str, within: ET.Element | None = None) -> str:
        """The plain text of a <path format="..."><text>...</text></path> element."""
        node = (within if within is not None else self.element).find(path)
        if node is None:
            return ""
        fmt = node.get("format", "html")
        for file in node.findall("file"):
            self.dropped.append(f"the file {file.get('name') or ''!r} is not imported")
        text, dropped = text_of(node.findtext("text") or "", fmt)
        self.dropped += dropped
        return text

    def answers(self) -> list[tuple[ET.Element, float, str, str | None]]:
        out = []
        for answer in self.element.findall("answer"):
            try:
                fraction = float(answer.get("fraction", "0"))
            except ValueError:
                fraction = 0.0
            text = self.rich(".", answer) if answer.find("text") is not None else ""
            out.append((answer, fraction, text, self.rich("feedback", answer) or None))
        return out

    def question(self, kind: str, extras: dict) -> dict | None:
        if kind in _NOT_GRADABLE:
            self.note(f"{kind} questions are not a gradable type", "skipped")
            return None
        build = getattr(self, f"_{kind}", None)
        if build is None:
            self.note(f"Moodle {kind or 'untyped'} questions have no equivalent here", "skipped")
            return None
        return build(extras)

    def _multichoice(self, extras: dict) -> dict | None:
        single = (self.element.findtext("single") or "true").strip().lower() in ("true", "1")
        choices = []
        for answer, fraction, text, feedback in self.answers():
            if single and 0 < fraction < 99.99:
                self.note(
                    f"partial credit ({fraction:g}%) for {text!r} is not kept", "warning", answer
                )
            choice: dict = {"text": text}
            if (fraction >= 99.99) if single else (fraction > 0):
                choice["correct"] = True
            if feedback:
                choice["feedback"] = feedback
            choices.append((fraction, choice))
        right = [fraction for fraction, choice in choices if choice.get("correct")]
        if single and len(right) > 1:
            self.note(f"{len(right)} answers are worth 100%; a single question has one", "skipped")
            return None
        if not right:
            self.note("no answer is marked right (a positive fraction)")
            return None
        if not single and len({round(f, 3) for f in right}) > 1 and not ours(right):
            self.note("the answer weights are not kept: right choices count the same", "warning")
        return {
            "type": "single" if single else "multiple",
            "prompt": self.rich("questiontext"),
            "choices": [choice for _, choice in choices],
        }

    def _truefalse(self, extras: dict) -> dict | None:
        question: dict = {"type": "true_false", "prompt": self.rich("questiontext")}
        for _, fraction, text, feedback in self.answers():
            value = text.strip().lower() in ("true", "1", "t", "yes")
            if fraction >= 99.99:
                question["answer"] = value
            if feedback:
                question["feedback_true" if value else "feedback_false"] = feedback
        if "answer" not in question:
            self.note("neither true nor false is worth 100%")
            return None
        return question

    def _shortanswer(self, extras: dict) -> dict | None:
        answers = []
        for answer, fraction, text, feedback in self.answers():
            if fraction < 99.99:
                self.note(
                    f"answer {text!r} ({fraction:g}%) is not kept: only answers worth 100% are",
                    "warning",
                    answer,
                )
                continue
            if _WILDCARD.search(text):
                self.note(
                    f"the * wildcard in {text!r} is kept as written; it matches no other text here",
                    "warning",
                    answer,
                )
            if feedback:
                self.note(f"feedback on the answer {text!r} is not kept", "warning", answer)
            answers.append(text.replace("\\*", "*"))
        if not answers:
            self.note("no short answer is worth 100%")
            return None
        question = {"type": "short", "prompt": self.rich("questiontext"), "answers": answers}
        if (self.element.findtext("usecase") or "0").strip() == "1":
            question["case_sensitive"] = True
        return question

    def _numerical(self, extras: dict) -> dict | None:
        kept: dict | None = None
        for answer, fraction, text, _ in self.answers():
            if text.strip() == "*":
                continue
            try:
                value = float(text)
                tolerance = abs(float(answer.findtext("tolerance") or 0))
            except ValueError:
                self.note(f"the numeric answer {text!r} is not a number", at=answer)
                return None
            if kept is None and fraction >= 99.99:
                kept = {"answer": _plain(value)}
                if tolerance:
                    kept["tolerance"] = _plain(tolerance)
            else:
                self.note(
                    f"numeric answer {text!r} ({fraction:g}%) is not kept: only the first"
                    " answer worth 100% is used",
                    "warning",
                    answer,
                )
        if kept is None:
            self.note("no numeric answer is worth 100%")
            return None
        question = {"type": "numeric", "prompt": self.rich("questiontext"), **kept}
        for unit in self.element.findall("units/unit"):
            if (unit.findtext("multiplier") or "1").strip() in ("1", "1.0", "1.0000000"):
                question["unit"] = (unit.findtext("unit_name") or "").strip()
                break
        return question

    def _matching(self, extras: dict) -> dict | None:
        pairs, distractors = [], []
        for sub in self.element.findall("subquestion"):
            left = self.rich(".", sub)
            right = (sub.findtext("answer/text") or "").strip()
            if left:
                pairs.append({"left": left, "right": right})
            else:
                distractors.append(right)
        question = {"type": "matching", "prompt": self.rich("questiontext"), "pairs": pairs}
        if distractors:
            question["distractors"] = distractors
        return question

    def _ordering(self, extras: dict) -> dict | None:
        answers = self.answers()
        fractions = [fraction for _, fraction, _, _ in answers]
        if len(set(fractions)) == len(fractions):
            answers = sorted(answers, key=lambda answer: answer[1])
        grading = (self.element.findtext("gradingtype") or "ABSOLUTE_POSITION").strip().upper()
        credit = _ORDERING_CREDIT.get(grading)
        if credit is None:
            self.note(f"grading {grading} is not kept; items score by position", "warning")
        question = {
            "type": "ordering",
            "prompt": self.rich("questiontext"),
            "items": [text for _, _, text, _ in answers],
        }
        if credit == "pairs":
            question["credit"] = "pairs"
        return question

    def _cloze(self, extras: dict) -> dict | None:
        node = self.element.find("questiontext")
        raw = node.findtext("text") or "" if node is not None else ""
        blanks: list[dict] = []

        notes: list[str] = []

        def blank(match) -> str:
            made, left_out = moodle_cloze.read_blank(len(blanks) + 1, *match.group(2, 3))
            blanks.append(made)
            notes.extend(left_out)
            return f"[[{len(blanks)}]]"

        try:
            marked = moodle_cloze.EMBEDDED.sub(blank, raw)
        except moodle_cloze.ClozeProblem as problem:
            self.note(str(problem), problem.level)
            return None
        for note in notes:
            self.note(note, "warning")
        text, dropped = text_of(marked, node.get("format", "html") if node is not None else "html")
        self.dropped += dropped
        prompt = CLOZE_PROMPT if len(blanks) == 1 else CLOZE_PROMPT_MANY
        return {"type": "cloze", "prompt": prompt, "text": text, "blanks": blanks}

    _multianswer = _cloze
    _match = _matching


def _plain(value: float) -> float | int:
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def ours(weights: list[float]) -> bool:
    """True for the right-choice weights our export writes for Moodle's list of grades."""
    expected = sorted(round(100 * w, 3) for w in multiple_weights(len(weights))[0])
    return sorted(round(w, 3) for w in weights) == expected
