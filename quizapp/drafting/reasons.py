"""Questions on why, on who holds which view, and on who judged what: from cue sentences."""

from __future__ import annotations

import re

from .cues import Cue, find_cue
from .generate import GAP, MAX_CHOICES, Fact, Key, _question, _shuffled
from .lexicon import STOP_WORDS
from .limits import MAX_SENTENCE_CHARS
from .quality import echoes, normalise, visible
from .spans import Span

# A right choice this much longer than a wrong one stands out: learners pick the longest.
LENGTH_RATIO = 1.25
LENGTH_CHARS = 8
ACTOR_PHRASE = re.compile(
    r"\b[Tt]he (?:[A-Z][\w’'-]{1,30} ){0,3}(?:government|coalition|court|council|ministry"
    r"|parliament|army|police|committee|board|agency|union|company|judge|minister|researchers"
    r"|scientists|team|authorities|forces|party|parties|campaigners|residents)\b"
)
OWN_VIEW = {"indicate", "indicates", "highlight", "highlights", "mark", "marks", "the"}
VERBS_AT_END = {
    "said", "says", "stated", "states", "argued", "argues", "maintains", "maintained",
    "claimed", "claims", "insisted", "insists", "believes", "believed", "warned", "warns",
    "announced", "concluded", "found", "showed", "shows", "ruled", "held", "holds",
    "believe", "argue", "think", "thinks", "thought", "expect", "expects", "expected",
}  # fmt: skip
PRONOUNS = {"He": "him", "She": "her", "They": "them"}
PROMPTS = {
    "reason": "According to the article, why? Choose the words that complete the reason it"
    " gives: “{gapped}”",
    "position": "Which view does the article attribute to {speaker}? Choose the words that"
    " complete the sentence: “{gapped}”",
    "author": "Which view does the article state? Choose the words that complete the"
    " sentence: “{gapped}”",
}


def cue_questions(sentences: dict[Key, str], spans: dict[Key, list[Span]]) -> list[dict]:
    """One question from each sentence that states a reason, a position or a judgement."""
    cues = {
        key: cue
        for key, sentence in sentences.items()
        if len(sentence) <= MAX_SENTENCE_CHARS and (cue := find_cue(sentence))
    }
    actors = _actors(sentences, spans, cues)
    clauses = _clauses(sentences)
    questions = []
    for key, cue in cues.items():
        sentence = sentences[key]
        if cue.kind == "judgement":
            pool = actors
        else:
            same = [c.answer for c in cues.values() if c.kind == cue.kind and c.cue == cue.cue]
            pool = same + [c.answer for c in cues.values() if c.kind != "judgement"] + clauses
        wrong = _distractors(cue.answer, pool, sentence)
        elsewhere = any(visible(cue.answer, s) for k, s in sentences.items() if k != key)
        if cue.kind == "judgement" and (len(wrong) < 2 or elsewhere):
            # Ask what was said, not who said it: a judge named all over the article
            # would be given away by every other question that quotes it.
            cue = _verdict(sentence, cue)
            wrong = _distractors(cue.answer, [*clauses, *pool], sentence) if cue else []
        if cue and len(wrong) >= 2:
            questions.append(_question_for(key, sentence, cue, wrong))
    return questions


def _question_for(key: Key, sentence: str, cue: Cue, wrong: list[str]) -> dict:
    texts = _shuffled(cue.answer, wrong, sentence)
    choices = [{"text": t, "correct": True} if t == cue.answer else {"text": t} for t in texts]
    if cue.kind == "judgement":
        thing = cue.thing[:1].lower() + cue.thing[1:] if _common_start(cue.thing) else cue.thing
        prompt = f"According to the article, who {cue.verb} {thing} {cue.phrase}".strip() + "?"
    else:
        gapped = sentence[: cue.start] + GAP + sentence[cue.end :]
        speaker = cue.actor or _speaker(sentence, cue)
        speaker = speaker[0].lower() + speaker[1:] if _common_start(speaker) else speaker
        kind = cue.kind if cue.kind == "reason" or speaker else "author"
        prompt = PROMPTS[kind].format(gapped=gapped, speaker=speaker)
    fact = Fact(Span("name", cue.answer, cue.start, cue.end), key, sentence)
    where = f"From paragraph {key[0]}, sentence {key[1]}: “{sentence}”"
    tags = {"reason": "reasons", "position": "positions", "judgement": "judgements"}
    question = _question("single", prompt, {"choices": choices}, fact, where, ["name"])
    question["tags"] = [tags[cue.kind]]
    return question


