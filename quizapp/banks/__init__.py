"""Question banks: YAML loading, validation with file:line errors. No Flask imports here."""

from .digests import card_digest, question_digest
from .loader import (
    FolderResult,
    LoadedBank,
    LoadResult,
    Problem,
    load_bank,
    load_folder,
    validate_paths,
)
from .questions import (
    ClozeQuestion,
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from .schema import QUESTION_TYPES, Bank, Card, Question
from .schemafile import bank_json_schema, write_json_schema

__all__ = [
    "QUESTION_TYPES",
    "Bank",
    "Card",
    "ClozeQuestion",
    "FolderResult",
    "LoadResult",
    "LoadedBank",
    "MatchingQuestion",
    "MultipleQuestion",
    "NumericQuestion",
    "OrderingQuestion",
    "Problem",
    "Question",
    "ShortQuestion",
    "SingleQuestion",
    "TrueFalseQuestion",
    "bank_json_schema",
    "card_digest",
    "load_bank",
    "load_folder",
    "question_digest",
    "validate_paths",
    "write_json_schema",
]
