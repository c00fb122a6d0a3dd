"""The checks a converted bank file passes before anything is written: size, then the schema."""

from __future__ import annotations

import math

from pydantic import ValidationError

from quizapp.banks.loader import MAX_BYTES
from quizapp.banks.schema import Bank

from .common import Note, explain_validation


def bank_file_problems(data: bytes, bank: dict) -> list[Note]:
    """Why the bank file `data`, written from `bank`, would not load in the app; [] if it would.

    The bank loader's limits (quizapp.banks.loader.MAX_BYTES) and schema. The schema is
    checked on the dict the file was written from: reading 5 MiB of YAML back costs more
    than converting it (tests read our YAML back with the loader itself).
    """
    if len(data) > MAX_BYTES:
        parts = math.ceil(len(data) / MAX_BYTES)
        return [
            Note(
                0,
                f"the bank would be {len(data) / 2**20:.1f} MiB, and a bank may be at most"
                f" {MAX_BYTES // 2**20} MiB: nothing was written; split the input into at"
                f" least {parts} files and convert each",
            )
        ]
    try:
        Bank.model_validate(bank)
    except ValidationError as error:
        return [Note(0, f"the bank does not validate: {explain_validation(error)}")]
    return []
