"""Who may see what: students, teachers, other teachers and anonymous visitors."""

from __future__ import annotations

import pytest
from flask import url_for

from tests.helpers.app import login_as


def signed_in(app, user_id: int):
    client = app.test_client()
    login_as(client, user_id)
    return client


def class_urls(class_id: int, student_id: int) -> list[str]:
    base = f"/teacher/classes/{class_id}"
    return [
        base,
        f"{base}/students/{student_id}",
        f"{base}/banks/sample/analysis",
        f"{base}/export/attempts.csv",
        f"{base}/export/answers.csv",
    ]


def test_a_student_cannot_open_another_students_attempt(app, world):
    client = signed_in(app, world["ann"])
    for suffix in ("", "/1", "/summary"):
        assert client.get(f"/attempts/{world['zed_attempt']}{suffix}").status_code == 404
    assert client.post(f"/attempts/{world['zed_attempt']}/retry").status_code == 404
    assert client.get(f"/attempts/{world['ann_attempt']}/summary").status_code == 200


def test_teacher_pages_are_forbidden_to_students(app, world):
    client = signed_in(app, world["ann"])
    urls = ["/teacher/", *class_urls(world["class_a"], world["ann"])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Not allowed" in response.get_data(as_text=True)
    extra_time = f"/teacher/classes/{world['class_a']}/students/{world['ann']}/extra-time"
    assert client.post(extra_time, data={"factor": "2.0"}).status_code == 403


@pytest.mark.parametrize("export", ["attempts", "answers"])
def test_exports_are_forbidden_to_students(app, world, export):
    client = signed_in(app, world["ann"])
    response = client.get(f"/teacher/classes/{world['class_a']}/export/{export}.csv")
    assert response.status_code == 403
    assert "text/csv" not in response.content_type


def test_another_teachers_class_is_not_found(app, world):
    client = signed_in(app, world["teacher_a"])
    for url in class_urls(world["class_b"], world["zed"]):
        assert client.get(url).status_code == 404, url
    extra_time = f"/teacher/classes/{world['class_b']}/students/{world['zed']}/extra-time"
    assert client.post(extra_time, data={"factor": "2.0"}).status_code == 404
    # Nor through the teacher's own class: Zed is not in it.
    assert (
        client.get(f"/teacher/classes/{world['class_a']}/students/{world['zed']}").status_code
        == 404
    )
    # The teacher's own class is fine.
    for url in class_urls(world["class_a"], world["ann"]):
        assert client.get(url).status_code == 200, url


def test_forged_class_ids_are_not_found(app, world):
    client = signed_in(app, world["teacher_a"])
    assert client.get("/teacher/classes/999999").status_code == 404
    assert client.get("/teacher/classes/abc").status_code == 404


def test_a_guest_cannot_open_teacher_pages(app, world):
    client = app.test_client()
    client.post("/learner", data={"name": "Guest"})
    response = client.get("/teacher/")
    assert response.status_code in (302, 303)
    assert "next=%2Fteacher%2F" in response.headers["Location"]  # back here after signing in


def test_anonymous_visitors_are_sent_to_sign_in(app, world):
    if "auth.sign_in" not in app.view_functions:
        pytest.skip("the sign-in page (auth.sign_in) is not installed yet")
    client = app.test_client()
    with app.test_request_context():
        sign_in = url_for("auth.sign_in")
    for url in ["/teacher/", *class_urls(world["class_a"], world["ann"])]:
        response = client.get(url)
        assert response.status_code in (302, 303), url
        assert response.headers["Location"].startswith(sign_in), url


def test_require_learner_sends_a_visitor_to_the_name_page_and_back(client):
    """A GET comes back to itself; a form post (not replayable) to the page it was sent from."""
    response = client.get("/study/stats")
    assert response.status_code == 303
    assert response.headers["Location"] == "/learner?next=/study/stats"
    response = client.post(
        "/banks/sample/attempts", headers={"Referer": "http://localhost/banks/sample"}
    )
    assert response.headers["Location"] == "/learner?next=/banks/sample"
    response = client.post(
        "/history/banks/sample/practice", headers={"Referer": "https://elsewhere.example/x"}
    )
    assert response.headers["Location"] == "/learner?next=/"
