"""Post random and hostile values to every POST route the app has, as every kind of user.

The routes come from app.url_map, so new forms are fuzzed as soon as they exist. URL
parameters are filled with ids that exist (a guest with attempts, a student, a teacher with
a class) or with random ones; form fields with the names the app's own pages use, plus
strangers, each given values such as long strings, control characters, RTL marks,
template syntax, <script>, SQL fragments, huge numbers, or nothing, or several values.

After every request: no 5xx, no evaluated template syntax, no unescaped <script> (in the
response or on the page a redirect leads to), and a database that still adds up.
Deterministic (derandomize=True) and bounded (MAX_EXAMPLES per route).
"""

from __future__ import annotations

import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.fuzz import (
    CLIENTS,
    MAX_EXAMPLES,
    POST_ENDPOINTS,
    check_database,
    check_response,
    fill,
    is_int,
    sessions,
    values,
)


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_hostile_posts_never_break_a_route(fuzz, endpoint):
    app, world = fuzz
    sessions(app, world)
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint == endpoint and "POST" in rule.methods
    ]
    assert rules, f"{endpoint} has no POST rule"
    known = sorted(world.fields.get(endpoint, set()) | {"csrf_token", "next"})
    file_fields = sorted(world.files.get(endpoint, set()))

    def argument(data, who, name, converter):
        existing = st.sampled_from(world.pool(name, converter, who))
        if is_int(converter):
            random = st.integers(min_value=0, max_value=2**70)
        else:
            random = values().filter(lambda v: v and "/" not in v)
        # Mostly ids that exist, so that requests get past the 404 to the form handling.
        return data.draw(st.one_of(existing, existing, existing, random), label=name)

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def post_something(data):
        rule = data.draw(st.sampled_from(rules), label="rule")
        who = data.draw(st.sampled_from(CLIENTS), label="client")
        path = fill(rule, world, lambda name, conv: argument(data, who, name, conv))
        if path is None:
            return
        client = world.clients[who]
        client = client() if callable(client) else client
        names = data.draw(
            st.lists(st.one_of(st.sampled_from(known), st.text(min_size=1, max_size=20)))
        )
        form: dict = {}
        for name in names:
            many = data.draw(st.booleans(), label="repeat")
            form[name] = (
                data.draw(st.lists(values(), min_size=2, max_size=3))
                if many
                else (data.draw(values()))
            )
        for name in file_fields:
            if data.draw(st.booleans(), label=f"file {name}"):
                content = data.draw(values(), label="file content").encode("utf-8", "replace")
                filename = data.draw(st.sampled_from(["bank.yaml", "a.txt", "../x.yaml", ""]))
                form[name] = (io.BytesIO(content), filename)
        headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
        response = client.post(path, data=form, headers=headers)
        where = f"POST {path} as {who} with {json.dumps(sorted(form))[:200]}"
        check_response(response, where)
        location = response.headers.get("Location") or response.headers.get("HX-Redirect")
        if response.status_code in (301, 302, 303, 204) and location and location.startswith("/"):
            check_response(client.get(location), f"{where} -> GET {location}")
        check_database(app)

    post_something()
    # Whatever was stored shows up escaped on the pages of those who could store it.
    for path in world.pages:
        for who in ("guest", "student", "teacher"):
            response = world.clients[who].get(path)
            check_response(response, f"GET {path} as {who} after fuzzing {endpoint}")


def test_the_fuzzer_finds_the_quiz_forms():
    assert {"quiz.submit_answer", "quiz.start_attempt", "quiz.set_learner"} <= set(POST_ENDPOINTS)


def test_the_fuzzer_reads_field_names_from_pages(fuzz):
    app, world = fuzz
    assert "name" in world.fields["quiz.set_learner"]
    assert {"mode", "draw", "time_limit"} <= world.fields["quiz.start_attempt"]
    assert "answer" in world.fields["quiz.submit_answer"]
    assert "/banks/sample" in world.pages
    assert re.match(
        r"^/attempts/\d+/\d+$",
        fill(
            next(r for r in app.url_map.iter_rules() if r.endpoint == "quiz.submit_answer"),
            world,
        ),
    )
