"""Hostile input: a long line of openers costs the converters linear work, not quadratic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from quizapp.convert import import_bank
from tests.helpers.convert import TODAY

REPO = Path(__file__).resolve().parents[2]
# A second or two here; the old patterns took over twenty minutes on these texts.
BOUND_SECONDS = 120

SCRIPT = """
import datetime as dt
from quizapp.convert import import_bank
gift = "// " + "[id:" * 50_000 + "\\n::q1:: Pick one {=yes ~no}\\n"
cloze = "Pick " + "{1:MC:" * 30_000
xml = (
    '<?xml version="1.0"?><quiz><question type="cloze"><name><text>c</text></name>'
    f'<questiontext format="html"><text>{cloze}</text></questiontext></question></quiz>'
)
today = dt.date(2024, 1, 6)
for data, fmt in ((gift, "gift"), (xml, "moodle-xml")):
    result = import_bank(data.encode(), fmt, name="hostile", today=today)
    print(fmt, len(result.bank.get("questions", [])) + len(result.notes) > 0)
"""


def test_long_lines_of_openers_convert_in_bounded_work():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
        check=True,
    )
    # Each file is either converted or refused with a note (a prompt this long is refused).
    assert done.stdout.split() == ["gift", "True", "moodle-xml", "True"]


def test_an_escaped_brace_still_belongs_to_the_cloze_answer():
    xml = (
        '<?xml version="1.0"?><quiz><question type="cloze"><name><text>c</text></name>'
        '<questiontext format="html"><text>Write {1:SHORTANSWER:=a\\{b}</text>'
        "</questiontext></question></quiz>"
    )
    result = import_bank(xml.encode(), "moodle-xml", name="braces", today=TODAY)
    (question,) = result.bank["questions"]
    # One blank, not cut at the brace; Moodle shows "\{" as written, and so do we.
    assert question["blanks"][0]["answers"] == ["a\\{b"]
