"""Moodle's embedded-answer (cloze) syntax, {1:SHORTANSWER:=a~=b} and {1:MULTICHOICE:=a~b}."""

from __future__ import annotations

import re

_TYPES = {
    "SHORTANSWER": "short",
    "SA": "short",
    "MW": "short",
    "SHORTANSWER_C": "short_c",
    "SAC": "short_c",
    "MWC": "short_c",
    "NUMERICAL": "numeric",
    "NM": "numeric",
}
_CHOICE = re.compile(r"^(MULTICHOICE|MC)(_[VHS]+)?$|^(MCV|MCH|MCS|MCVS|MCHS)$")
_MULTI = re.compile(r"^(MULTIRESPONSE|MR)(_[HS]+)?$|^(MRH|MRS|MRHS)$")
# An unescaped "{" ends the search (Moodle wants it escaped inside an answer, as we write
# it), so a text of "{1:MC:{1:MC:..." costs linear work, not a scan to the end per brace.
EMBEDDED = re.compile(r"\{(\d{0,9}):([A-Z_]{1,40}):((?:\\.|[^\\{}])*)\}")
_ALTERNATIVE = re.compile(r"(?:\\.|[^~\\])+")
_WEIGHT = re.compile(r"^(=|%(-?\d+(?:[.,]\d*)?)%)?")
_SPECIAL = re.compile(r"([\\}~#{])")


class ClozeProblem(ValueError):
    """A blank that our cloze blanks cannot hold."""


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def escape(text: str) -> str:
    """Escape an answer; a leading = or % would otherwise read as a mark or a weight."""
    return re.sub(r"^([=%])", r"\\\1", _SPECIAL.sub(r"\\\1", text))


def read_blank(number: int, kind: str, body: str) -> dict:
    """One embedded answer as our blank; ClozeProblem says why it cannot be one."""
    alternatives = []
    for match in _ALTERNATIVE.finditer(body):
        raw = match.group(0)
        weight_match = _WEIGHT.match(raw)
        marker, percent = weight_match.group(1), weight_match.group(2)
        weight = 100.0 if marker == "=" else float(percent.replace(",", ".")) if percent else 0.0
        rest = raw[weight_match.end() :]
        text = re.split(r"(?<!\\)#", rest, maxsplit=1)[0]
        alternatives.append((weight, _unescape(text).strip()))
    if _MULTI.match(kind):
        raise ClozeProblem(f"blank {number} is multi-response ({kind}), which a blank cannot be")
    right = [text for weight, text in alternatives if weight >= 100]
    if not right:
        raise ClozeProblem(f"blank {number} has no answer worth 100%")
    if _CHOICE.match(kind):
        if len(right) > 1:
            raise ClozeProblem(f"blank {number} has {len(right)} right options; a blank has one")
        return {"options": [text for _, text in alternatives], "answer": right[0]}
    mapped = _TYPES.get(kind)
    if mapped is None:
        raise ClozeProblem(f"blank {number} has the unknown type {kind}")
    if mapped == "numeric":
        exact = []
        for answer in right:
            value, _, tolerance = answer.partition(":")
            try:
                exact_number = not tolerance.strip() or float(tolerance) == 0
            except ValueError:
                exact_number = False
            if not exact_number:
                raise ClozeProblem(
                    f"blank {number} is a number with a tolerance, which a blank cannot hold"
                )
            exact.append(value.strip())
        return {"answers": exact}
    blank: dict = {"answers": right}
    if mapped == "short_c":
        blank["case_sensitive"] = True
    return blank


def write_blank(blank) -> str:
    """Our blank in Moodle's embedded-answer syntax, worth one mark."""
    if hasattr(blank, "options"):
        options = [
            ("=" if option == blank.answer else "") + escape(option) for option in blank.options
        ]
        return "{1:MULTICHOICE:" + "~".join(options) + "}"
    kind = "SHORTANSWER_C" if blank.case_sensitive else "SHORTANSWER"
    return "{1:" + kind + ":" + "~".join("=" + escape(answer) for answer in blank.answers) + "}"
