"""A bank with a draft in it, written to the test app's bank folder, and its attempts."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

BANK = """\
id: served
title: Served rule
source: {{title: A text, author: An Author, published: 2024-01-06}}
questions:
{questions}
"""


QUESTION = """\
  - id: {key}
    type: single
    prompt: Question {key}?
    explanation: Because.
    source: 1
    draft: {draft}
    choices:
      - text: Right {key}
        correct: true
      - text: Wrong {key}
"""


def write_bank(app, drafts: set[str]) -> None:
    """Write the bank with questions a, b, c (those in `drafts` marked draft) and import it."""
    from quizapp.library.sync import sync_folder

    questions = "".join(
        QUESTION.format(key=key, draft="true" if key in drafts else "false") for key in "abc"
    )
    folder = Path(app.config["QUESTIONS_DIR"])
    (folder / "served.yaml").write_text(BANK.format(questions=questions))
    with app.app_context():
        report = sync_folder(folder)
        assert not report.problems


def attempt_keys(app, attempt_id: int) -> list[str]:
    from quizapp.extensions import db
    from quizapp.models import Attempt, Question

    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        rows = db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids)))
        return sorted(row.key for row in rows)


def started(response) -> int:
    assert response.status_code == 303, response.status_code
    return int(re.search(r"/attempts/(\d+)", response.headers["Location"]).group(1))
