"""Find an answer in its source sentence, for a review page that highlights it."""

from __future__ import annotations

import re

from .lexicon import NUMBER_WORDS


def highlight(sentence: str, answer: str) -> tuple[str, str, str]:
    """Split `sentence` into (before, span, after) around `answer`; ('sentence', '', '') if absent.

    Prefers a whole-word match, ignores case, and matches a number however it is grouped
    ("2500" finds "2,500").
    """
    answer = answer.strip()
    if not answer:
        return sentence, "", ""
    patterns = [
        rf"(?<![\w-]){re.escape(answer)}(?![\w-])",
        re.escape(answer),
    ]
    number = re.fullmatch(r"(\d+)(?:\.0+)?", answer.replace(",", "").replace(" ", ""))
    if number:
        digits = number.group(1)
        grouped = r"[,\s]?".join(re.escape(d) for d in digits)
        patterns.insert(1, rf"(?<![\d.,]){grouped}(?![\d]|[.,]\d)")
        words = [word for word, value in NUMBER_WORDS.items() if value == int(digits)]
        patterns += [rf"\b{word}\b" for word in words]
    for pattern in patterns:
        match = re.search(pattern, sentence, re.IGNORECASE)
        if match:
            return sentence[: match.start()], match.group(0), sentence[match.end() :]
    return sentence, "", ""
