"""Bank files for the benchmarks: a 20-question bank to answer, a 10,000-question one to import."""

from __future__ import annotations

from pathlib import Path

HEADER = """\
id: {slug}
title: {title}
source:
  title: The benchmark text
  author: Bench Author
  published: 2024-01-06
questions:
"""


def question(number: int) -> str:
    """One question in block style; the types alternate as in a real bank."""
    kind = number % 4
    head = f"  - id: q{number}\n    source: {number % 12 + 1}\n    tags: [part{number % 5}]\n"
    if kind == 0:
        return head + (
            "    type: true_false\n"
            f"    prompt: Statement number {number} about the text is true.\n"
            f"    explanation: The text says so in paragraph {number % 12 + 1}.\n"
            "    answer: true\n"
        )
    if kind == 1:
        return head + (
            "    type: single\n"
            f"    prompt: Which of these answers to question {number} is right?\n"
            "    explanation: The first answer is the one the text gives.\n"
            "    choices:\n"
            "      - text: The first answer\n"
            "        correct: true\n"
            "      - text: The second answer\n"
            "        feedback: The text says otherwise.\n"
            "      - text: The third answer\n"
            "      - text: The fourth answer\n"
        )
    if kind == 2:
        return head + (
            "    type: short\n"
            f"    prompt: Which word completes sentence {number}?\n"
            "    explanation: It is the word the text uses.\n"
            "    answers: [coalition, the coalition]\n"
        )
    return head + (
        "    type: numeric\n"
        f"    prompt: How many items does list {number} have?\n"
        "    explanation: Count them in the text.\n"
        f"    answer: {number % 50 + 1}\n"
    )


def write_bank(folder: Path, slug: str, count: int, title: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yaml"
    text = HEADER.format(slug=slug, title=title or f"Benchmark bank of {count} questions")
    path.write_text(text + "".join(question(n) for n in range(1, count + 1)))
    return path


def write_answer_bank(folder: Path) -> Path:
    """20 questions a script can answer: true/false (answer true) and single choice."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = [HEADER.format(slug="bench", title="Benchmark quiz")]
    for number in range(1, 21):
        parts.append(question(4 * number if number % 2 else 4 * number + 1))
    path = folder / "bench.yaml"
    path.write_text("".join(parts))
    return path
