"""Texts the authoring tests upload and draft from."""

from __future__ import annotations

NEW_BANK = """\
id: planets
title: The planets
source: {title: Our neighbourhood, author: A. Teacher, published: 2024-01-06}
questions:
  - id: largest
    type: single
    prompt: Which planet is the largest?
    explanation: Jupiter is more than twice as massive as all the others together.
    source: 2
    choices:
      - {text: Jupiter, correct: true}
      - {text: Mars}
  - id: rings
    type: true_false
    prompt: Saturn has rings.
    explanation: Its rings are made of ice and rock.
    source: {paragraph: 3, sentence: 1}
    answer: true
cards:
  - id: au
    front: Astronomical unit
    back: The mean distance from the Earth to the Sun.
    source: 4
"""


ARTICLE = """\
Harbour Town Opens a Solar Ferry

By Lena Marsh
June 3, 2024

The Harbour Town Council launched its first solar ferry on Monday. The ferry carries
120 passengers between Harbour Town and Gull Island.

Captain Rosa Delgado said the crossing takes 25 minutes. The ferry cost $2.4 million,
most of it paid by the Coastal Transport Fund.

The old diesel ferry, built in 1987, will be sold to a museum in Portsmouth. About 900
residents use the crossing every day.
"""