def _verdict(sentence: str, cue: Cue) -> Cue | None:
    """The judgement itself as the gap: "called the study _____", asked of its author."""
    words = cue.phrase.split(maxsplit=1)
    verdict = words[1] if len(words) == 2 else cue.thing
    start = sentence.rfind(verdict)
    if start < 0 or len(verdict.split()) < 2:
        return None
    end = start + len(verdict.rstrip(".!?"))
    return Cue("position", start, end, sentence[start:end], cue.verb, cue.actor)


def _common_start(text: str) -> bool:
    first = text.split()[0] if text.split() else ""
    return first in ("The", "A", "An", "This", "That", "These", "Those", "Its", "Their")


def _speaker(sentence: str, cue: Cue) -> str:
    """Who holds the view: the sentence's subject, when a speech or belief verb follows it."""
    if cue.cue.lower().split()[0] in OWN_VIEW:
        return ""  # "the developments indicate ...": the author's reading, not a party's
    head = sentence[: cue.start].rstrip()
    head = head[: -len(cue.cue)] if head.endswith(cue.cue) else head
    parts = [part.strip() for part in head.split(",")]
    subject = parts[-1][4:] if len(parts) > 1 and parts[-1].startswith("and ") else parts[0]
    subject = re.split(r"\s(?:who|which|whose|has|have|had|is|are|was|were)\s", subject)[0]
    subject = re.sub(r"^(?:However|Meanwhile|But|And|Yet)\s+", "", subject.strip())
    if subject in PRONOUNS:
        return PRONOUNS[subject]
    words = subject.split()
    while words and words[-1].lower() in VERBS_AT_END:
        words = words[:-1]
    if not 1 <= len(words) <= 8:
        return ""
    subject = " ".join(words)
    return subject[0].lower() + subject[1:] if _common_start(subject) else subject


def _actors(
    sentences: dict[Key, str], spans: dict[Key, list[Span]], cues: dict[Key, Cue]
) -> list[str]:
    """Everyone the article names who could say or judge something."""
    found: list[str] = [c.actor for c in cues.values() if c.actor]
    for key, sentence in sentences.items():
        if len(sentence) > MAX_SENTENCE_CHARS:
            continue
        found += [m.group(0) for m in ACTOR_PHRASE.finditer(sentence)]
        found += [s.text for s in spans[key] if s.kind in ("person", "org")]
        found += [s.text for s in spans[key] if s.kind == "place" and s.shape == "country"]
    return list(dict.fromkeys(found))


def _clauses(sentences: dict[Key, str]) -> list[str]:
    """Every clause of 4 to 16 words in the article: wrong options of last resort."""
    found = []
    for sentence in sentences.values():
        if len(sentence) <= MAX_SENTENCE_CHARS:
            for part in re.split(r"[,;:—–()]", sentence):
                part = part.strip().rstrip(".!?”\"’'")
                first = part.split()[0] if part.split() else ""
                if first.lower() in STOP_WORDS:  # "The crowds grew" reads as "the crowds grew"
                    part = part[:1].lower() + part[1:]
                if 4 <= len(part.split()) <= 16 and part[:1].islower():
                    found.append(part)
    return found


def _distractors(answer: str, pool: list[str], sentence: str) -> list[str]:
    """Up to three texts of the same kind, none in the sentence, none echoing another,
    each about as long as the answer so that length gives nothing away."""
    chosen: list[str] = []
    keys = {normalise(answer).removeprefix("the ")}
    for text in sorted(dict.fromkeys(pool), key=lambda t: abs(len(t) - len(answer))):
        key = normalise(text).removeprefix("the ")
        if key in keys or any(echoes(text, other) for other in [answer, *chosen]):
            continue
        if visible(text, sentence) or _much_longer(answer, text):
            continue
        chosen.append(text)
        keys.add(key)
        if len(chosen) == MAX_CHOICES - 1:
            break
    return chosen


def _much_longer(answer: str, other: str) -> bool:
    return len(answer) >= LENGTH_RATIO * len(other) and len(answer) - len(other) >= LENGTH_CHARS
