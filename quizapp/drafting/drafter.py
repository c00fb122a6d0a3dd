"""Which facts to ask about, and how: the selection rules over a whole article."""

from __future__ import annotations

from collections import Counter

from .generate import (
    MAX_CHOICES,
    Fact,
    Key,
    cloze_question,
    numeric,
    pool_name,
    single,
    unique_prompts,
)
from .limits import MAX_SENTENCE_CHARS
from .quality import PRIORITY, answerable, echoes, fair_distractor, nearest, spelled_out
from .spans import Span

MAX_PER_SENTENCE = 2  # one more in a sentence of over LONG_SENTENCE words
LONG_SENTENCE = 25
MAX_POOL = 40
# The question types each kind of fact rotates through, so a bank is not all one type.
ROTATION = {
    "quantity": ("numeric", "single"),
    "year": ("numeric", "single", "cloze"),
    "date": ("cloze", "single"),
    "person": ("single", "cloze"),
    "org": ("single", "cloze"),
    "place": ("single", "cloze"),
    "name": ("cloze",),
}


class Drafter:
    """Draft questions from the spans of every sentence of one article."""

    def __init__(self, sentences: dict[Key, str], spans: dict[Key, list[Span]]):
        self.sentences = sentences
        self.spans = spans
        # The first MAX_POOL distinct facts of each kind are the distractors, so the work per
        # question stays bounded however long the article; peers are looked up by name.
        self.pools: dict[str, dict[str, Span]] = {}
        self.named: dict[str, Span] = {}
        for found in spans.values():
            for span in found:
                pool = self.pools.setdefault(pool_name(span), {})
                if len(pool) < MAX_POOL:
                    pool.setdefault(span.key, span)
                self.named.setdefault(span.text, span)
        self.turns: Counter[str] = Counter()
        self._choices: dict[tuple[str, int], list[Span]] = {}

    def questions(self) -> list[dict]:
        asked: Counter[str] = Counter()
        drafted: list[dict] = []
        for paragraph in sorted({p for p, _ in self.sentences}):
            keys = [key for key in self.sentences if key[0] == paragraph]
            count = len(drafted)
            for key in keys:
                drafted += self._sentence(key, asked, strict=True)
            # Every paragraph with a fact gets a question, even on a fact asked before.
            for key in keys if len(drafted) == count else ():
                drafted += self._sentence(key, asked, strict=False)
                if len(drafted) > count:
                    break
        return unique_prompts(drafted)

    def _facts(self, key: Key) -> list[Span]:
        """The spans of a sentence worth a question; none from an unquotable sentence."""
        sentence = self.sentences[key]
        if len(sentence) > MAX_SENTENCE_CHARS or "[[" in sentence:  # "[[" would read as a blank
            return []
        return [s for s in self.spans[key] if answerable(s, sentence)]

    def _sentence(self, key: Key, asked: Counter[str], *, strict: bool) -> list[dict]:
        sentence = self.sentences[key]
        candidates = self._facts(key)
        candidates.sort(key=lambda s: (PRIORITY[s.kind], s.start))
        chosen: list[Span] = []
        limit = MAX_PER_SENTENCE + (len(sentence.split()) > LONG_SENTENCE)
        for span in candidates:
            if len(chosen) == limit:
                break
            if (strict and asked[span.key] >= 1) or any(o.key == span.key for o in chosen):
                continue
            chosen.append(span)
            asked[span.key] += 1
        cloze: list[Span] = []
        questions = []
        for span in sorted(chosen, key=lambda s: s.start):
            kind = self._turn(span, sentence)
            if kind == "cloze":
                # A typed blank accepts one spelling; a drop-down needs two wrong options.
                if len(self._distractors(span, sentence)) >= 2:
                    cloze.append(span)
            elif kind == "numeric":
                questions.append(numeric(Fact(span, key, sentence)))
            else:
                choices = self._distractors(span, sentence)
                questions.append(single(Fact(span, key, sentence), choices))
        if cloze:
            blanks = [(span, self._distractors(span, sentence)) for span in cloze]
            questions.insert(0, cloze_question(key, sentence, blanks))
        return questions

    def _turn(self, span: Span, sentence: str) -> str:
        if spelled_out(span, sentence):
            return "cloze"
        if span.kind == "quantity" and span.text[:1].isalpha():
            return "numeric"  # "three summers": type 3; words make odd choices
        options = [
            kind
            for kind in ROTATION[span.kind]
            if kind != "single" or len(self._distractors(span, sentence)) >= 2
        ]
        turn = options[self.turns[span.kind] % len(options)]
        self.turns[span.kind] += 1
        return turn

    def _distractors(self, span: Span, sentence: str) -> list[Span]:
        key = (sentence, span.start)
        if key not in self._choices:
            self._choices[key] = self._find_distractors(span, sentence)
        return self._choices[key]

    def _find_distractors(self, span: Span, sentence: str) -> list[Span]:
        if span.kind == "name":
            return []
        candidates = dict(self.pools.get(pool_name(span), {}))
        for peer in span.peers:
            other = self.named.get(peer)
            if other is not None and pool_name(other) == pool_name(span):
                candidates.setdefault(other.key, other)
        pool = [o for o in candidates.values() if fair_distractor(span, o, sentence)]
        chosen: list[Span] = []
        for other in nearest(span, pool):
            if all(not echoes(other.text, c.text) for c in chosen):
                chosen.append(other)
            if len(chosen) == MAX_CHOICES - 1:
                break
        return chosen
