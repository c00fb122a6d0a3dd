"""What the projector and the phones show of a live session, read from the database:
once per request for a page, once per process and version for the event streams."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from ..answering.describe import describe_answer, describe_response
from ..answering.layout import Layout
from ..banks.schema import Question as QuestionSpec
from ..extensions import db
from ..models import Answer, LiveAnswer, LiveParticipant, LiveSession, Question
from . import game
from .answers import current_row, layout_of


@dataclass
class Mine:
    """One participant's answer to the current question, in words."""

    text: str
    correct: bool
    partial: bool
    points: int


@dataclass
class Stage:
    """Everything shown about a session at one version: built once, rendered many times."""

    id: int
    pin: str
    state: str
    paused_state: str | None
    position: int
    total: int
    deadline: dt.datetime | None
    remaining_seconds: int | None
    seconds: int
    ranking: bool
    version: int
    bank_title: str
    bank_source: dict
    selection: str
    question: QuestionSpec | None = None
    layout: Layout | None = None
    right_answer: str | None = None
    answer_count: int = 0
    bars: list[game.Bar] = field(default_factory=list)
    answers: dict[int, Mine] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # present participants, join order
    removed: set[int] = field(default_factory=set)
    scores: dict[int, int] = field(default_factory=dict)
    ranks: dict[int, int] = field(default_factory=dict)
    summary: list[dict] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def shown_state(self) -> str:
        return self.paused_state if self.state == "paused" else self.state

    @property
    def bar_max(self) -> int:
        return max([bar.count for bar in self.bars] + [1])

    def leaders(self, limit: int = 5) -> list[tuple[int, str, int, int]]:
        """(rank, nickname, score, participant id), best first."""
        ordered = sorted(self.names, key=lambda pid: (self.ranks.get(pid, 0), self.names[pid]))
        return [(self.ranks[p], self.names[p], self.scores[p], p) for p in ordered[:limit]]


def stage_of(live: LiveSession, now: dt.datetime, *, people: bool = True) -> Stage:
    """Read the session as everyone sees it now.

    Without `people`, the participants, ranks and answer count are read only when the
    stage shows them to a phone (after a reveal): a phone's answer must not cost a read
    of the whole class.
    """
    stage = Stage(
        id=live.id,
        pin=live.pin,
        state=live.state,
        paused_state=live.paused_state,
        position=live.position,
        total=len(live.question_ids),
        deadline=live.deadline,
        remaining_seconds=None,
        seconds=live.seconds_per_question,
        ranking=live.ranking,
        version=live.version,
        bank_title=live.bank.title,
        bank_source=live.bank.source,
        selection=live.selection,
    )
    if live.state == "question" and live.deadline:
        stage.remaining_seconds = max(0, int((live.deadline - now).total_seconds() + 0.999))
    elif live.state == "paused" and live.paused_remaining_ms is not None:
        stage.remaining_seconds = (live.paused_remaining_ms + 999) // 1000
    revealed = live.state in ("revealed", "ended") or live.paused_state == "revealed"
    if people or revealed:
        _people(stage, live)
    else:  # a phone still needs to know whether it was removed
        stage.removed = set(
            db.session.scalars(
                select(LiveParticipant.id).where(
                    LiveParticipant.session_id == live.id, LiveParticipant.removed
                )
            )
        )
    row = current_row(live)
    if row is not None:
        spec = row.spec
        stage.question = spec
        stage.layout = layout_of(spec)
        if people or revealed:
            stage.answer_count = answer_count(live)
        if revealed:
            stage.right_answer = describe_answer(spec)
            _reveal(stage, live, row, spec)
    if live.state == "ended":
        stage.summary = _summary(live)
    return stage


def _people(stage: Stage, live: LiveSession) -> None:
    people = db.session.execute(
        select(
            LiveParticipant.id,
            LiveParticipant.nickname,
            LiveParticipant.removed,
            LiveParticipant.score,
        )
        .where(LiveParticipant.session_id == live.id)
        .order_by(LiveParticipant.joined_at, LiveParticipant.id)
    ).all()
    for pid, nickname, removed, score in people:
        if removed:
            stage.removed.add(pid)
        else:
            stage.names[pid] = nickname
            stage.scores[pid] = score
    stage.ranks = game.ranks(stage.scores)


def answer_count(live: LiveSession) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(LiveAnswer)
        .where(LiveAnswer.session_id == live.id, LiveAnswer.position == live.position)
    )


def _reveal(stage: Stage, live: LiveSession, row: Question, spec: QuestionSpec) -> None:
    rows = db.session.execute(
        select(
            LiveAnswer.participant_id,
            LiveAnswer.correct,
            LiveAnswer.fraction,
            LiveAnswer.points,
            Answer.response,
        )
        .join(Answer, Answer.id == LiveAnswer.answer_id)
        .where(LiveAnswer.session_id == live.id, LiveAnswer.position == live.position)
    ).all()
    described = []
    for pid, correct, fraction, points, response in rows:
        text = describe_response(spec, response)
        stage.answers[pid] = Mine(text, correct, 0 < fraction < 1, points)
        if pid not in stage.removed:
            described.append((text, correct))
    present = [response for pid, *_, response in rows if pid not in stage.removed]
    stage.bars = game.answer_bars(spec, present) or game.common_answers(described)


def _summary(live: LiveSession) -> list[dict]:
    """Per question asked: the prompt, how many answered, how many got it right."""
    asked = live.question_ids[: live.position + 1]
    counts = {
        position: (answered, right or 0)
        for position, answered, right in db.session.execute(
            select(
                LiveAnswer.position,
                func.count(),
                func.sum(func.cast(LiveAnswer.correct, db.Integer)),
            )
            .where(LiveAnswer.session_id == live.id)
            .group_by(LiveAnswer.position)
        )
    }
    rows = {
        row.id: row for row in db.session.scalars(select(Question).where(Question.id.in_(asked)))
    }
    summary = []
    for position, question_id in enumerate(asked):
        answered, right = counts.get(position, (0, 0))
        summary.append(
            {
                "number": position + 1,
                "prompt": rows[question_id].spec.prompt,
                "answered": answered,
                "right": int(right),
                "percent": round(100 * int(right) / answered) if answered else 0,
            }
        )
    return summary


# Built once per process and version, shared by every event stream of the session: on
# Reveal, 300 phones are sent their panel from one read of the answers, not 300.
_STAGES_KEPT = 64


class _Stages:
    """The stages read for event streams, per app: a session's id and version name one
    stage only within one database, and each app (a test's, too) has its own."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[int, int], Stage] = {}
        self.lock = threading.Lock()


def shared_stage(live_id: int, now: dt.datetime, version: int = 0) -> Stage | None:
    """The session's stage at `version` (0: the current one), read once per version in this
    process: the event names the version, so a woken stream reads nothing itself."""
    if not version:
        version = db.session.scalar(select(LiveSession.version).where(LiveSession.id == live_id))
    if version is None:
        return None
    stages = current_app.extensions.setdefault("live_stages", _Stages())
    key = (live_id, version)
    stage = stages.by_key.get(key)
    if stage is not None:
        return stage
    with stages.lock:  # one stream reads, the others wait for it
        stage = stages.by_key.get(key)
        if stage is None:
            live = db.session.get(LiveSession, live_id)
            stage = stage_of(live, now, people=False)
            key = (live_id, stage.version)
            if len(stages.by_key) >= _STAGES_KEPT:
                stages.by_key.clear()
            stages.by_key[key] = stage
    return stage
