"""Bank management for teachers: list, upload, preview, publish, live reload, draft review."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select, text

from quizapp.extensions import db
from quizapp.models import Bank, BankProblem, DraftArticle, PendingBank, Question
from quizapp.quiz.attempts import servable_questions
from tests.helpers.app import login_as, make_user, pg_backend
from tests.helpers.authoring import ARTICLE, NEW_BANK

HX = {"HX-Request": "true"}
BROKEN = "title: Broken\nquestions:\n  - id: q1\n    type: single\n\tprompt: tab\n"


GIFT = """\
// A small GIFT file
::Capital::What is the capital of France?{=Paris ~London ~Berlin}

::Sun::The Sun is a star.{T}
"""

AIKEN = """\
Which planet is the largest?
A. Jupiter
B. Mars
ANSWER: A
"""

# An original short article for drafting: names, dates and numbers to ask about.


def upload(client, data: str | bytes, name: str, fmt: str = "auto", **kwargs):
    body = data.encode() if isinstance(data, str) else data
    return client.post(
        "/teacher/banks/upload",
        data={"file": (io.BytesIO(body), name), "format": fmt},
        content_type="multipart/form-data",
        **kwargs,
    )


def uploaded_id(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def page(response) -> str:
    return response.get_data(as_text=True)


# Access -------------------------------------------------------------------------------

AUTHORING_URLS = [
    ("get", "/teacher/banks/"),
    ("post", "/teacher/banks/check"),
    ("get", "/teacher/banks/upload"),
    ("post", "/teacher/banks/upload"),
    ("get", "/teacher/banks/upload/1"),
    ("post", "/teacher/banks/upload/1/publish"),
    ("post", "/teacher/banks/upload/1/discard"),
    ("get", "/teacher/banks/draft"),
    ("post", "/teacher/banks/draft"),
    ("get", "/teacher/banks/sample/review"),
    ("post", "/teacher/banks/sample/review/capital/approve"),
    ("post", "/teacher/banks/sample/review/capital/discard"),
    ("get", "/teacher/banks/sample/review/capital/edit"),
    ("post", "/teacher/banks/sample/review/capital/edit"),
]


@pytest.mark.parametrize(("method", "url"), AUTHORING_URLS)
def test_a_student_gets_403_everywhere(student, method, url):
    client, _ = student
    assert getattr(client, method)(url).status_code == 403


@pytest.mark.parametrize(("method", "url"), AUTHORING_URLS[:3])
def test_anonymous_visitors_are_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/signin" in response.headers["Location"]


def test_the_old_problems_page_moved_to_the_teachers(client, teacher):
    response = client.get("/problems")
    assert response.status_code == 301
    assert response.headers["Location"] == "/teacher/banks/#problems"
    teacher_client, _ = teacher
    assert teacher_client.get("/problems", follow_redirects=True).status_code == 200


# The bank list --------------------------------------------------------------------------


def test_list_shows_every_bank_with_counts_and_problems(app, teacher, folder):
    client, _ = teacher
    (folder / "broken.yaml").write_text(BROKEN)
    (folder / "gone.yaml").write_text(NEW_BANK.replace("id: planets", "id: gone"))
    client.post("/teacher/banks/check")
    (folder / "gone.yaml").unlink()
    # The sample bank's file breaks after its import: its old version stays served.
    good = (folder / "sample.yaml").read_text()
    (folder / "sample.yaml").write_text(good.replace("type: single", "type: singel", 1))
    response = client.post("/teacher/banks/check", follow_redirects=True)
    html = page(response)
    assert "Checked the bank folder: 0 imported, 0 unchanged, 1 removed, 2 problems." in html
    assert "<code>sample.yaml</code>" in html
    assert "<code>sample.yaml:12:11</code>: unknown question type" in html
    assert "<code>broken.yaml:5:1</code>: YAML syntax error" in html
    assert str(folder) not in html  # names relative to the bank folder
    assert "not served: its file is gone" in html
    assert "<td>8</td>" in html  # the sample bank's questions
    with app.app_context():
        assert db.session.scalar(select(Bank).where(Bank.slug == "sample")).active


def test_check_folder_with_htmx_swaps_the_overview(teacher, folder):
    client, _ = teacher
    (folder / "more.yaml").write_text(NEW_BANK)
    response = client.post("/teacher/banks/check", headers=HX)
    html = page(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="check-status"')
    assert 'hx-swap-oob="innerHTML"' in html
    assert 'id="bank-overview"' in html and "The planets" in html
    assert "1 imported" in html


def test_the_list_page_names_its_actions(teacher, folder):
    client, _ = teacher
    html = page(client.get("/teacher/banks/"))
    for text_ in ("Upload a bank", "Draft a bank from an article", "Check the folder again"):
        assert text_ in html
    assert 'aria-current="page"' in html  # the nav marks "Manage banks"


# Upload, preview, publish -------------------------------------------------------------


def test_upload_preview_publish_then_students_take_it(app, teacher, folder, learner):
    client, _ = teacher
    assert "Check the file" in page(client.get("/teacher/banks/upload"))
    upload_id = uploaded_id(upload(client, NEW_BANK, "planets.yaml"))
    html = page(client.get(f"/teacher/banks/upload/{upload_id}"))
    assert "Which planet is the largest?" in html
    assert "Jupiter <strong>(right)</strong>" in html
    assert "Jupiter is more than twice as massive" in html
    assert "paragraph 3, sentence 1" in html
    assert "Astronomical unit" in html
    assert "Replace the existing" not in html
    response = client.post(f"/teacher/banks/upload/{upload_id}/publish")
    assert response.status_code == 303
    assert response.headers["Location"] == "/teacher/banks/"
    assert "Published “The planets” as planets.yaml with 2 questions" in page(
        client.get("/teacher/banks/")
    )
    assert (folder / "planets.yaml").read_text() == NEW_BANK
    assert not list(folder.glob(".*.tmp"))
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "planets"))
        assert bank.active and bank.path == str(folder / "planets.yaml")
        assert db.session.get(PendingBank, upload_id) is None
    learner.name("Ada")
    assert "The planets" in page(learner.client.get("/"))
    started = learner.start("planets")
    assert started.status_code == 303 and "/attempts/" in started.headers["Location"]


def test_a_broken_yaml_upload_lists_its_problems_by_line(app, teacher, folder):
    client, _ = teacher
    response = upload(client, BROKEN, "broken.yaml")
    html = page(response)
    assert response.status_code == 200
    assert "1 problem kept this file out" in html
    assert "broken.yaml:5:1: YAML syntax error" in html
    assert not (folder / "broken.yaml").exists()
    with app.app_context():
        assert db.session.scalar(select(PendingBank)) is None


def test_validation_messages_are_those_of_quizapp_validate(teacher, runner, tmp_path):
    client, _ = teacher
    broken = NEW_BANK.replace("answer: true", "answer: maybe").replace("source: 2", "source: 0")
    path = tmp_path / "planets.yaml"
    path.write_text(broken)
    result = runner.invoke(args=["validate", str(path)])
    expected = [line.replace(str(path), "planets.yaml") for line in result.output.splitlines()]
    messages = [line for line in expected if line.startswith("planets.yaml:")]
    assert len(messages) == 2
    html = page(upload(client, broken, "planets.yaml"))
    for message in messages:
        assert str(escape(message)) in html


def escape(text_: str):
    from markupsafe import escape as markup_escape

    return markup_escape(text_)


def test_a_gift_upload_is_converted_and_previewed_as_yaml(app, teacher, folder):
    client, _ = teacher
    upload_id = uploaded_id(upload(client, GIFT, "europe.gift"))
    html = page(client.get(f"/teacher/banks/upload/{upload_id}"))
    assert "converted to YAML" in html
    assert "What is the capital of France?" in html
    assert "Paris <strong>(right)</strong>" in html
    assert "id: europe" in html  # the YAML to be written
    client.post(f"/teacher/banks/upload/{upload_id}/publish")
    assert "What is the capital of France?" in (folder / "europe.yaml").read_text()
    with app.app_context():
        assert db.session.scalar(select(Bank).where(Bank.slug == "europe")).active


def test_an_aiken_upload_with_the_format_chosen(teacher):
    client, _ = teacher
    upload_id = uploaded_id(upload(client, AIKEN, "planets-quiz.txt", fmt="aiken"))
    html = page(client.get(f"/teacher/banks/upload/{upload_id}"))
    assert "Which planet is the largest?" in html
    assert "Jupiter <strong>(right)</strong>" in html


def test_an_unknown_format_asks_for_one(teacher):
    client, _ = teacher
    html = page(upload(client, "just some words\n", "notes.txt"))
    assert "cannot tell the format of this file" in html
    assert "choose its format in the Format list" in html


def test_converter_notes_keep_their_lines(teacher):
    client, _ = teacher
    gift = "::Good::Is this kept?{T}\n\n::No right::Which?{~a ~b}\n"
    html = page(upload(client, gift, "quiz.gift"))
    assert "quiz.gift:3:" in html
    assert "kept this file out" in html


def test_a_file_without_anything_chosen(teacher):
    client, _ = teacher
    response = client.post("/teacher/banks/upload", data={"format": "auto"})
    assert response.status_code == 200
    assert "Choose a bank file to upload." in page(response)


def test_a_file_over_the_bank_limit_gets_a_clear_message():
    from quizapp.authoring.uploads import check_upload
    from quizapp.banks.loader import MAX_BYTES

    check = check_upload("big.gift", b"x" * (MAX_BYTES + 1))
    limit = MAX_BYTES // 2**20
    assert check.problems == [
        f"big.gift: the file is {(MAX_BYTES + 1) / 2**20:.1f} MiB; an upload may be at most"
        f" {limit} MiB: split it into several banks"
    ]


def test_a_request_over_the_site_limit_is_answered_on_the_form(teacher):
    client, _ = teacher
    # Encoded here: the test client leaves its own temporary file of a large body open.
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    big = FileStorage(io.BytesIO(b"x" * (2 * 1024 * 1024 + 1)), "huge.yaml")
    boundary, body = encode_multipart({"file": big, "format": "auto"})
    response = client.post(
        "/teacher/banks/upload",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    html = page(response)
    assert "larger than this site accepts (2 MiB)" in html
    assert "Check the file" in html


def test_replacing_a_bank_needs_the_box_ticked(app, teacher, folder):
    client, _ = teacher
    original = (folder / "sample.yaml").read_text()
    replacement = NEW_BANK.replace("id: planets", "id: sample")
    upload_id = uploaded_id(upload(client, replacement, "mine.yaml"))
    html = page(client.get(f"/teacher/banks/upload/{upload_id}"))
    assert "Replace the existing bank “Sample bank”" in html
    response = client.post(f"/teacher/banks/upload/{upload_id}/publish")
    assert response.status_code == 200
    assert "A bank with this id exists already: the bank “Sample bank” (from sample.yaml)" in (
        page(response)
    )
    assert (folder / "sample.yaml").read_text() == original
    response = client.post(f"/teacher/banks/upload/{upload_id}/publish", data={"replace": "y"})
    assert response.status_code == 303
    assert (folder / "sample.yaml").read_text() == replacement
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "sample"))
        assert bank.title == "The planets"


def test_replacing_a_bank_from_another_file_sets_that_file_aside(app, teacher, folder):
    client, _ = teacher
    (folder / "sample.yaml").rename(folder / "old-name.yaml")
    client.post("/teacher/banks/check")
    upload_id = uploaded_id(upload(client, NEW_BANK.replace("id: planets", "id: sample"), "a.yaml"))
    client.post(f"/teacher/banks/upload/{upload_id}/publish", data={"replace": "y"})
    assert (folder / "sample.yaml").exists()
    assert not (folder / "old-name.yaml").exists()
    assert (folder / "old-name.yaml.replaced").exists()
    assert "renamed to old-name.yaml.replaced" in page(client.get("/teacher/banks/"))
    with app.app_context():
        assert not db.session.scalars(select(BankProblem)).all()


def test_a_file_of_the_same_name_is_protected_too(teacher, folder):
    client, _ = teacher
    (folder / "planets.yaml").write_text(BROKEN)
    upload_id = uploaded_id(upload(client, NEW_BANK, "planets.yaml"))
    assert "Replace the existing file planets.yaml" in page(
        client.get(f"/teacher/banks/upload/{upload_id}")
    )
    response = client.post(f"/teacher/banks/upload/{upload_id}/publish")
    assert "the file planets.yaml" in page(response)
    assert (folder / "planets.yaml").read_text() == BROKEN


def test_another_teachers_upload_is_not_found(app, teacher, folder):
    client, _ = teacher
    upload_id = uploaded_id(upload(client, NEW_BANK, "planets.yaml"))
    other = app.test_client()
    login_as(other, make_user(app, "teacher2", role="teacher"))
    assert other.get(f"/teacher/banks/upload/{upload_id}").status_code == 404
    assert other.post(f"/teacher/banks/upload/{upload_id}/publish").status_code == 404
    assert other.post(f"/teacher/banks/upload/{upload_id}/discard").status_code == 404
    assert client.get("/teacher/banks/upload/999999").status_code == 404
    assert not (folder / "planets.yaml").exists()


def test_discarding_an_upload(app, teacher, folder):
    client, _ = teacher
    upload_id = uploaded_id(upload(client, NEW_BANK, "planets.yaml"))
    response = client.post(f"/teacher/banks/upload/{upload_id}/discard")
    assert response.status_code == 303
    assert client.get(f"/teacher/banks/upload/{upload_id}").status_code == 404
    assert not (folder / "planets.yaml").exists()


def test_teacher_text_is_escaped_in_the_preview(teacher):
    client, _ = teacher
    sneaky = NEW_BANK.replace("Which planet is the largest?", "<script>alert(1)</script>?")
    upload_id = uploaded_id(upload(client, sneaky, "planets.yaml"))
    html = page(client.get(f"/teacher/banks/upload/{upload_id}"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;?" in html


def test_upload_and_publish_with_csrf_on(csrf_app, tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    csrf_app.config["QUESTIONS_DIR"] = str(folder)
    client = csrf_app.test_client()
    login_as(client, make_user(csrf_app, "teacher3", role="teacher"))
    assert upload(client, NEW_BANK, "planets.yaml").status_code == 400
    token = csrf_token(page(client.get("/teacher/banks/upload")))
    response = client.post(
        "/teacher/banks/upload",
        data={"file": (io.BytesIO(NEW_BANK.encode()), "planets.yaml"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    upload_id = uploaded_id(response)
    assert client.post(f"/teacher/banks/upload/{upload_id}/publish").status_code == 400
    token = csrf_token(page(client.get(f"/teacher/banks/upload/{upload_id}")))
    response = client.post(f"/teacher/banks/upload/{upload_id}/publish", data={"csrf_token": token})
    assert response.status_code == 303
    assert (folder / "planets.yaml").exists()


def csrf_token(html: str) -> str:
    marker = 'name="csrf_token" type="hidden" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


# Live reload --------------------------------------------------------------------------


def test_live_reload_picks_up_an_edited_file(app, client, folder):
    app.config["BANK_RELOAD_INTERVAL"] = 1e-9
    assert "Sample bank" in page(client.get("/"))
    path = folder / "sample.yaml"
    path.write_text(path.read_text().replace("title: Sample bank", "title: Edited bank"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert "Edited bank" in page(client.get("/"))
    (folder / "planets.yaml").write_text(NEW_BANK)
    assert "The planets" in page(client.get("/"))
    (folder / "planets.yaml").write_text(BROKEN)
    client.get("/")
    with app.app_context():
        assert db.session.scalars(select(BankProblem.path)).all() == [str(folder / "planets.yaml")]
    (folder / "planets.yaml").unlink()
    assert "The planets" not in page(client.get("/"))


def test_live_reload_looks_only_when_something_changed(app, client, folder, monkeypatch):
    from quizapp.library import reload

    calls = []
    real = reload.sync_folder
    monkeypatch.setattr(reload, "sync_folder", lambda path: calls.append(path) or real(path))
    app.config["BANK_RELOAD_INTERVAL"] = 1e-9
    for _ in range(3):
        client.get("/")
    assert len(calls) == 1  # the first look imports; nothing changed since
    (folder / "planets.yaml").write_text(NEW_BANK)
    client.get("/")
    client.get("/")
    assert len(calls) == 2


def test_live_reload_waits_for_its_interval(app, client, folder, monkeypatch):
    from quizapp.library import reload

    calls = []
    monkeypatch.setattr(reload, "sync_folder", lambda path: calls.append(path))
    app.config["BANK_RELOAD_INTERVAL"] = 3600
    client.get("/")
    (folder / "planets.yaml").write_text(NEW_BANK)
    client.get("/")
    assert len(calls) == 1
    app.config["BANK_RELOAD_INTERVAL"] = 0  # off
    app.extensions.pop(reload.EXTENSION_KEY)
    client.get("/")
    assert len(calls) == 1


def test_a_failed_reload_does_not_fail_the_request(app, client, folder, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from quizapp.library import reload

    calls = []

    def racing(path):
        calls.append(path)
        if len(calls) == 1:
            raise IntegrityError("INSERT INTO bank", {}, Exception("duplicate key"))
        return reload.SyncReport()

    monkeypatch.setattr(reload, "sync_folder", racing)
    app.config["BANK_RELOAD_INTERVAL"] = 1e-9
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    assert len(calls) == 2  # tried again at the next look


@pytest.mark.skipif(not pg_backend(), reason="the advisory lock exists on PostgreSQL only")
def test_live_reload_leaves_the_folder_to_an_instance_holding_the_lock(app, client, folder):
    from quizapp.library.locks import SETUP_LOCK_KEY

    app.config["BANK_RELOAD_INTERVAL"] = 1e-9
    (folder / "planets.yaml").write_text(NEW_BANK)
    with app.app_context(), db.engine.connect() as other:
        other.execute(text("SELECT pg_advisory_lock(:k)"), {"k": SETUP_LOCK_KEY})
        assert client.get("/").status_code == 200
        assert "The planets" not in page(client.get("/"))
        other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SETUP_LOCK_KEY})
        other.commit()
    assert "The planets" in page(client.get("/"))


# Drafting and review ------------------------------------------------------------------


def drafted(client, bank_id: str = "ferry") -> str:
    response = client.post("/teacher/banks/draft", data={"bank_id": bank_id, "article": ARTICLE})
    assert response.status_code == 303, page(response)
    assert response.headers["Location"] == f"/teacher/banks/{bank_id}/review"
    return bank_id


def file_questions(folder: Path, bank_id: str = "ferry") -> list[dict]:
    return yaml.safe_load((folder / f"{bank_id}.yaml").read_text())["questions"]


def test_drafting_writes_a_draft_bank_and_keeps_the_article(app, teacher, folder):
    client, _ = teacher
    assert "Draft the questions" in page(client.get("/teacher/banks/draft"))
    drafted(client)
    questions = file_questions(folder)
    assert questions and all(q["draft"] is True for q in questions)
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "ferry"))
        assert bank.active and servable_questions(bank) == []
        article = db.session.scalar(select(DraftArticle))
        assert article.bank_slug == "ferry" and article.text == ARTICLE
        assert article.sentences["1.2"].startswith("The ferry carries 120 passengers")


def test_the_review_page_marks_each_answer_in_its_sentence(teacher, folder):
    client, _ = teacher
    drafted(client)
    html = page(client.get("/teacher/banks/ferry/review"))
    assert "<mark>" in html
    assert (
        'The ferry carries <span class="visually-hidden">[answer:] </span><mark>120</mark>' in html
    )
    for action in ("Approve", "Edit", "Discard"):
        assert f'>{action}<span class="visually-hidden">' in html
    assert 'role="status"' in html


def test_draft_ids_and_articles_are_checked(teacher, folder):
    client, _ = teacher
    html = page(client.post("/teacher/banks/draft", data={"bank_id": "sample", "article": ARTICLE}))
    assert "The bank “Sample bank” already has the id &#39;sample&#39;" in html
    (folder / "taken.yaml").write_text(BROKEN)
    html = page(client.post("/teacher/banks/draft", data={"bank_id": "taken", "article": ARTICLE}))
    assert "The bank folder already has a file taken.yaml" in html
    assert (folder / "taken.yaml").read_text() == BROKEN
    html = page(client.post("/teacher/banks/draft", data={"bank_id": "bad id!", "article": "x"}))
    assert "Use only letters, digits" in html
    html = page(client.post("/teacher/banks/draft", data={"bank_id": "empty"}))
    assert "Paste the article here, or choose an article file below." in html
    response = client.post(
        "/teacher/banks/draft", data={"bank_id": "nothing", "article": "hello there\n\nno facts"}
    )
    assert response.status_code == 200
    assert "Nothing could be drafted from this article" in page(response)
    assert not (folder / "nothing.yaml").exists()


def test_drafting_from_an_article_file(teacher, folder):
    client, _ = teacher
    response = client.post(
        "/teacher/banks/draft",
        data={"bank_id": "ferry", "article_file": (io.BytesIO(ARTICLE.encode()), "ferry.md")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    assert (folder / "ferry.yaml").exists()
    response = client.post(
        "/teacher/banks/draft",
        data={"bank_id": "latin", "article_file": (io.BytesIO(b"caf\xe9 1987"), "a.txt")},
        content_type="multipart/form-data",
    )
    assert "This file is not UTF-8 text" in page(response)


def test_approving_a_draft_serves_it(app, teacher, folder):
    client, _ = teacher
    drafted(client)
    key = file_questions(folder)[0]["id"]
    response = client.post(f"/teacher/banks/ferry/review/{key}/approve")
    assert response.status_code == 303
    assert response.headers["Location"] == "/teacher/banks/ferry/review"
    assert "Approved “" in page(client.get("/teacher/banks/ferry/review"))
    first = file_questions(folder)[0]
    assert first["id"] == key and "draft" not in first
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "ferry"))
        assert [row.key for row in servable_questions(bank)] == [key]
    again = client.post(f"/teacher/banks/ferry/review/{key}/approve", follow_redirects=True)
    assert "is not a draft: it was approved already" in page(again)


def test_approving_and_discarding_with_htmx_swap_the_draft(app, teacher, folder):
    client, _ = teacher
    drafted(client)
    keys = [q["id"] for q in file_questions(folder)]
    response = client.post(f"/teacher/banks/ferry/review/{keys[0]}/approve", headers=HX)
    html = page(response)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith(f'<li id="draft-{keys[0]}"')
    assert "students get it from now on" in html
    assert '<div id="review-status" hx-swap-oob="innerHTML">' in html
    response = client.post(f"/teacher/banks/ferry/review/{keys[1]}/discard", headers=HX)
    html = page(response)
    assert "it is gone from the bank file" in html and "<html" not in html
    assert [q["id"] for q in file_questions(folder)] == [keys[0], *keys[2:]]
    with app.app_context():
        gone = db.session.scalar(select(Question).where(Question.key == keys[1]))
        assert not gone.active


def test_a_failed_action_with_htmx_keeps_the_draft_and_says_why(teacher, folder):
    client, _ = teacher
    drafted(client)
    path = folder / "ferry.yaml"
    key = file_questions(folder)[0]["id"]
    path.write_text(path.read_text().replace("title: Harbour", "title: [Harbour", 1))
    response = client.post(f"/teacher/banks/ferry/review/{key}/approve", headers=HX)
    html = page(response)
    assert response.status_code == 200
    assert "The bank file has problems" in html
    assert f'<li id="draft-{key}"' in html and 'class="error"' in html


def test_discarding_a_draft_without_javascript(app, teacher, folder):
    client, _ = teacher
    drafted(client)
    key = file_questions(folder)[-1]["id"]
    response = client.post(f"/teacher/banks/ferry/review/{key}/discard")
    assert response.status_code == 303
    assert key not in [q["id"] for q in file_questions(folder)]
    assert "it is gone from the bank file" in page(client.get("/teacher/banks/ferry/review"))


def test_editing_a_draft_keeps_it_a_draft(app, teacher, folder):
    client, _ = teacher
    drafted(client)
    question = file_questions(folder)[0]
    key = question["id"]
    form = page(client.get(f"/teacher/banks/ferry/review/{key}/edit"))
    assert f"id: {key}" in form and "draft: true" in form
    edited = yaml.safe_dump({**question, "prompt": "A better prompt?"}, sort_keys=False)
    edited = edited.replace("draft: true\n", "")
    response = client.post(f"/teacher/banks/ferry/review/{key}/edit", data={"question": edited})
    assert response.status_code == 303
    saved = file_questions(folder)[0]
    assert saved["prompt"] == "A better prompt?" and saved["draft"] is True
    with app.app_context():
        row = db.session.scalar(select(Question).where(Question.key == key, Question.active))
        assert row.data["prompt"] == "A better prompt?"


def test_editing_a_draft_reports_problems_by_line_in_the_box(teacher, folder):
    client, _ = teacher
    drafted(client)
    key = file_questions(folder)[0]["id"]
    before = (folder / "ferry.yaml").read_text()
    bad = f"id: {key}\ntype: single\nprompt: Which?\nexplanation: Because.\nsource: 1\nchoices: 3\n"
    response = client.post(f"/teacher/banks/ferry/review/{key}/edit", data={"question": bad})
    html = page(response)
    assert response.status_code == 200
    assert "line 6, column 10:" in html
    good_choices = "choices: [{text: a, correct: true}, {text: b}]\n"
    renamed = bad.replace(key, "other").replace("choices: 3\n", good_choices)
    response = client.post(f"/teacher/banks/ferry/review/{key}/edit", data={"question": renamed})
    assert "line 1, column 1: the id must stay" in page(response)
    assert (folder / "ferry.yaml").read_text() == before


def test_review_urls_for_unknown_banks_and_questions(teacher, folder):
    client, _ = teacher
    drafted(client)
    assert client.get("/teacher/banks/nope/review").status_code == 404
    assert client.get("/teacher/banks/ferry/review/nope/edit").status_code == 404
    assert client.post("/teacher/banks/nope/review/x/approve").status_code == 404
    html = page(client.post("/teacher/banks/ferry/review/nope/approve", follow_redirects=True))
    assert "There is no question &#39;nope&#39; in this bank any more." in html


# Domain functions, without an app -------------------------------------------------------


def test_write_atomic_never_overwrites_when_told_not_to(tmp_path, monkeypatch):
    from quizapp.library.files import write_atomic

    target = tmp_path / "bank.yaml"
    write_atomic(target, "one\n", overwrite=False)
    with pytest.raises(FileExistsError):
        write_atomic(target, "two\n", overwrite=False)
    assert target.stat().st_mode & 0o777 == 0o644
    target.chmod(0o640)
    write_atomic(target, "three\n")
    assert target.read_text() == "three\n"
    assert target.stat().st_mode & 0o777 == 0o640

    def no_links(*_args):
        raise PermissionError("hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    write_atomic(tmp_path / "other.yaml", "four\n", overwrite=False)
    assert (tmp_path / "other.yaml").read_text() == "four\n"
    with pytest.raises(FileExistsError):
        write_atomic(tmp_path / "other.yaml", "five\n", overwrite=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.yaml", "other.yaml"]


def test_approve_discard_and_replace_edit_the_bank_dict(tmp_path):
    from quizapp.library import files as bankfiles

    path = tmp_path / "planets.yaml"
    path.write_text(NEW_BANK.replace("    answer: true\n", "    answer: true\n    draft: true\n"))
    bank = bankfiles.read_bank(path)
    with pytest.raises(bankfiles.BankEditError, match="not a draft"):
        bankfiles.approve(bank, "largest")
    bankfiles.approve(bank, "rings")
    assert "draft" not in bankfiles.find_question(bank, "rings")
    replaced = bankfiles.replace_question(bank, "largest", {**bank["questions"][0], "points": 2})
    assert replaced["questions"][0]["draft"] is True and replaced["questions"][0]["points"] == 2
    bankfiles.discard(bank, "largest")
    with pytest.raises(bankfiles.BankEditError, match="only question"):
        bankfiles.discard(bank, "rings")
    text_ = bankfiles.render_bank(path, bank)
    assert "id: rings" in text_ and "largest" not in text_
    with pytest.raises(bankfiles.BankEditError, match="no question 'gone'"):
        bankfiles.approve(bank, "gone")
    path.write_text(BROKEN)
    with pytest.raises(bankfiles.BankEditError, match="fix them first") as error:
        bankfiles.read_bank(path)
    assert any(":5:1: YAML syntax error" in problem for problem in error.value.problems)


def test_question_yaml_round_trips_and_points_into_the_box():
    from quizapp.library import files as bankfiles

    question = yaml.safe_load(NEW_BANK)["questions"][0]
    box = bankfiles.question_yaml(question)
    assert box.startswith("id: largest\ntype: single\n")
    assert bankfiles.parse_question(box, "largest") == question
    with pytest.raises(bankfiles.BankEditError) as error:
        bankfiles.parse_question(box.replace("type: single", "type: singel"), "largest")
    assert error.value.problems[0].startswith("line 2, column 7: unknown question type")


def test_the_answer_is_found_in_its_sentence():
    from quizapp.authoring.drafts import Marked, answer_texts, citation, mark_answer

    numeric = {"type": "numeric", "answer": 2500.0, "source": {"paragraph": 2, "sentence": 1}}
    assert mark_answer("About 2,500 troops stay.", numeric) == Marked(
        "About ", "2,500", " troops stay."
    )
    cloze = {"type": "cloze", "blanks": [{"answers": ["Rosa Delgado", "Delgado"]}], "source": 3}
    assert mark_answer("Captain Delgado said so.", cloze).span == "Delgado"
    assert mark_answer("Nothing here.", cloze) == Marked("Nothing here.", "", "")
    assert answer_texts({"type": "true_false", "answer": True}) == []
    assert citation(numeric) == (2, 1) and citation(cloze) == (3, None)


def test_upload_checks_name_their_file_and_format():
    from quizapp.authoring.uploads import check_upload, clean_filename

    assert clean_filename("C:\\Users\\me\\quiz.gift") == "quiz.gift"
    assert clean_filename("") == "upload.yaml"
    check = check_upload("europe.gift", GIFT.encode())
    assert check.ok and check.fmt == "gift" and check.bank.bank.id == "europe"
    assert check_upload("planets.yaml", NEW_BANK.encode()).yaml_text == NEW_BANK
    assert not check_upload("planets.yaml", BROKEN.encode()).ok


def test_the_draft_form_takes_the_articles_title_author_date_and_address(app, teacher, folder):
    client, _ = teacher
    form = page(client.get("/teacher/banks/draft"))
    for label in ("Article title", "Author", "Published on", "Web address of the article"):
        assert f">{label}</label>" in form or f">{label}<" in form
    source = {
        "source_title": "Ferry returns to the island",
        "source_author": "R. Reporter",
        "source_published": "2024-03-05",
        "source_url": "https://example.org/ferry",
    }
    response = client.post(
        "/teacher/banks/draft", data={"bank_id": "ferry", "article": ARTICLE} | source
    )
    assert response.status_code == 303, page(response)
    written = yaml.safe_load((folder / "ferry.yaml").read_text())
    assert written["source"] == {
        "title": "Ferry returns to the island",
        "author": "R. Reporter",
        "published": dt.date(2024, 3, 5),
        "url": "https://example.org/ferry",
    }
    bad = client.post(
        "/teacher/banks/draft",
        data={"bank_id": "ferry2", "article": ARTICLE, "source_url": "javascript:alert(1)"},
    )
    assert "starting with https:// or http://" in page(bad)
    assert not (folder / "ferry2.yaml").exists()


def test_approve_all_serves_every_draft_in_one_click(app, teacher, folder):
    client, _ = teacher
    drafted(client)
    keys = [question["id"] for question in file_questions(folder)]
    assert len(keys) > 1
    review = page(client.get("/teacher/banks/ferry/review"))
    assert f"Approve all {len(keys)} drafts" in review
    response = client.post("/teacher/banks/ferry/review/approve-all", follow_redirects=True)
    assert f"Approved {len(keys)} drafts: students get them from now on." in page(response)
    assert "No drafts left in this bank." in page(response)
    assert all("draft" not in question for question in file_questions(folder))
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == "ferry"))
        assert [row.key for row in servable_questions(bank)] == keys
    again = client.post("/teacher/banks/ferry/review/approve-all", follow_redirects=True)
    assert "There are no drafts left to approve." in page(again)


def test_discard_all_keeps_the_approved_and_never_empties_the_bank(app, teacher, folder):
    client, _ = teacher
    drafted(client)
    keys = [question["id"] for question in file_questions(folder)]
    refused = client.post("/teacher/banks/ferry/review/discard-all", follow_redirects=True)
    # The ferry article drafts no cards, so discarding every draft would empty the bank.
    assert not yaml.safe_load((folder / "ferry.yaml").read_text()).get("cards")
    assert "a bank needs at least one question or card" in page(refused)
    assert len(file_questions(folder)) == len(keys)
    client.post(f"/teacher/banks/ferry/review/{keys[0]}/approve")
    done = client.post("/teacher/banks/ferry/review/discard-all", follow_redirects=True)
    assert f"Discarded {len(keys) - 1} drafts" in page(done)
    assert [question["id"] for question in file_questions(folder)] == [keys[0]]
