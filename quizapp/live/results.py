"""A live session's results as CSV rows: one per student, with every answer."""

from __future__ import annotations

from sqlalchemy import select

from ..answering.describe import describe_response
from ..extensions import db
from ..models import Answer, Attempt, LiveAnswer, LiveParticipant, LiveSession, Question, User
from . import game

RESULT_HEADER = [
    "rank",
    "nickname",
    "username",
    "name",
    "ranking_points",
    "score",
    "max_score",
    "answered",
    "right",
]


def result_rows(live: LiveSession):
    """One row per participant: rank, points, score, and their answer to each question."""
    asked = live.question_ids[: live.position + 1] if live.position >= 0 else []
    rows = {
        row.id: row for row in db.session.scalars(select(Question).where(Question.id.in_(asked)))
    }
    people = db.session.execute(
        select(LiveParticipant, User.username, User.display_name, Attempt)
        .join(User, User.id == LiveParticipant.user_id)
        .join(Attempt, Attempt.id == LiveParticipant.attempt_id)
        .where(LiveParticipant.session_id == live.id)
        .order_by(LiveParticipant.joined_at, LiveParticipant.id)
    ).all()
    answers = {}
    for pid, position, correct, response in db.session.execute(
        select(LiveAnswer.participant_id, LiveAnswer.position, LiveAnswer.correct, Answer.response)
        .join(Answer, Answer.id == LiveAnswer.answer_id)
        .where(LiveAnswer.session_id == live.id)
    ):
        answers[(pid, position)] = (correct, response)
    ranked = game.ranks({p.id: p.score for p, *_ in people if not p.removed})
    header = RESULT_HEADER + [f"q{n}" for n in range(1, len(asked) + 1)]
    out = []
    for participant, username, name, attempt in people:
        mine = [answers.get((participant.id, position)) for position in range(len(asked))]
        cells = []
        for position, given in enumerate(mine):
            if given is None:
                cells.append("")
                continue
            spec = rows[asked[position]].spec
            verdict = "right" if given[0] else "wrong"
            cells.append(f"{describe_response(spec, given[1])} ({verdict})")
        out.append(
            [
                ranked.get(participant.id, "removed"),
                participant.nickname,
                username or "",
                name,
                participant.score,
                attempt.score,
                attempt.max_score,
                sum(1 for given in mine if given is not None),
                sum(1 for given in mine if given is not None and given[0]),
                *cells,
            ]
        )
    out.sort(
        key=lambda row: (not isinstance(row[0], int), row[0] if isinstance(row[0], int) else 0)
    )
    return header, out
