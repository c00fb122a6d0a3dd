"""The per-process cache of validated questions cannot serve a stale question: it is keyed
by the content digest, and an edit makes a new version with a new digest."""

from __future__ import annotations

import shutil

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.library.sync import sync_folder
from quizapp.models import Answer, Attempt, Question
from tests.helpers.answers import right_form
from tests.helpers.app import APP_BANKS
from tests.helpers.quiz import spec_and_layout, started

OLD_PROMPT = "Which city is the capital of France?"
NEW_PROMPT = "Which city has been the seat of the French government since 1871?"
OLD_EXPLANATION = "Paris has been the capital for centuries."
NEW_EXPLANATION = "The government returned to Paris from Versailles in 1871."


def number_of(app, attempt_id: int, key: str) -> int:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        keys = [db.session.get(Question, i).key for i in attempt.question_ids]
    return keys.index(key) + 1


def capital_versions(app) -> list[Question]:
    with app.app_context():
        rows = db.session.scalars(
            select(Question).where(Question.key == "capital").order_by(Question.id)
        ).all()
        # Warm the cache for every version, as serving them would.
        assert all(row.spec is row.spec for row in rows)
        return [(row.id, row.digest, row.spec.prompt) for row in rows]


def test_an_edited_question_is_served_new_while_old_answers_keep_theirs(
    app, client, learner, tmp_path
):
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(APP_BANKS / "sample.yaml", folder / "sample.yaml")
    with app.app_context():
        sync_folder(folder)
    old_attempt = started(learner)
    number = number_of(app, old_attempt, "capital")
    spec, layout = spec_and_layout(app, old_attempt, number)
    assert spec.prompt == OLD_PROMPT  # the old version is now in this process's cache
    learner.answer(old_attempt, number, right_form(spec, layout))
    assert OLD_EXPLANATION in client.get(f"/attempts/{old_attempt}/{number}").text

    path = folder / "sample.yaml"
    text = (
        path.read_text().replace(OLD_PROMPT, NEW_PROMPT).replace(OLD_EXPLANATION, NEW_EXPLANATION)
    )
    path.write_text(text)
    with app.app_context():
        assert sync_folder(folder).stored == ["sample"]
    (old_id, old_digest, old_prompt), (new_id, new_digest, new_prompt) = capital_versions(app)
    assert old_digest != new_digest
    assert (old_prompt, new_prompt) == (OLD_PROMPT, NEW_PROMPT)

    new_attempt = int(learner.start().headers["Location"].split("/")[2])
    new_number = number_of(app, new_attempt, "capital")
    page = client.get(f"/attempts/{new_attempt}/{new_number}").text
    assert NEW_PROMPT in page and OLD_PROMPT not in page
    spec, layout = spec_and_layout(app, new_attempt, new_number)
    feedback = learner.answer(new_attempt, new_number, right_form(spec, layout), htmx=True)
    assert NEW_EXPLANATION in feedback.text and OLD_EXPLANATION not in feedback.text

    # The old attempt's answer and its review stay with the version that was answered.
    review = client.get(f"/attempts/{old_attempt}/{number}").text
    assert OLD_PROMPT in review and OLD_EXPLANATION in review
    assert NEW_PROMPT not in review and NEW_EXPLANATION not in review
    with app.app_context():
        answers = {
            answer.attempt_id: (answer.question_id, answer.correct)
            for answer in db.session.scalars(select(Answer))
        }
    assert answers == {old_attempt: (old_id, True), new_attempt: (new_id, True)}
