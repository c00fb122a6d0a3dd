"""Lint warnings on the teachers' pages: the bank list and the upload preview."""

from __future__ import annotations

import shutil

from tests.helpers.authoring import page, upload, uploaded_id
from tests.helpers.content import LINT


def test_the_bank_list_shows_a_banks_warnings_with_their_lines(app, teacher, folder):  # noqa: F811
    from quizapp.library.sync import sync_folder

    shutil.copy(LINT / "give-away.yaml", folder / "give-away.yaml")
    with app.app_context():
        sync_folder(folder)
    client, _ = teacher
    html = page(client.get("/teacher/banks/"))
    assert "1 item-writing warning" in html
    assert "<code>give-away.yaml:13</code> <strong>give-away</strong>" in html
    assert "the answer to question &#39;twin-city&#39;" in html
    # The sample bank's own warning is listed under it too; a clean bank gets none.
    assert "<code>sample.yaml:78</code> <strong>single-form</strong>" in html


def test_the_upload_preview_shows_warnings_and_still_publishes(app, teacher, folder):  # noqa: F811
    client, _ = teacher
    text = (LINT / "numeric-wording.yaml").read_text("utf-8")
    upload_id = uploaded_id(upload(client, text, "numbers.yaml"))
    html = page(client.get(f"/teacher/banks/upload/{upload_id}"))
    assert "Item-writing warnings" in html and "3 item-writing warnings" in html
    assert "<code>numbers.yaml:8</code> <strong>numeric-wording</strong>" in html
    response = client.post(f"/teacher/banks/upload/{upload_id}/publish")
    assert response.status_code == 303
    assert (folder / "numbers.yaml").exists()


def test_a_clean_upload_has_no_warnings_block(app, teacher, folder):  # noqa: F811
    client, _ = teacher
    text = (LINT / "clean.yaml").read_text("utf-8")
    upload_id = uploaded_id(upload(client, text, "clean.yaml"))
    assert "item-writing warning" not in page(client.get(f"/teacher/banks/upload/{upload_id}"))
