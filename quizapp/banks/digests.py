"""Fingerprints of questions and cards, so stored answers notice when a question changes."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel


def question_digest(question: BaseModel) -> str:
    """sha256 of the question's canonical JSON: any change to any field changes it."""
    return _digest(question)


def card_digest(card: BaseModel) -> str:
    """sha256 of the card's canonical JSON: any change to any field changes it."""
    return _digest(card)


def _digest(model: BaseModel) -> str:
    canonical = json.dumps(
        model.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
