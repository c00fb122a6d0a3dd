"""Attempts: start one, store answers exactly once, finish it. Views call these."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, replace

from sqlalchemy import select

from ..answering.layout import Layout, make_layout
from ..extensions import db
from ..models import WHOLE_BANK, Answer, Attempt, Bank, Question, User
from ..planning import Candidate, plan_questions

# Answers that arrive this long after the deadline are still accepted: network latency.
GRACE = dt.timedelta(seconds=5)


class NoQuestions(ValueError):
    """The chosen options leave no question to ask."""


class TimeIsUp(Exception):
    """An answer arrived after the attempt's time limit."""


def layout_for(attempt: Attempt, row: Question) -> Layout:
    return make_layout(row.spec, attempt.seed, shuffle_choices=attempt.shuffle_choices)


@dataclass(frozen=True)
class StartOptions:
    mode: str = "practice"
    shuffle_questions: bool = False
    shuffle_choices: bool = True
    draw: int | None = None
    tag: str | None = None
    time_limit_minutes: float | None = None

    @classmethod
    def from_settings(cls, settings: dict) -> StartOptions:
        tags = settings.get("draw_tags") or []
        return cls(
            mode=settings.get("mode", "practice"),
            shuffle_questions=bool(settings.get("shuffle_questions")),
            shuffle_choices=bool(settings.get("shuffle_choices", True)),
            draw=settings.get("draw"),
            tag=tags[0] if len(tags) == 1 else None,
            time_limit_minutes=settings.get("time_limit_minutes"),
        )


def enforced(options: StartOptions, settings: dict) -> StartOptions:
    """The options a bank's settings allow: its test mode and time limit are not optional."""
    if settings.get("mode") == "test":
        options = replace(options, mode="test")
    if settings.get("time_limit_minutes"):
        options = replace(options, time_limit_minutes=settings["time_limit_minutes"])
    return options


def shows_answer_key(attempt: Attempt, answered: bool, any_answered: bool) -> bool:
    """Whether the review of a finished attempt shows a question's right answer.

    Practice shows every answer. A test shows nothing when nothing was answered (finishing
    an empty test must not hand out the key before a retake); in a bank whose settings make
    it a test, only the answers to the questions the learner answered.
    """
    if attempt.mode != "test":
        return True
    if not any_answered:
        return False
    return answered or attempt.bank.settings.get("mode") != "test"


def servable_questions(bank: Bank) -> list[Question]:
    """The current, approved questions of a bank in file order."""
    return list(
        db.session.scalars(
            select(Question)
            .where(Question.bank_id == bank.id, Question.served)
            .order_by(Question.position)
        )
    )


def attempt_kind(bank: Bank, options: StartOptions, served: int) -> str:
    """Whole bank when the options ask what the bank's own settings ask; else what narrows it."""
    standard = StartOptions.from_settings(bank.settings)

    def draw_of(value: int | None) -> int | None:
        return value if value and value < served else None

    if (options.tag or None) != (standard.tag or None):
        return "tag"
    if draw_of(options.draw) != draw_of(standard.draw):
        return "draw"
    return WHOLE_BANK


def start_attempt(
    learner: User,
    bank: Bank,
    options: StartOptions,
    now: dt.datetime,
    *,
    only: list[int] | None = None,
    kind: str | None = None,
) -> Attempt:
    """Create an attempt; `only` restricts it to these question ids (retrying).

    `kind` says what a restricted attempt is ("retry", "selection"); without it the kind
    follows from the options.
    """
    rows = servable_questions(bank)
    if kind is None:
        kind = "selection" if only is not None else attempt_kind(bank, options, len(rows))
    if only is not None:
        wanted = set(only)
        rows = [row for row in rows if row.id in wanted]
    options = enforced(options, bank.settings)
    seed = secrets.token_hex(8)
    ids = plan_questions(
        [Candidate(row.id, tuple(row.data.get("tags", []))) for row in rows],
        seed=seed,
        shuffle=options.shuffle_questions,
        draw=options.draw,
        tags=[options.tag] if options.tag else [],
    )
    if not ids:
        raise NoQuestions("No questions match these options. Choose another tag or fewer limits.")
    points = {row.id: float(row.data.get("points", 1)) for row in rows}
    deadline = None
    if options.time_limit_minutes:
        deadline = now + dt.timedelta(minutes=options.time_limit_minutes * learner.extra_time)
    attempt = Attempt(
        user_id=learner.id,
        bank_id=bank.id,
        mode=options.mode,
        kind=kind,
        seed=seed,
        shuffle_choices=options.shuffle_choices,
        question_ids=ids,
        started_at=now,
        deadline=deadline,
        max_score=sum(points[i] for i in ids),
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def attempt_questions(attempt: Attempt) -> list[Question]:
    """The question versions of an attempt, in the order asked."""
    rows = db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids))).all()
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in attempt.question_ids]


def answers_by_question(attempt: Attempt) -> dict[int, Answer]:
    rows = db.session.scalars(select(Answer).where(Answer.attempt_id == attempt.id)).all()
    return {row.question_id: row for row in rows}


def is_over(attempt: Attempt, now: dt.datetime) -> bool:
    return attempt.deadline is not None and now > attempt.deadline + GRACE


def first_unanswered(attempt: Attempt) -> int | None:
    """The 1-based number of the first question without an answer, or None."""
    answered = set(answers_by_question(attempt))
    for number, question_id in enumerate(attempt.question_ids, start=1):
        if question_id not in answered:
            return number
    return None


def missed_question_ids(attempt: Attempt) -> list[int]:
    """Current versions of the questions this attempt got wrong or left unanswered."""
    answers = answers_by_question(attempt)
    missed_keys = {
        row.key
        for row in attempt_questions(attempt)
        if row.id not in answers or not answers[row.id].correct
    }
    current = servable_questions(attempt.bank)
    return [row.id for row in current if row.key in missed_keys]


def in_progress(learner: User, now: dt.datetime, bank: Bank | None = None) -> list[Attempt]:
    """The learner's unfinished attempts whose time is not up, newest first."""
    query = select(Attempt).where(Attempt.user_id == learner.id, Attempt.finished_at.is_(None))
    if bank is not None:
        query = query.where(Attempt.bank_id == bank.id)
    rows = db.session.scalars(query.order_by(Attempt.started_at.desc()).limit(5)).all()
    return [attempt for attempt in rows if not is_over(attempt, now)]


def answered_numbers(attempt: Attempt) -> set[int]:
    """The 1-based numbers of the questions that have an answer."""
    return numbers_of(attempt, answers_by_question(attempt))


def numbers_of(attempt: Attempt, question_ids) -> set[int]:
    """The 1-based numbers of these questions (ids) in the attempt."""
    return {n for n, qid in enumerate(attempt.question_ids, start=1) if qid in question_ids}


def next_number(attempt: Attempt, answered: set[int]) -> int:
    """Where to continue: the first question without an answer, else the last one."""
    total = len(attempt.question_ids)
    return next((n for n in range(1, total + 1) if n not in answered), total)
