"""Fixtures for the bank tests."""

from __future__ import annotations

import importlib

import pytest
import yaml

from quizapp.banks.schema import Bank
from tests.helpers.content import QUESTIONS, bank_files


def load_banks() -> list[Bank]:
    """Every bank in questions/, through the project's loader when it is there.

    `quizapp.banks.load_folder` reports problems as file:line messages; without it the
    banks are validated directly against the models.
    """
    load_folder = getattr(importlib.import_module("quizapp.banks"), "load_folder", None)
    if load_folder is None:
        return [
            Bank.model_validate(yaml.safe_load(path.read_text("utf-8"))) for path in bank_files()
        ]
    result = load_folder(QUESTIONS)
    problems = [str(problem) for problem in result.problems]
    assert problems == [], "the banks do not load:\n" + "\n".join(problems)
    return [loaded.bank for loaded in result.banks]


@pytest.fixture(scope="module")
def banks() -> list[Bank]:
    return load_banks()
