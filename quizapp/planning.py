"""Choose and order the questions of a new attempt. Pure: no Flask, no database."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    id: int
    tags: tuple[str, ...] = ()


def plan_questions(
    candidates: Sequence[Candidate],
    *,
    seed: str,
    shuffle: bool = False,
    draw: int | None = None,
    tags: Sequence[str] = (),
) -> list[int]:
    """Return the question ids to ask, in order; the same seed gives the same plan."""
    pool = list(candidates)
    if tags:
        wanted = set(tags)
        pool = [c for c in pool if wanted.intersection(c.tags)]
    rng = random.Random(seed)
    if draw is not None and draw < len(pool):
        chosen = set(rng.sample(range(len(pool)), draw))
        pool = [c for i, c in enumerate(pool) if i in chosen]
    ids = [c.id for c in pool]
    if shuffle:
        rng.shuffle(ids)
    return ids


def weakest_tag(results: Sequence[tuple[Sequence[str], float]]) -> str | None:
    """The tag with the lowest mean score among (tags, fraction) results, if below full marks.

    Ties go to the tag seen on more questions, then alphabetically, so the choice is stable.
    """
    totals: dict[str, list[float]] = {}
    for tags, fraction in results:
        for tag in tags:
            totals.setdefault(tag, []).append(fraction)
    if not totals:
        return None
    tag, scores = min(totals.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), -len(kv[1]), kv[0]))
    return tag if sum(scores) / len(scores) < 1 else None
