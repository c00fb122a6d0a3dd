"""Live sessions in the database: create, join, answer, the teacher's actions, and what
the projector and the phones show. The rules are game.py's; events go out by broker.py."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..answering.describe import describe_answer, describe_response
from ..answering.grading import grade
from ..answering.layout import Layout, make_layout
from ..answering.parse import parse_response
from ..banks.schema import Question as QuestionSpec
from ..extensions import db
from ..models import Answer, Attempt, Bank, LiveAnswer, LiveParticipant, LiveSession, Question
from ..planning import Candidate, plan_questions
from ..quiz.attempts import finish_attempt, servable_questions
from . import game
from .game import NotNow

PIN_TRIES = 20


class NoQuestions(ValueError):
    """The chosen selection leaves no question to ask."""


class Closed(Exception):
    """No answer can be taken now: time is up, the question was revealed, or it is over."""


class Removed(Exception):
    """The teacher removed this participant from the session."""


def broker():
    return current_app.extensions["live_broker"]


def announce(live_id: int, kind: str, version: int = 0) -> None:
    """Tell every process's streams of a change; sent when the current transaction commits."""
    broker().publish(db.session(), live_id, kind, version)


# --- creating and joining -------------------------------------------------------------


def create_session(
    teacher_id: int,
    bank: Bank,
    *,
    draw: int | None,
    tag: str | None,
    seconds: int,
    ranking: bool,
    now: dt.datetime,
) -> LiveSession:
    """A new session in the lobby with a 6-digit PIN no open session has."""
    rows = servable_questions(bank)
    ids = plan_questions(
        [Candidate(row.id, tuple(row.data.get("tags", []))) for row in rows],
        seed=secrets.token_hex(8),
        draw=draw,
        tags=[tag] if tag else [],
    )
    if not ids:
        raise NoQuestions("No questions match this choice. Choose another tag or draw more.")
    selection = f"tag {tag}" if tag else (f"{len(ids)} drawn" if draw else "all")
    for _ in range(PIN_TRIES):
        pin = game.new_pin()
        live = LiveSession(
            pin=pin,
            open_pin=pin,
            teacher_id=teacher_id,
            bank_id=bank.id,
            question_ids=ids,
            selection=selection,
            seconds_per_question=seconds,
            ranking=ranking,
            created_at=now,
        )
        db.session.add(live)
        try:
            db.session.commit()
            return live
        except IntegrityError:  # an open session has this PIN: draw another
            db.session.rollback()
    raise RuntimeError("could not find a free PIN")


def open_session(pin: str) -> LiveSession | None:
    """The open session with this PIN; an ended session's PIN finds nothing."""
    return db.session.scalar(select(LiveSession).where(LiveSession.open_pin == pin))


def session_for(pin: str, user_id: int | None) -> LiveSession | None:
    """The open session with this PIN, or the last ended one this learner took part in:
    a student who reloads after the end still sees how it went."""
    live = open_session(pin)
    if live is not None or user_id is None:
        return live
    return db.session.scalar(
        select(LiveSession)
        .join(LiveParticipant, LiveParticipant.session_id == LiveSession.id)
        .where(LiveSession.pin == pin, LiveParticipant.user_id == user_id)
        .order_by(LiveSession.id.desc())
        .limit(1)
    )


def participant_of(live: LiveSession, user_id: int | None) -> LiveParticipant | None:
    if user_id is None:
        return None
    return db.session.scalar(
        select(LiveParticipant).where(
            LiveParticipant.session_id == live.id, LiveParticipant.user_id == user_id
        )
    )


