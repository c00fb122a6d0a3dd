"""The fuzzer's machinery: a world of users and ids, the app's forms, hostile values, checks."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import sqlalchemy
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from quizapp.extensions import db
from quizapp.library.sync import sync_folder
from quizapp.models import Attempt
from tests.helpers.app import APP_BANKS, login_as

MAX_EXAMPLES = 30


# The simplest choice first: the guest owns the seeded attempts, so URLs with their ids work.
CLIENTS = ["guest", "student", "teacher", "anonymous"]


# 1337 * 1009: a product no page shows by chance, unlike 49.
EVALUATED = "1349033"


SCRIPT = "<script>alert("


HOSTILE = [
    "",
    " ",
    "\t\n",
    "x" * 10_000,
    "\x00",
    "a\x00b",
    "\x1b[31m\x07\x08",
    "\r\nSet-Cookie: evil=1",
    "\u202eevil\u202c",
    "\u200f\u200e\u061c",
    "שלום עולם",
    "Ω≈ç√∫˜µ≤≥÷",
    "😀" * 30,
    "{{7*7}}",
    "{{ 1337*1009 }}",
    "{% print 1337*1009 %}",
    "${1337*1009}",
    "#{1337*1009}",
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "' OR '1'='1",
    "1; DROP TABLE answer; --",
    "admin'--",
    "0",
    "-1",
    "1",
    "2",
    "99999999999999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "inf",
    "0x10",
    "true",
    "on",
    "../../../../etc/passwd",
    "/\\evil.example",
    "//evil.example/",
    "https://evil.example/",
    "%00",
    "%s%s%n",
]


class FormParser(HTMLParser):
    """The forms on a page: action, method and the names of their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": set(),
                "files": set(),
            }
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea", "button") and self._current is not None:
            name = attrs.get("name")
            if name:
                kind = "files" if attrs.get("type") == "file" else "fields"
                self._current[kind].add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


@dataclass
class World:
    """Who uses the app and what exists, for filling URLs and choosing a client."""

    clients: dict
    ids: dict[str, list[int]]  # table name -> ids in it
    strings: dict[str, list[str]]  # column name (slug, key, ...) -> values
    accounts: dict[str, int] = field(default_factory=dict)  # teacher, student -> user id
    owned: dict[str, list[int]] = field(default_factory=dict)  # client -> its attempt ids
    fields: dict[str, set[str]] = field(default_factory=dict)  # endpoint -> field names
    files: dict[str, set[str]] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)

    def pool(self, name: str, converter, who: str = "") -> list:
        """Existing values for a URL argument, chosen by its name: attempt_id -> attempts."""
        if is_int(converter):
            if name == "number":
                return [1, 2, 3]
            if name == "attempt_id" and self.owned.get(who):
                return self.owned[who] + self.ids.get("attempt", [])
            base = name.removesuffix("_id")
            for table, ids in sorted(self.ids.items()):
                if ids and (table == base or table.endswith("_" + base)):
                    return ids
            return sorted({i for ids in self.ids.values() for i in ids} | {1})
        column = {"bank_slug": "slug"}.get(name, name)
        return self.strings.get(column) or sorted(
            {v for values in self.strings.values() for v in values}
        )


def is_int(converter) -> bool:
    return type(converter).__name__.endswith("IntegerConverter")


def discovery_app():
    from quizapp import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "QUESTIONS_DIR": "",
            "BANK_RELOAD_INTERVAL": 0,
        }
    )


