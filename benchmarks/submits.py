"""Prepared answers for the submit benchmark: one POST line per answer, never posted twice."""

from __future__ import annotations

import secrets
from pathlib import Path

import sqlalchemy


def _copy_of(template, **changes) -> dict:
    """The column values of an ORM row, by attribute name, with some changed."""
    mapper = sqlalchemy.inspect(type(template))
    values = {attr.key: getattr(template, attr.key) for attr in mapper.column_attrs}
    values.pop("id", None)
    return values | changes


def new_attempts(app, learners: int) -> list[tuple[int, int, int]]:
    """Start an attempt of the bench bank for each of `learners` new guests, in bulk: the
    first one through the app's own start_attempt, the others as copies of it (each with a
    seed of its own). Return (learner id, attempt id, questions) for each."""
    from quizapp.extensions import db
    from quizapp.models import Attempt, Bank, User, utcnow
    from quizapp.quiz import attempts as svc

    with app.app_context():
        bank = db.session.scalar(sqlalchemy.select(Bank).where(Bank.slug == "bench"))
        first = User(display_name="Bench guest")
        db.session.add(first)
        db.session.commit()
        template = svc.start_attempt(first, bank, svc.StartOptions(), utcnow())
        made = [(first.id, template.id, len(template.question_ids))]
        if learners > 1:
            guest = _copy_of(first)
            user_ids = db.session.scalars(
                sqlalchemy.insert(User).returning(User.id, sort_by_parameter_order=True),
                [dict(guest) for _ in range(learners - 1)],
            ).all()
            rows = [_copy_of(template, user_id=uid, seed=secrets.token_hex(8)) for uid in user_ids]
            attempt_ids = db.session.scalars(
                sqlalchemy.insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True),
                rows,
            ).all()
            db.session.commit()
            count = len(template.question_ids)
            made += [(uid, aid, count) for uid, aid in zip(user_ids, attempt_ids, strict=True)]
        db.session.remove()
    return made


def session_cookie(app, learner_id: int, *, csrf: bool = False) -> tuple[str, str]:
    """The signed session cookie of a guest learner, and its CSRF token when asked."""
    from flask import g, session
    from flask_wtf.csrf import generate_csrf

    with app.test_request_context():
        g.pop("csrf_token", None)
        session["learner_id"] = learner_id
        token = generate_csrf() if csrf else ""
        cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return cookie, token


def prepare_submits(app, learners: int, paths: list[Path]) -> int:
    """Write POST lines for `learners` new attempts, split over `paths` (one file per wrk
    process) by learner. In each file the lines go question by question, so consecutive
    requests go to different attempts, as when a class answers together. Return the lines."""
    made = new_attempts(app, learners)
    files: list[list[tuple[int, str]]] = [[] for _ in paths]
    for index, (learner_id, attempt_id, count) in enumerate(made):
        cookie, token = session_cookie(app, learner_id, csrf=True)
        for number in range(1, count + 1):
            answer = "true" if number % 2 else "0"
            body = f"csrf_token={token}&answer={answer}"
            line = f"/attempts/{attempt_id}/{number}\tsession={cookie}\t{body}"
            files[index % len(paths)].append((number, line))
    for path, lines in zip(paths, files, strict=True):
        lines.sort(key=lambda line: line[0])
        path.write_text("\n".join(line for _, line in lines) + "\n")
    return sum(len(lines) for lines in files)
