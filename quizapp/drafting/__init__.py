"""Draft a question bank from an article, by rule and offline; a teacher reviews every draft."""

from __future__ import annotations

from .draft import DraftError, DraftResult, draft_bank
from .highlight import highlight

__all__ = ["DraftError", "DraftResult", "draft_bank", "highlight"]
