"""Text every database stores: NUL and other control characters are refused where text
enters (bank files, converted files, the bank folder, publishing), so one bank never takes
the site down (issue 18, finding 1)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.banks.text import document_problem, text_problem
from quizapp.extensions import db
from quizapp.models import Bank, BankProblem, PendingBank
from tests.authoring.test_authoring import page, upload, uploaded_id
from tests.helpers.authoring import NEW_BANK

NUL_BANK = NEW_BANK.replace("id: planets", "id: nul").replace(
    "prompt: Saturn has rings.", 'prompt: "Saturn has\\0 rings."'
)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("plain", False),
        ("tab\tand\r\nlines", False),
        ("שלום \u202e", False),
        ("a\x00b", True),
        ("\x1b[31m", True),
        ("\x7f\x85", False),
        ("half \ud800", True),
    ],
)
def test_the_rule_refuses_control_characters_but_tab_and_line_breaks(text, refused):
    assert (text_problem(text) is not None) == refused


def test_names_refuse_direction_overrides_too():
    assert text_problem("evil\u202etxt.exe") is None
    assert "direction control U+202E" in text_problem("evil\u202etxt.exe", name=True)
    assert "U+2066" in text_problem("\u2066x", name=True)
    assert text_problem("Zoë \u200f", name=True) is None  # a mark, not an override


def test_document_problems_give_line_and_column():
    assert document_problem("ok\nab\x00c\n") == (
        2,
        3,
        "the control character U+0000 (NUL) cannot be stored; remove it",
    )


def test_validate_refuses_a_nul_escape_with_its_line(runner, tmp_path):
    path = tmp_path / "nul.yaml"
    path.write_text(NUL_BANK)
    result = runner.invoke(args=["validate", str(path)])
    assert result.exit_code == 1
    line = NUL_BANK.splitlines().index('    prompt: "Saturn has\\0 rings."') + 1
    assert f"nul.yaml:{line}:13: the control character U+0000 (NUL)" in result.output


def test_an_upload_with_a_nul_escape_is_refused_by_line(app, teacher, folder):
    client, _ = teacher
    html = page(upload(client, NUL_BANK, "nul.yaml"))
    assert "the control character U+0000 (NUL)" in html
    assert not (folder / "nul.yaml").exists()
    with app.app_context():
        assert db.session.scalar(select(PendingBank)) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("nul.gift", "::Q1::Fine?{T}\n\n::Q2::Bro\x00ken?{F}\n"),
        ("nul.txt", "Which?\nA. Yes\nB. N\x00o\nANSWER: A\n"),
    ],
)
def test_a_converted_upload_with_a_raw_nul_names_its_line(app, teacher, folder, name, content):
    client, _ = teacher
    fmt = "gift" if name.endswith("gift") else "aiken"
    html = page(upload(client, content, name, fmt))
    line = 3 if fmt == "gift" else 3
    assert f"{name}:{line}: column" in html
    assert "U+0000 (NUL) cannot be stored" in html
    with app.app_context():
        assert db.session.scalar(select(PendingBank)) is None


def test_a_nul_bank_in_the_folder_is_a_problem_and_the_others_import(app, folder):
    from quizapp.library.sync import sync_folder

    (folder / "nul.yaml").write_text(NUL_BANK)
    (folder / "planets.yaml").write_text(NEW_BANK)
    with app.app_context():
        report = sync_folder(folder)
        assert "planets" in report.stored
        assert [p.path for p in report.problems] == [str(folder / "nul.yaml")]
        assert db.session.scalar(select(Bank).where(Bank.slug == "nul")) is None
        problem = db.session.scalar(select(BankProblem))
        assert "U+0000 (NUL)" in problem.message


def test_a_bank_the_database_refuses_is_listed_and_blocks_no_other(app, folder, monkeypatch):
    """Whatever the loader misses, a store that fails is one bank's problem only."""
    from quizapp.library import sync as importer

    store = importer.store_bank

    def refusing(loaded):
        if loaded.bank.id == "planets":
            raise ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
        return store(loaded)

    monkeypatch.setattr(importer, "store_bank", refusing)
    (folder / "planets.yaml").write_text(NEW_BANK)
    (folder / "other.yaml").write_text(NEW_BANK.replace("id: planets", "id: other"))
    with app.app_context():
        report = importer.sync_folder(folder)
        assert report.stored == ["other"]
        assert len(report.problems) == 1
        assert "could not store this bank" in report.problems[0].message
        assert db.session.scalar(select(Bank).where(Bank.slug == "planets")) is None
        assert db.session.scalar(select(Bank).where(Bank.slug == "sample")).active


def test_a_publish_that_fails_to_import_leaves_no_file(app, teacher, folder, monkeypatch):
    from quizapp.library import sync as importer

    client, _ = teacher
    upload_id = uploaded_id(upload(client, NEW_BANK, "planets.yaml"))
    store = importer.store_bank

    def refusing(loaded):
        if loaded.bank.id == "planets":
            raise ValueError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
        return store(loaded)

    monkeypatch.setattr(importer, "store_bank", refusing)
    response = client.post(f"/teacher/banks/upload/{upload_id}/publish")
    assert response.status_code == 200
    assert "could not store this bank" in page(response)
    assert not (folder / "planets.yaml").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["sample.yaml"]
    with app.app_context():
        assert db.session.scalar(select(BankProblem)) is None


def test_a_failed_replace_puts_the_old_file_back(app, teacher, folder, monkeypatch):
    from quizapp.library import sync as importer

    client, _ = teacher
    (folder / "planets.yaml").write_text(NEW_BANK)
    with app.app_context():
        importer.sync_folder(folder)
    changed = NEW_BANK.replace("Saturn has rings.", "Saturn has many rings.")
    upload_id = uploaded_id(upload(client, changed, "planets.yaml"))
    monkeypatch.setattr(
        importer, "store_bank", lambda loaded: (_ for _ in ()).throw(ValueError("refused"))
    )
    response = client.post(f"/teacher/banks/upload/{upload_id}/publish", data={"replace": "y"})
    assert response.status_code == 200
    assert (folder / "planets.yaml").read_text() == NEW_BANK


def test_a_server_with_a_nul_bank_in_its_folder_starts_and_serves_the_others(tmp_path):
    """The hold-out check: `quizapp serve` (on PostgreSQL in its pass) starts anyway."""
    from tests.load.server import Database, Instance, write_bank

    questions = tmp_path / "questions"
    write_bank(questions, 3)
    (questions / "nul.yaml").write_text(NUL_BANK)
    database = Database(tmp_path, "nulbank")
    server = Instance(tmp_path / "serve", database.url, questions, QUIZAPP_WORKERS="1")
    try:
        server.start().wait_ready()
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("GET", "/banks/load")
        assert connection.getresponse().status == 200
        connection.close()
        assert "Banks: 1 imported, 0 unchanged, 0 removed, 1 problems." in server.log()
        assert "U+0000 (NUL)" in server.log()
    finally:
        server.stop()
        database.close()
