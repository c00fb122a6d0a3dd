"""Decide what each capitalised span names, from the cues across the whole article."""

from __future__ import annotations

import re
from collections import defaultdict

from .gazetteer import COMPASS, COUNTRIES, GIVEN_NAMES, REGIONS
from .lexicon import (
    COUNTRY_ACRONYMS,
    EVENT_WORDS,
    HEAD_STOPS,
    NOT_PEOPLE,
    ORG_NOUNS,
    ORG_WORDS,
    PARTICLES,
    PERSON_NOUNS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    SPEECH_VERBS,
)
from .names import ACRONYM, Run
from .spans import Span

STRONG, MEDIUM, WEAK = 3, 2, 1
DEFINED_ACRONYM = re.compile(r"^\s*\(([A-Z][A-Za-z.]*[A-Z]\.?)\)")
APPOSITIVE = re.compile(r"^,\s+(?:a|an)\s+([^,;:.()]*)")
SPEAKER = re.compile(r"^,?\s+(?:" + "|".join(SPEECH_VERBS) + r")\b")
RELATIVE_WHO = re.compile(r"^,\s+(?:who|whose)\b")
LIFESPAN = re.compile(r"^\s+\((?:born|b\.|died|d\.|\d{4}\s*[–-])")
REGNAL = re.compile(r"^(?:[IVX]+|Jr\.?|Sr\.?)$")
PLACE_OF = re.compile(r"\b(?:city|town|village|county|province|region|capital|state) of\s+$")


def classify(runs: list[list[Run]]) -> list[list[Span]]:
    """Turn the runs of every sentence into typed spans, one kind per text per article."""
    flat = [run for sentence in runs for run in sentence]
    aliases: dict[str, set[str]] = defaultdict(set)
    peers: dict[str, set[str]] = defaultdict(set)
    related: dict[str, set[str]] = defaultdict(set)
    nouns: dict[str, set[str]] = defaultdict(set)
    for run in flat:
        _local_cues(run, aliases)
        head = appositive_head(run.after)
        if head:
            nouns[run.text].add(head)
    for sentence in runs:
        _coordination(sentence, peers)
        _appositions(sentence, related)
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for run in flat:
        for kind, weight in run.votes.items():
            totals[run.text][kind] += weight
    for text, others in list(aliases.items()):
        for other in others:
            for kind, weight in list(totals[other].items()):
                totals[text][kind] += weight
    kinds = {text: _decide(votes) for text, votes in totals.items()}
    _surnames(flat, kinds, aliases)
    _short_forms(flat, kinds, aliases, nouns)
    mid_sentence = {run.text for run in flat if not run.initial}
    mid_sentence |= {run.tokens[-1].text for run in flat if len(run.tokens) > 1}
    spans: list[list[Span]] = []
    for sentence in runs:
        found = []
        for run in sentence:
            kind = kinds.get(run.text, "name")
            if not _name_ok(run, kind, mid_sentence):
                continue
            names = {run.text} | aliases.get(run.text, set())
            found.append(
                Span(
                    kind,
                    run.text,
                    run.start,
                    run.end,
                    place_shape(run.text, nouns[run.text]) if kind == "place" else kind,
                    aliases=tuple(sorted(aliases.get(run.text, ()))),
                    peers=_linked(names, peers, kinds, kind),
                    related=_linked(names, related, kinds, None),
                )
            )
        spans.append(found)
    return spans


SHAPES = {
    "water": {
        "river",
        "sea",
        "ocean",
        "lake",
        "bay",
        "gulf",
        "strait",
        "harbour",
        "harbor",
        "channel",
    },
    "land": {"mount", "mountain", "mountains", "hill", "hills", "valley", "canyon", "desert"},
    "island": {"island", "islands", "peninsula"},
    "glacier": {"glacier"},
    "street": {"street", "road", "avenue", "square", "park", "beach"},
    "building": {"bridge", "station", "airport", "castle", "cathedral", "palace", "stadium"},
    "region": {"county", "province", "district", "region", "state", "coast"},
    "country": {"country", "kingdom", "republic", "states"},
}


def place_shape(text: str, nouns: set[str] = frozenset()) -> str:
    """What sort of place: a country's distractors are countries, a river's are rivers."""
    lower = text.lower().removeprefix("the ").replace(".", "")
    if lower in COUNTRIES:
        return "country"
    words = lower.split()
    for shape, markers in SHAPES.items():
        if words[-1] in markers or nouns & markers:
            return shape
    for shape, markers in SHAPES.items():
        if len(words) > 1 and words[0] in markers - {"harbour", "harbor", "park", "bay"}:
            return shape  # "Lake Baikal", "Mount Kenya", "River Tamar"
    if lower in REGIONS or any(word in COMPASS for word in words):
        return "region"
    return "local"


def _linked(
    names: set[str], links: dict[str, set[str]], kinds: dict[str, str], kind: str | None
) -> tuple[str, ...]:
    found = {other for name in names for other in links.get(name, ())}
    return tuple(sorted(o for o in found - names if kind is None or kinds.get(o) == kind))