def join(live: LiveSession, user_id: int, nickname: str, now: dt.datetime) -> LiveParticipant:
    """Add a learner under a nickname (made unique in the session); rejoining is a no-op."""
    existing = participant_of(live, user_id)
    if existing is not None:
        if existing.removed:
            raise Removed()
        return existing
    taken = db.session.scalars(
        select(LiveParticipant.nickname).where(LiveParticipant.session_id == live.id)
    ).all()
    points = dict(
        db.session.execute(
            select(Question.id, Question.data).where(Question.id.in_(live.question_ids))
        ).all()
    )
    attempt = Attempt(
        user_id=user_id,
        bank_id=live.bank_id,
        mode="live",
        kind="live",
        seed=secrets.token_hex(8),
        question_ids=list(live.question_ids),
        started_at=now,
        max_score=sum(float(points[i].get("points", 1)) for i in live.question_ids),
    )
    db.session.add(attempt)
    db.session.flush()
    participant = LiveParticipant(
        session_id=live.id,
        user_id=user_id,
        attempt_id=attempt.id,
        nickname=game.unique_nickname(nickname, taken),
        first_position=max(live.position, 0),
        joined_at=now,
    )
    db.session.add(participant)
    announce(live.id, "people")
    try:
        db.session.commit()
    except IntegrityError:  # the same learner joined from two tabs at once
        db.session.rollback()
        return participant_of(live, user_id)
    return participant


def remove(live: LiveSession, participant_id: int) -> bool:
    participant = db.session.get(LiveParticipant, participant_id)
    if participant is None or participant.session_id != live.id or participant.removed:
        return False
    participant.removed = True
    live.version += 1
    announce(live.id, "people")
    announce(live.id, "state", live.version)
    db.session.commit()
    return True


# --- the teacher's actions ------------------------------------------------------------


def act(live: LiveSession, action: str, now: dt.datetime) -> None:
    """Apply a teacher's action (start, reveal, next, pause, resume, end); NotNow if stale."""
    total = len(live.question_ids)
    new_state = game.next_state(live.state, action, position=live.position, total=total)
    # The row is locked while it changes, so two clicks (or two tabs) apply once.
    fresh = db.session.scalar(
        select(LiveSession).where(LiveSession.id == live.id).with_for_update()
    )
    if fresh.state != live.state or fresh.version != live.version:
        db.session.rollback()
        raise NotNow("The session changed in the meantime; here it is as it is now.")
    seconds = dt.timedelta(seconds=live.seconds_per_question)
    if action in ("start", "next") and new_state == "question":
        live.position += 1
        live.question_started_at = now
        live.deadline = now + seconds
    elif action == "reveal":
        live.deadline = min(live.deadline, now) if live.deadline else now
    elif action == "pause":
        live.paused_state = live.state
        live.paused_remaining_ms = (
            max(0, int((live.deadline - now).total_seconds() * 1000))
            if live.state == "question" and live.deadline
            else None
        )
    elif action == "resume":
        new_state = live.paused_state or "question"
        if new_state == "question" and live.paused_remaining_ms is not None:
            live.deadline = now + dt.timedelta(milliseconds=live.paused_remaining_ms)
            # Time paused does not count as time taken to answer.
            live.question_started_at = live.deadline - seconds
        live.paused_state = None
        live.paused_remaining_ms = None
    live.state = new_state
    live.version += 1
    if new_state == "ended":
        _finish(live, now)
    announce(live.id, "state", live.version)
    db.session.commit()


def _finish(live: LiveSession, now: dt.datetime) -> None:
    """Close the PIN and every attempt; queue each participant's missed questions."""
    from ..cards.reviews import queue_mistake

    live.open_pin = None
    live.ended_at = now
    asked = live.question_ids[: live.position + 1]
    rows = {
        row.id: row for row in db.session.scalars(select(Question).where(Question.id.in_(asked)))
    }
    right = {
        (participant_id, position)
        for participant_id, position in db.session.execute(
            select(LiveAnswer.participant_id, LiveAnswer.position).where(
                LiveAnswer.session_id == live.id, LiveAnswer.correct
            )
        )
    }
    for participant in db.session.scalars(
        select(LiveParticipant).where(LiveParticipant.session_id == live.id)
    ):
        finish_attempt(participant.attempt, now, commit=False)
        for position in range(participant.first_position, len(asked)):
            if (participant.id, position) not in right:
                queue_mistake(participant.user_id, rows[asked[position]], now)


