"""wants_fragment and render: blocks only for a plain htmx request."""

from __future__ import annotations

import pytest
from flask import Flask

from quizapp.web.htmx import HTMX_HEADERS, add_vary, wants_fragment


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"HX-Request": "true"}, True),
        ({"HX-Request": "false"}, False),
        ({"HX-Request": "true", "HX-Boosted": "true"}, False),
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, False),
        (
            {"HX-Request": "true", "HX-Boosted": "true", "HX-History-Restore-Request": "true"},
            False,
        ),
        ({"HX-Boosted": "true"}, False),
        ({"HX-History-Restore-Request": "true"}, False),
    ],
)
def test_wants_fragment(headers, expected):
    with Flask(__name__).test_request_context(headers=headers):
        assert wants_fragment() is expected


def test_vary_names_all_three_headers():
    app = Flask(__name__)
    with app.test_request_context():
        response = add_vary(app.make_response("page"))
    assert set(HTMX_HEADERS) == {"HX-Request", "HX-Boosted", "HX-History-Restore-Request"}
    assert set(HTMX_HEADERS) <= set(response.vary)