def _local_cues(run: Run, aliases: dict[str, set[str]]) -> None:
    words = run.words
    last = words[-1]
    if " ".join(words).removeprefix("the ") in COUNTRIES:
        run.vote("place", STRONG)
    if last in PLACE_WORDS:
        run.vote("place", STRONG)
    elif any(w in ORG_WORDS for w in words):
        run.vote("org", STRONG)
    elif any(w in PLACE_WORDS for w in words[:-1]) and len(words) > 1:
        run.vote("place", MEDIUM)
    if len(run.tokens) == 1 and ACRONYM.match(run.text):
        plain = run.text.replace(".", "")
        run.vote("place" if plain in COUNTRY_ACRONYMS else "org", MEDIUM)
    defined = DEFINED_ACRONYM.match(run.after)
    if defined and len(run.tokens) > 1:
        acronym = defined.group(1)
        aliases[run.text].add(acronym)
        aliases[acronym].add(run.text)
        if not run.votes:
            run.vote("org", MEDIUM)
    if run.title:
        run.vote("person", STRONG)
    if 1 < len(words) < 4 and words[0] in GIVEN_NAMES:
        run.vote("person", STRONG)
    if run.before_word() == "by" and not run.votes:
        run.vote("person", WEAK)
    if SPEAKER.match(run.after) or LIFESPAN.match(run.after):
        run.vote("person", MEDIUM)
    if RELATIVE_WHO.match(run.after):
        run.vote("person", WEAK)
    kind = _noun_kind(appositive_head(run.after) or "")
    if kind:
        run.vote(kind, MEDIUM)
    if run.before_word() in PLACE_PREPOSITIONS and not EVENT_WORDS & set(words):
        run.vote("place", WEAK)
    if PLACE_OF.search(run.sentence[: run.start]):
        run.vote("place", MEDIUM)
    particle = any(
        t.text in PARTICLES or re.match(r"^(?:al|el|Al|El)-", t.text) for t in run.tokens
    )
    if particle and len(run.tokens) > 1:
        run.vote("person", WEAK)


def appositive_head(after: str) -> str | None:
    """The noun that says what X is in "X, a retired army surveyor, ...": 'surveyor'."""
    match = APPOSITIVE.match(after)
    if not match:
        return None
    phrase: list[str] = []
    for word in re.findall(r"[\w’'-]+", match.group(1))[:6]:
        if word.lower() in HEAD_STOPS:
            break
        phrase.append(word.lower())
    return phrase[-1] if phrase else None


def _noun_kind(noun: str) -> str | None:
    if noun in ORG_NOUNS:
        return "org"
    if noun in PLACE_NOUNS:
        return "place"
    endings = ("ist", "ian", "er", "or", "ess")
    if noun in PERSON_NOUNS or (
        len(noun) > 4 and noun.endswith(endings) and noun not in NOT_PEOPLE
    ):
        return "person"
    return None


def _coordination(sentence: list[Run], peers: dict[str, set[str]]) -> None:
    """'in Iraq and Syria': a name joined by 'and' to a cued place is a place too."""
    for left, right in zip(sentence, sentence[1:], strict=False):
        between = left.sentence[left.end : right.start]
        if not re.fullmatch(r",?\s+(?:and|or)\s+(?:[a-z]+\s+)?|,\s+", between):
            continue
        peers[left.text].add(right.text)
        peers[right.text].add(left.text)
        if left.before_word() in PLACE_PREPOSITIONS and left.votes.get("place"):
            right.vote("place", WEAK)


def _appositions(sentence: list[Run], related: dict[str, set[str]]) -> None:
    """'Harakat al-Nujaba, a faction of the Popular Mobilisation Forces': never swap the two."""
    for index, run in enumerate(sentence):
        appositive = APPOSITIVE.match(run.after)
        if not appositive:
            continue
        clause_end = run.end + len(re.split(r"[,;]", run.after[1:], maxsplit=1)[0]) + 1
        for other in sentence[index + 1 :]:
            if other.start < clause_end:
                related[run.text].add(other.text)
                related[other.text].add(run.text)


def _decide(votes: dict[str, int]) -> str:
    if not votes:
        return "name"
    order = ("org", "place", "person")
    return max(order, key=lambda kind: (votes.get(kind, 0), -order.index(kind)))


def _surnames(flat: list[Run], kinds: dict[str, str], aliases: dict[str, set[str]]) -> None:
    """'Al-Sudani' after 'Mohammed Shia Al-Sudani' is the same person."""
    people = [run.text for run in flat if kinds.get(run.text) == "person"]
    claimed: set[str] = set()
    for person in dict.fromkeys(people):  # in article order: the first Ferreira keeps it
        parts = person.split()
        if len(parts) < 2 or parts[-1] in claimed or REGNAL.match(parts[-1]):
            continue
        surname = parts[-1]
        claimed.add(surname)
        if kinds.get(surname) in (None, "name", "person"):
            kinds[surname] = "person"
            aliases[surname].add(person)
            aliases[person].add(surname)


def _short_forms(
    flat: list[Run], kinds: dict[str, str], aliases: dict[str, set[str]], nouns: dict[str, set[str]]
) -> None:
    """'the Douro' after 'the Douro River' is the same river."""
    texts = {run.text for run in flat}
    natural = SHAPES["water"] | SHAPES["land"] | SHAPES["glacier"] | SHAPES["island"]
    for run in flat:
        words = run.text.split()
        if kinds.get(run.text) != "place" or len(words) < 2 or words[-1].lower() not in natural:
            continue
        short = " ".join(words[:-1])
        if short in texts and kinds.get(short) in ("place", "name"):
            kinds[short] = "place"
            aliases[short].add(run.text)
            aliases[run.text].add(short)
            nouns[short].add(words[-1].lower())


def _name_ok(run: Run, kind: str, mid_sentence: set[str]) -> bool:
    """Keep a name only when it is surely one: not a sentence's first word, not 'Library'."""
    if len(run.tokens) == 1:
        word = run.words[0]
        if word in ORG_WORDS or word in PLACE_WORDS or len(run.text) < 2:
            return False
        if run.initial and run.text not in mid_sentence:
            return False
        return kind != "name" or (not run.split and len(run.text) > 2)
    return kind != "name" or not (run.initial and run.text not in mid_sentence)
