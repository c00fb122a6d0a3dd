"""Moodle's embedded-answer (cloze) syntax, {1:SHORTANSWER:=a~=b} and {1:MULTICHOICE:=a~b}.

Read as strictly as Moodle's own qtype_multianswer: an answer ends at the first ~, # or }
not preceded by a backslash (or by & in an entity), and only \\} and \\# are unescaped, after
HTML entities are decoded. So we write special characters as entities, which Moodle decodes.
"""

from __future__ import annotations

import html
import re

_TYPES = {
    **dict.fromkeys(("SHORTANSWER", "SA", "MW"), "short"),
    **dict.fromkeys(("SHORTANSWER_C", "SAC", "MWC"), "short_c"),
    **dict.fromkeys(("NUMERICAL", "NM"), "numeric"),
}
_CHOICE = frozenset(
    [
        "MULTICHOICE",
        "MC",
        "MULTICHOICE_V",
        "MCV",
        "MULTICHOICE_H",
        "MCH",
        "MULTICHOICE_S",
        "MCS",
        "MULTICHOICE_VS",
        "MCVS",
        "MULTICHOICE_HS",
        "MCHS",
    ]
)
_MULTI = frozenset(["MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH", "MULTIRESPONSE_S", "MRS"])
_MULTI |= {"MULTIRESPONSE_HS", "MRHS"}
# An unescaped "{" ends the search (Moodle wants it escaped inside an answer, as we write
# it), so a text of "{1:MC:{1:MC:..." costs linear work, not a scan to the end per brace.
EMBEDDED = re.compile(r"\{(\d{0,9}):([A-Z_]{1,40}):((?:\\.|[^\\{}])*)\}")
_ALTERNATIVE = re.compile(r"(?:\\.|[^~\\])+")
_WEIGHT = re.compile(r"^(=|%(-?\d+(?:[.,]\d*)?)%)?")
_ANSWER_END = re.compile(r"(?<![\\&])#")
# Moodle's NUMBER_REGEX with an optional :tolerance
_NUMBER = r"-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"
_NUMERICAL = re.compile(rf"^({_NUMBER})(?::({_NUMBER}))?$")
_ENTITIES = {"&": "&amp;", "~": "&#126;", "#": "&#35;", "}": "&#125;", "{": "&#123;"}
_ENTITIES["\\"] = "&#92;"
_WILDCARD = re.compile(r"(?<!\\)\*")  # Moodle's short answers: \* is a literal star


class ClozeProblem(ValueError):
    """A blank Moodle refuses ("error") or that our blanks cannot hold ("skipped")."""

    def __init__(self, message: str, level: str = "skipped"):
        super().__init__(message)
        self.level = level


def _unescape(text: str) -> str:
    """What Moodle makes of an answer: entities decoded, then \\} and \\# unescaped."""
    return html.unescape(text).replace("\\}", "}").replace("\\#", "#")


def escape(text: str) -> str:
    """An answer as entities Moodle decodes; a leading = or % would read as a mark or weight."""
    out = []
    for index, char in enumerate(text):
        if char in "}#" and index and text[index - 1] == "\\":
            # Moodle turns \} into } after decoding entities, so the backslash before it
            # (written &#92;) needs a \} of its own: &#92;\} reads back as \}.
            out.append("\\" + char)
        else:
            out.append(_ENTITIES.get(char, char))
    return re.sub(r"^=", "&#61;", re.sub(r"^%", "&#37;", "".join(out)))


def _alternatives(body: str) -> list[tuple[float, str, str]]:
    """(weight percent, answer, feedback) for each ~-separated alternative."""
    out = []
    for match in _ALTERNATIVE.finditer(body):
        raw = match.group(0)
        weight_match = _WEIGHT.match(raw)
        marker, percent = weight_match.group(1), weight_match.group(2)
        weight = 100.0 if marker == "=" else float(percent.replace(",", ".")) if percent else 0.0
        answer, _, feedback = _ANSWER_END.sub("\0", raw[weight_match.end() :], count=1).partition(
            "\0"
        )
        out.append((weight, _unescape(answer).strip(), _unescape(feedback).strip()))
    return out


def read_blank(number: int, kind: str, body: str) -> tuple[dict, list[str]]:
    """One embedded answer as our blank and what it leaves out; ClozeProblem if it cannot be."""
    alternatives = _alternatives(body)
    if kind in _MULTI:
        raise ClozeProblem(f"blank {number} is multi-response ({kind}), which a blank cannot be")
    if kind not in _CHOICE and kind not in _TYPES:
        raise ClozeProblem(f"blank {number} has the unknown type {kind}")
    if kind in _CHOICE and len(alternatives) < 2:
        raise ClozeProblem(f"blank {number} is a drop-down with fewer than 2 options", "error")
    right = [text for weight, text, _ in alternatives if weight == 100]
    if not right:
        raise ClozeProblem(f"blank {number} has no answer worth 100%", "error")
    notes = [
        f"blank {number}: feedback on {text!r} is not kept"
        for _, text, feedback in alternatives
        if feedback
    ]
    if kind in _CHOICE:
        if len(right) > 1:
            raise ClozeProblem(f"blank {number} has {len(right)} right options; a blank has one")
        notes += [
            f"blank {number}: partial credit ({weight:g}%) for {text!r} is not kept"
            for weight, text, _ in alternatives
            if 0 < weight < 100
        ]
        return {"options": [text for _, text, _ in alternatives], "answer": right[0]}, notes
    notes += [
        f"blank {number}: answer {text!r} ({weight:g}%) is not kept: only answers worth 100% are"
        for weight, text, _ in alternatives
        if weight != 100
    ]
    if _TYPES[kind] == "numeric":
        return {"answers": [_exact_number(number, answer) for answer in right]}, notes
    notes += [
        f"blank {number}: the * wildcard in {text!r} is kept as written; it matches no other"
        " text here"
        for text in right
        if _WILDCARD.search(text)
    ]
    blank: dict = {"answers": [text.replace("\\*", "*") for text in right]}
    if _TYPES[kind] == "short_c":
        blank["case_sensitive"] = True
    return blank, notes


def _exact_number(number: int, answer: str) -> str:
    match = _NUMERICAL.match(answer)
    if answer != "*" and match is None:
        raise ClozeProblem(
            f"blank {number} is NUMERICAL but {answer!r} is not a number (Moodle refuses it)",
            "error",
        )
    if match is None or (match.group(2) and float(match.group(2).replace(",", ".")) != 0):
        raise ClozeProblem(f"blank {number} is a number with a tolerance; a blank cannot hold it")
    return match.group(1)


def write_blank(blank) -> str:
    """Our blank in Moodle's embedded-answer syntax, worth one mark."""
    if hasattr(blank, "options"):
        options = [
            ("=" if option == blank.answer else "") + escape(option) for option in blank.options
        ]
        return "{1:MULTICHOICE:" + "~".join(options) + "}"
    kind = "SHORTANSWER_C" if blank.case_sensitive else "SHORTANSWER"
    # A short-answer blank reads * as a wildcard; \* is a literal star.
    answers = ["=" + escape(answer).replace("*", "\\*") for answer in blank.answers]
    return "{1:" + kind + ":" + "~".join(answers) + "}"
