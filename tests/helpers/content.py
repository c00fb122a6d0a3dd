"""The shipped banks in questions/."""

from __future__ import annotations

from pathlib import Path

from quizapp.config import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "questions"


def bank_files() -> list[Path]:
    return sorted([*QUESTIONS.glob("*.yaml"), *QUESTIONS.glob("*.yml")])
