"""A settable clock and a learner who studies flashcards in the test client."""

from __future__ import annotations

import datetime as dt
import re

from quizapp.extensions import db
from quizapp.models import CardProgress

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Clock:
    """The study views' clock: app.config["CLOCK"] calls it."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


class Studier:
    """A learner in one test client: shows, reveals and rates items."""

    def __init__(self, app, client, name: str = "Ada"):
        self.app, self.client = app, client
        client.post("/learner", data={"name": name})

    def page(self, url: str = "/study", **kwargs) -> str:
        response = self.client.get(url, **kwargs)
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)

    def current(self, url: str = "/study") -> int:
        """The progress id of the item the study page shows."""
        page = self.page(url)
        found = re.search(r"item=(\d+)&amp;reveal=1", page) or re.search(
            r'name="progress_id" value="(\d+)"', page
        )
        assert found, "no item on the study page"
        return int(found.group(1))

    def progress(self, progress_id: int) -> CardProgress:
        with self.app.app_context():
            row = db.session.get(CardProgress, progress_id)
            db.session.expunge(row)
            return row

    def rate(self, progress_id: int, rating: int, *, version=None, htmx=False, bank=""):
        if version is None:
            version = self.progress(progress_id).version
        data = {"progress_id": progress_id, "version": version, "rating": rating, "bank": bank}
        return self.client.post("/study/rate", data=data, headers=HX if htmx else {})

    def study_one(self, rating: int) -> int:
        progress_id = self.current()
        assert self.rate(progress_id, rating).status_code == 303
        return progress_id


HX = {"HX-Request": "true"}
