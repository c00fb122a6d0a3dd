"""Personal pages and CSV downloads are never cached; CSV cells cannot smuggle a formula
past a spreadsheet that splits at ";" (issue 18, finding 5)."""

from __future__ import annotations

import csv
import io

import pytest

from quizapp.reports.exports import to_csv


def test_every_text_cell_is_quoted_so_no_separator_starts_a_formula():
    data = to_csv(["name", "score"], [["x;=1+1;", 2.5], ["a,b", 1], ["=SUM(A1)", None]])
    text = data.decode("utf-8-sig")
    assert '"x;=1+1;"' in text
    # Read with ";" as the list separator, the cell stays one cell that starts with "x".
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][0].startswith("x") and len(rows[1]) == 1
    assert list(csv.reader(io.StringIO(text)))[3] == ["'=SUM(A1)", ""]


@pytest.mark.parametrize(
    "path",
    ["/history", "/history/export/attempts.csv", "/history/export/answers.csv", "/account"],
)
def test_personal_pages_and_downloads_say_no_store(student, path):
    client, _ = student
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_a_learners_attempt_page_says_no_store(learner):
    learner.name("Ada")
    location = learner.start().headers["Location"]
    response = learner.client.get(location, follow_redirects=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_keep_their_long_cache(client):
    response = client.get("/static/vendor/htmx.min.js")
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_a_learner_name_with_a_separator_formula_is_quoted_in_the_export(learner):
    learner.name("x;=1+1;")
    attempt = learner.start().headers["Location"].split("/")[2]
    learner.client.post(f"/attempts/{attempt}/finish")
    data = learner.client.get("/history/export/attempts.csv").get_data()
    assert b'"x;=1+1;"' in data
