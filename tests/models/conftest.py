"""Fixtures for the model tests."""

from __future__ import annotations

import pytest

from tests.helpers.served import attempt_keys, started, write_bank


@pytest.fixture
def missed_everything(app, learner):
    """A learner who took the bank while only c was a draft and got every question wrong."""
    write_bank(app, drafts={"c"})
    learner.name("Ada")
    attempt_id = started(learner.start("served"))
    assert attempt_keys(app, attempt_id) == ["a", "b"]
    for number in (1, 2):
        learner.answer(attempt_id, number, {"answer": "1"})  # slot 1: the wrong choice
    # Now the author turns a back into a draft: it must disappear from every path.
    write_bank(app, drafts={"a", "c"})
    return attempt_id