# --- answering ------------------------------------------------------------------------


def layout_of(spec: QuestionSpec) -> Layout:
    # Everyone sees the options in the file's order: the projector's order.
    return make_layout(spec, "live", shuffle_choices=False)


def current_row(live: LiveSession) -> Question | None:
    if not 0 <= live.position < len(live.question_ids):
        return None
    return db.session.get(Question, live.question_ids[live.position])


def accepting(live: LiveSession, now: dt.datetime) -> bool:
    grace = dt.timedelta(milliseconds=game.GRACE_MS)
    return live.state == "question" and live.deadline is not None and now <= live.deadline + grace


def own_answer(live: LiveSession, participant: LiveParticipant) -> LiveAnswer | None:
    return db.session.scalar(
        select(LiveAnswer).where(
            LiveAnswer.session_id == live.id,
            LiveAnswer.participant_id == participant.id,
            LiveAnswer.position == live.position,
        )
    )


def submit(live: LiveSession, participant: LiveParticipant, form, now: dt.datetime) -> LiveAnswer:
    """Grade and store an answer once. Raises Closed, Removed or InvalidResponse."""
    if participant.removed:
        raise Removed()
    existing = own_answer(live, participant)
    if existing is not None:
        return existing
    if not accepting(live, now):
        raise Closed()
    row = current_row(live)
    spec = row.spec
    response = parse_response(spec, layout_of(spec), form)
    result = grade(spec, response)
    elapsed = max(0, int((now - live.question_started_at).total_seconds() * 1000))
    points = game.speed_points(result.fraction, elapsed, live.seconds_per_question * 1000)
    answer = Answer(
        attempt_id=participant.attempt_id,
        question_id=row.id,
        position=live.position + 1,
        response=response,
        correct=result.correct,
        fraction=result.fraction,
        points=result.points,
        answered_at=now,
        time_taken_ms=elapsed,
    )
    try:
        db.session.add(answer)
        db.session.flush()
        stored = LiveAnswer(
            session_id=live.id,
            participant_id=participant.id,
            position=live.position,
            answer_id=answer.id,
            correct=result.correct,
            fraction=result.fraction,
            points=points,
            elapsed_ms=elapsed,
            answered_at=now,
        )
        db.session.add(stored)
        db.session.flush()
    except IntegrityError:  # the same answer raced in from another tab: keep the first
        db.session.rollback()
        return own_answer(live, participant)
    if points:
        db.session.execute(
            update(LiveParticipant)
            .where(LiveParticipant.id == participant.id)
            .values(score=LiveParticipant.score + points)
            .execution_options(synchronize_session=False)
        )
    if not result.correct:
        from ..cards.reviews import queue_mistake

        queue_mistake(participant.user_id, row, now)
    announce(live.id, "count")
    db.session.commit()
    return stored


# --- what the projector and the phones show -------------------------------------------


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
_stages: dict[tuple[int, int], Stage] = {}
_stages_lock = threading.Lock()
_STAGES_KEPT = 64


def shared_stage(live_id: int, now: dt.datetime, version: int = 0) -> Stage | None:
    """The session's stage at `version` (0: the current one), read once per version in this
    process: the event names the version, so a woken stream reads nothing itself."""
    if not version:
        version = db.session.scalar(select(LiveSession.version).where(LiveSession.id == live_id))
    if version is None:
        return None
    key = (live_id, version)
    stage = _stages.get(key)
    if stage is not None:
        return stage
    with _stages_lock:  # one stream reads, the others wait for it
        stage = _stages.get(key)
        if stage is None:
            live = db.session.get(LiveSession, live_id)
            stage = stage_of(live, now, people=False)
            key = (live_id, stage.version)
            if len(_stages) >= _STAGES_KEPT:
                _stages.clear()
            _stages[key] = stage
    return stage


# --- results --------------------------------------------------------------------------

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
    from ..models import User

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
