"""Capitalised spans in a sentence: people, organisations, places and other names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import (
    ADJECTIVAL,
    ADJECTIVAL_ENDINGS,
    COMMON_CAPITALISED,
    COUNTRY_ACRONYMS,
    MONTHS,
    ORG_WORDS,
    PARTICLES,
    PLACE_WORDS,
    STOP_WORDS,
    TITLES,
    WEEKDAYS,
)

LEAD = "“\"‘'([{«"
TRAIL = "”\"’',;:!?)]}».…"
CONNECTORS = {"of", "for", "the", "and", "&", "on"}
ABBREVIATION = re.compile(r"^(?:(?:[A-Z]\.){2,}|[A-Z]\.|(?:Dr|Mr|Mrs|Ms|St|Jr|Sr|Prof|Gen)\.)$")
ACRONYM = re.compile(r"^(?:[A-Z]{2,6}|(?:[A-Z]\.){2,4})$")


@dataclass
class Token:
    text: str
    start: int
    end: int
    lead: bool
    trail: bool
    index: int
    kind: str = ""  # "name", "join" or "" (breaks a run)


@dataclass
class Run:
    """A candidate name: consecutive capitalised tokens with the words around them."""

    tokens: list[Token]
    sentence: str
    title: bool = False
    split: bool = False  # cut off a bare title at "of": "President of | France"
    votes: dict[str, int] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def text(self) -> str:
        return self.sentence[self.start : self.end]

    @property
    def words(self) -> list[str]:
        return [t.text.lower().rstrip(".") for t in self.tokens]

    @property
    def initial(self) -> bool:
        return self.tokens[0].index == 0

    @property
    def after(self) -> str:
        return self.sentence[self.end : self.end + 120]

    def before_word(self) -> str:
        words = re.findall(r"[\w’'-]+", self.sentence[: self.start])
        while words and words[-1].lower() in ("the", "a", "an"):
            words.pop()
        return words[-1].lower() if words else ""

    def vote(self, kind: str, weight: int) -> None:
        self.votes[kind] = self.votes.get(kind, 0) + weight


def tokenize(sentence: str, taken: list[tuple[int, int]]) -> list[Token]:
    tokens: list[Token] = []
    for index, match in enumerate(re.finditer(r"\S+", sentence)):
        raw, start = match.group(0), match.start()
        core = raw.lstrip(LEAD)
        lead = len(core) != len(raw)
        start += len(raw) - len(core)
        stripped = core.rstrip(TRAIL)
        if core.endswith(".") and ABBREVIATION.match(stripped + "."):
            stripped += "."
        possessive = re.search(r"[’']s?$", stripped) if stripped[:-1].strip("’'") else None
        if possessive and (possessive.group(0) != "'" or stripped.endswith("s'")):
            stripped = stripped[: possessive.start()]
        trail = stripped != core
        if not stripped:
            continue
        token = Token(stripped, start, start + len(stripped), lead, trail, index)
        if any(not (token.end <= a or token.start >= b) for a, b in taken):
            token.kind = ""
        elif _is_name(stripped):
            token.kind = "name"
        elif stripped in PARTICLES or stripped in CONNECTORS:
            token.kind = "join"
        tokens.append(token)
    return tokens


def _is_name(word: str) -> bool:
    if not word[:1].isupper() and not re.match(r"^[a-z]{1,4}-[A-Z]", word):
        return False
    lower = word.lower().rstrip(".")
    if ACRONYM.match(word) and (lower not in COMMON_CAPITALISED or word in COUNTRY_ACRONYMS):
        return True  # "US" is a country, "IT" in a shouted headline is not a name
    if lower in COMMON_CAPITALISED or lower in MONTHS or lower in WEEKDAYS:
        return False
    parts = word.split("-")
    if parts[0][:1].islower() and parts[0] not in PARTICLES:
        return False
    return all(part[:1].isupper() for part in parts[1:]) and any(c.isalpha() for c in word)


def find_runs(sentence: str, taken: list[tuple[int, int]]) -> list[Run]:
    """Maximal capitalised runs, titles stripped, split at 'and'."""
    tokens = tokenize(sentence, taken)
    runs: list[Run] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        starts = token.kind == "name" or (
            token.text in PARTICLES and _continues(tokens, i) and not token.trail
        )
        if not starts:
            i += 1
            continue
        members = [token]
        while not members[-1].trail and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt.lead or not nxt.kind:
                break
            if nxt.kind == "join" and not (not nxt.trail and _continues(tokens, i + 1)):
                break
            members.append(nxt)
            i += 1
        i += 1
        runs.extend(_parts(members, sentence))
    return [run for run in runs if not _adjectival(run)]


def _continues(tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].kind == "name" and not tokens[i + 1].lead


def _parts(members: list[Token], sentence: str) -> list[Run]:
    """Strip leading titles and split at "and"; keep "of", "for", "the" inside a name."""
    if all(_title(t) or t.kind == "join" for t in members):
        return []
    title = False
    while len(members) > 1 and _title(members[0]) and not _lexical(members[-1:]):
        members = members[1:]
        title = True
    groups: list[list[Token]] = [[]]
    for token in members:
        if token.text == "and":
            groups.append([])
        else:
            groups[-1].append(token)
    runs = []
    for number, group in enumerate(groups):
        segments: list[list[Token]] = [[]]
        connectors: list[Token] = []
        for token in group:
            if token.text in CONNECTORS - {"&"}:
                connectors.append(token)
                segments.append([])
            else:
                segments[-1].append(token)
        # "Bank of England", "Battle of Hastings", "William the Conqueror" stay whole: a part
        # of them alone would be a fragment. Only a bare title splits off ("President of X").
        pieces = [segments[0]]
        fragile = False
        for connector, segment in zip(connectors, segments[1:], strict=True):
            if pieces[-1] and not all(_title(t) for t in pieces[-1]):
                pieces[-1] = [*pieces[-1], connector, *segment]
            else:
                fragile = True
                pieces.append(segment)
        for position, piece in enumerate(pieces):
            while piece and piece[0].kind == "join" and piece[0].text not in PARTICLES:
                piece = piece[1:]
            while piece and piece[-1].kind == "join":
                piece = piece[:-1]
            if piece and not all(_title(t) or t.kind == "join" for t in piece):
                runs.append(Run(piece, sentence, title and number == position == 0, fragile))
    return runs


def _title(token: Token) -> bool:
    return token.text.lower().rstrip(".") in TITLES


def _lexical(tokens: list[Token]) -> bool:
    return any(t.text.lower() in ORG_WORDS or t.text.lower() in PLACE_WORDS for t in tokens)


def _adjectival(run: Run) -> bool:
    """'Middle Eastern politics', 'Iraqi government', "Shi'ite Muslim armed groups"."""
    last = run.tokens[-1].text
    if last.lower() in ADJECTIVAL:
        return True
    if run.tokens[-1].trail or ACRONYM.match(last) or not last.lower().endswith(ADJECTIVAL_ENDINGS):
        return False
    following = re.match(r"\s+([a-z][\w-]*)", run.after)
    return bool(following) and following.group(1) not in STOP_WORDS
