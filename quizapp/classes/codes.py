"""Join codes for classes: made from letters and digits that cannot be mistaken (no Flask)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

# No I, O, 0 or 1: each is easily read as another.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 8
# Spaces, hyphens and the dashes that word processors put in when a code is pasted.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")


def new_code(choice: Callable[[str], str] = secrets.choice) -> str:
    """Return a random join code."""
    return "".join(choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str) -> str:
    """Read a code as typed: capitals, spaces and dashes do not matter."""
    return _SEPARATORS.sub("", text).upper()


def format_code(code: str) -> str:
    """Show a code in two groups of four, easier to read out and copy."""
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code