def post_rules() -> list[str]:
    app = discovery_app()
    endpoints = sorted(
        {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    )
    with app.app_context():
        db.engine.dispose()
    return endpoints


POST_ENDPOINTS = post_rules()


def sessions(app, world: World) -> None:
    """Sign everyone in afresh (a fuzzed sign-out or sign-up may have changed who they are).

    A new guest with an attempt in progress (question 1 answered) and a finished one; the
    student with a test in progress. Then gather the ids and names that exist now.
    The sample bank goes back into the folder first: a fuzzed hide or delete takes it away.
    """
    folder = Path(app.config["QUESTIONS_DIR"])
    shutil.copy(APP_BANKS / "sample.yaml", folder / "sample.yaml")
    with app.app_context():
        sync_folder(folder)
        db.session.remove()
    guest = app.test_client()
    guest.post("/learner", data={"name": "Guest"})
    attempts = []
    for _ in range(2):
        location = guest.post("/banks/sample/attempts", data={"mode": "practice"}).location
        attempts.append(int(location.split("/")[2]))
    guest.post(f"/attempts/{attempts[0]}/1", data={"answer": "0"})
    guest.post(f"/attempts/{attempts[1]}/finish")
    world.clients = {"anonymous": app.test_client, "guest": guest}
    for who, user_id in world.accounts.items():
        world.clients[who] = client = app.test_client()
        login_as(client, user_id)
    location = world.clients["student"].post("/banks/sample/attempts", data={"mode": "test"})
    world.owned = {"guest": attempts, "student": [int(location.location.split("/")[2])]}
    ids: dict[str, list[int]] = {}
    strings: dict[str, set[str]] = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = table.columns
            if "id" in columns:
                # The newest first: this session's own attempts are the likeliest picks.
                query = sqlalchemy.select(columns["id"]).order_by(columns["id"].desc()).limit(20)
                ids[table.name] = list(db.session.scalars(query))
            for name in ("slug", "key", "join_code", "username"):
                if name in columns:
                    found = db.session.scalars(sqlalchemy.select(columns[name]).distinct())
                    strings.setdefault(name, set()).update(value for value in found if value)
        db.session.remove()
    world.ids = ids
    world.strings = {name: sorted(values)[:20] for name, values in strings.items()}


def fill(rule, world: World, choose=None, index: int = 0) -> str | None:
    """A URL for this rule: `choose`'s values, or the index-th existing value of each pool."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if choose is not None:
            values[name] = choose(name, converter)
        else:
            pool = world.pool(name, converter)
            values[name] = pool[min(index, len(pool) - 1)]
    try:
        return rule.build(values, append_unknown=False)[1]
    except (ValueError, TypeError, HTTPException, LookupError):
        return None


def discover_forms(app, world: World) -> None:
    """Read the field names of every form on every page each client can see."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        candidates = {fill(rule, world, index=index) for index in range(3)}
        for path in sorted(filter(None, candidates)):
            world.pages.append(path)
            for client in world.clients.values():
                client = client() if callable(client) else client
                response = client.get(path)
                if response.status_code != 200 or response.mimetype != "text/html":
                    continue
                parser = FormParser()
                parser.feed(response.get_data(as_text=True))
                for form in parser.forms:
                    if form["method"] != "post":
                        continue
                    try:
                        endpoint, _ = adapter.match(form["action"].split("?")[0], method="POST")
                    except HTTPException:
                        continue
                    world.fields.setdefault(endpoint, set()).update(form["fields"])
                    world.files.setdefault(endpoint, set()).update(form["files"])
    world.pages = sorted(set(world.pages))


def values():
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=300),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.sampled_from(HOSTILE).flatmap(lambda v: st.just(v * 3)),
    )


def check_database(app) -> None:
    """Nothing half-written: answers within their attempts, scores that add up."""
    with app.app_context():
        db.session.remove()
        attempts = db.session.scalars(sqlalchemy.select(Attempt)).all()
        rows = db.session.execute(
            sqlalchemy.text("SELECT attempt_id, question_id, points FROM answer")
        ).all()
        per_attempt: dict[int, list] = {}
        for row in rows:
            per_attempt.setdefault(row.attempt_id, []).append(row)
        for attempt in attempts:
            answers = per_attempt.pop(attempt.id, [])
            asked = attempt.question_ids
            assert len(answers) <= len(asked), f"attempt {attempt.id} has too many answers"
            assert len({a.question_id for a in answers}) == len(answers), "an answer twice"
            assert all(a.question_id in asked for a in answers), "an answer to no question"
            assert attempt.max_score >= 0
            if attempt.finished_at is not None:
                assert abs(attempt.score - sum(a.points for a in answers)) < 1e-9
        assert per_attempt == {}, "answers without an attempt"
        db.session.remove()


def check_response(response, where: str) -> None:
    assert response.status_code < 500, f"{where}: {response.status_code}"
    if response.mimetype in ("text/html", "application/json", "text/plain", "text/csv"):
        text = response.get_data(as_text=True)
        assert EVALUATED not in text, f"{where}: template syntax was evaluated"
        assert SCRIPT not in text, f"{where}: <script> from input came back unescaped"
