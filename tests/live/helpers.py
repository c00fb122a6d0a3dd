"""Drive a live session from test clients: a teacher and students."""

from __future__ import annotations

import re

from quizapp.extensions import db
from quizapp.models import LiveSession


def open_session(app, teacher_client, *, slug: str = "sample", **options) -> LiveSession:
    data = {"seconds": "30", "ranking": "y", **options}
    response = teacher_client.post(f"/live/new/{slug}", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    live_id = int(re.search(r"/live/host/(\d+)$", response.headers["Location"]).group(1))
    return reload(app, live_id)


def reload(app, live_id: int) -> LiveSession:
    with app.app_context():
        live = db.session.get(LiveSession, live_id)
        db.session.expunge(live)
        return live


def join(client, pin: str, nickname: str):
    return client.post(f"/live/{pin}/join", data={"nickname": nickname})


def act(client, live_id: int, action: str, **kwargs):
    return client.post(f"/live/host/{live_id}/{action}", **kwargs)


def answer(client, pin: str, data: dict, **kwargs):
    return client.post(f"/live/{pin}/answer", data=data, **kwargs)
