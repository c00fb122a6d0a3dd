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
