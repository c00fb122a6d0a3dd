"""Sentences that carry a reason, a position or a judgement, found by cue words.

Each pattern is bounded and anchored on a cue word, so a sentence costs linear work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REASON = re.compile(
    r"\b(?:because(?: of)?|due to|as a result of|in response to|in the wake of|(?:a )?reaction to"
    r"|influenced by|driven by|caused by|prompted by|in order to|so as to|so that|aimed at"
    r"|(?:mission|effort|bid|attempt) to"
    r"|(?:formed|created|founded|built|established|designed|intended|meant|sent|deployed)"
    r"\b[^,.;]{0,60}?\bto)\s",
    re.IGNORECASE,
)
POSITION = re.compile(
    r"\b(?:(?:said|says|stated|states|argued|argues|argue|maintains|maintained|claimed|claims"
    r"|believe|think|thinks|thought|expect|expects|expected"
    r"|insisted|insists|believes|believed|warned|warns|announced|concluded|found|showed"
    r"|shows|suggests|suggested|ruled|held|holds)(?: that)?|(?:position|stance) on"
    r"|the view that|opposed to|in favour of|in favor of|indicates?|highlights?|marks? a)\s",
    re.IGNORECASE,
)
JUDGEMENT_VERBS = (
    "condemned|described|called|labelled|labeled|branded|criticised|criticized|praised"
    "|denounced|accused|justified|defended|dismissed|hailed"
)
# "X has been condemned by the Iraqi government as an act of aggression"
PASSIVE = re.compile(
    r"^(?P<thing>.{3,300}?)\s+(?:has been|have been|had been|was|were|is|are)\s+"
    rf"(?P<verb>{JUDGEMENT_VERBS})\s+by\s+(?P<actor>[^,;:]{{2,80}}?)\s+(?P<link>as|of|for)\s+"
    r"(?P<phrase>[^;:]{2,200}?)[.!?]?[”\"’']?$"
)
# "The judge described the policy as unlawful"
ACTIVE = re.compile(
    rf"\b(?P<verb>{JUDGEMENT_VERBS})\s+(?P<thing>[^,;:]{{2,120}}?)\s+(?P<link>as|of|for)\s+"
    r"(?P<phrase>[^;:,]{2,200}?)[.!?]?[”\"’']?(?:$|,)"
)
# "Shelter called it a victory for tenants": a judgement with no "as"
NAMED_AS = re.compile(
    r"\b(?P<verb>called|branded|labelled|labeled|deemed|declared)\s+(?P<thing>[^,;:]{3,160}?)"
    r"[.!?]?[”\"’']?(?:$|,)"
)
CLAUSE_END = re.compile(r"[,;:—–(]")
MAX_TAIL_WORDS = 16
CONJUNCTION = re.compile(r"\s(?:and|but|while|which|who|whereas)\s")


@dataclass(frozen=True)
class Cue:
    """What a sentence says about why, who thinks what, or who judged what."""

    kind: str  # "reason", "position" or "judgement"
    start: int  # where the gap starts in the sentence
    end: int  # where it ends
    answer: str  # the words in the gap
    cue: str  # the cue words before the gap
    actor: str = ""  # a judgement's author
    verb: str = ""
    thing: str = ""
    phrase: str = ""


def find_cue(sentence: str) -> Cue | None:
    """The first reason, position or judgement the sentence states, or None."""
    judged = judgement(sentence)
    if judged:
        return judged
    found = []
    for kind, pattern in (("reason", REASON), ("position", POSITION)):
        found += [(match.start(), kind, match) for match in pattern.finditer(sentence)]
    found.sort(key=lambda item: item[0])
    for index, (_, kind, match) in enumerate(found):
        cue = _tail(sentence, kind, match)
        # "stated his position on X": the later cue inside this one's clause is the sharper.
        inside = index + 1 < len(found) and cue is not None and found[index + 1][0] < cue.end
        if cue and not inside:
            return cue
    return None


def _tail(sentence: str, kind: str, match: re.Match[str]) -> Cue | None:
    """The clause after the cue, up to a comma or a joined clause, as the gap."""
    start = match.end()
    rest = sentence[start : start + 400]
    stop = CLAUSE_END.search(rest)
    clause = _trim(rest[: stop.start()] if stop else rest)
    if len(clause.split()) > MAX_TAIL_WORDS:  # too long: try ending at "and", "which"...
        joins = [j.start() for j in CONJUNCTION.finditer(clause)]
        clause = next((_trim(clause[:j]) for j in joins if len(clause[:j].split()) >= 3), "")
    if not 3 <= len(clause.split()) <= MAX_TAIL_WORDS or "[[" in clause:
        return None
    return Cue(kind, start, start + len(clause), clause, match.group(0).strip())


def _trim(text: str) -> str:
    return text.rstrip().rstrip(".!?”\"’'").rstrip()


def judgement(sentence: str) -> Cue | None:
    """ "X was condemned by Y as Z" or "Y described X as Z": the gap is Y, the judge."""
    passive = PASSIVE.match(sentence)
    if passive:
        actor = passive.group("actor").strip()
        start = passive.start("actor")
        return Cue(
            "judgement",
            start,
            start + len(actor),
            actor,
            "by",
            actor,
            passive.group("verb"),
            passive.group("thing").strip(),
            f"{passive.group('link')} {passive.group('phrase').strip()}",
        )
    active = ACTIVE.search(sentence) or NAMED_AS.search(sentence)
    if active:
        subject = _subject(sentence[: active.start()])
        start = sentence.find(subject)
        if subject and start >= 0:
            return Cue(
                "judgement",
                start,
                start + len(subject),
                subject,
                active.group("verb"),
                subject,
                active.group("verb"),
                active.group("thing").strip(),
                _phrase(active),
            )
    return None


def _phrase(match: re.Match[str]) -> str:
    groups = match.groupdict()
    return f"{groups['link']} {groups['phrase'].strip()}" if groups.get("link") else ""


ASIDES = ("who ", "which ", "whose ", "in ", "at ", "on ", "after ", "when ", "later", "also")


def _subject(head: str) -> str:
    """'Dr Amara Osei, who led the survey,' -> 'Dr Amara Osei'; '' when none is clear."""
    parts = [part.strip() for part in head.split(",")]
    parts = [part for part in parts if part and not part.lower().startswith(ASIDES)]
    if not parts:
        return ""
    words = parts[0].split()
    return parts[0] if 1 <= len(words) <= 6 else ""
