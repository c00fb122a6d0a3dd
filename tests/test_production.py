"""Production settings through the test client: headers, compression, static files, secrets."""

from __future__ import annotations

import gzip
import hashlib
import importlib
import re
import sys

import brotli
import pytest
from click.testing import CliRunner

from quizapp import config, create_app
from quizapp.config import MissingSecretKey
from quizapp.web import assets
from quizapp.web.security import CONTENT_SECURITY_POLICY

STATIC = config.PROJECT_ROOT / "static"
ASSET_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def linked_assets(client) -> list[str]:
    return ASSET_LINK.findall(client.get("/").get_data(as_text=True))


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/no/such/page", linked_assets(client)[0]):
        response = client.get(path)
        headers = response.headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in headers


def test_error_and_post_responses_carry_them_too(client, learner):
    assert client.post("/attempts/999/1").headers["X-Frame-Options"] == "DENY"
    assert learner.name("Ada").headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_the_policy_allows_nothing_inline():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_pages_have_no_inline_scripts_or_styles(client, learner):
    learner.name("Ada")
    attempt = learner.start().headers["Location"]
    for path in ("/", "/banks/sample", attempt, "/history", "/learner"):
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert " style=" not in page, path
        assert "<style" not in page, path
        for tag in re.findall(r"<script[^>]*>", page):
            assert "src=" in tag, (path, tag)
        assert not re.findall(r"<[^>]*\son[a-z]+=", page), path


def test_hsts_only_over_https(tmp_path, pg_url):
    from tests.helpers.app import dispose, make_app

    app = make_app(tmp_path, pg_url, SESSION_COOKIE_SECURE=True)
    try:
        response = app.test_client().get("/no/such/page")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    finally:
        dispose(app)


def test_layout_links_assets_by_content_hash(client):
    links = linked_assets(client)
    for name in ("app.css", "vendor/htmx.min.js", "app.js", "favicon.svg"):
        digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:8]
        stem, suffix = name.rsplit(".", 1)
        assert f"/static/{stem}.{digest}.{suffix}" in links


def test_hashed_assets_are_cached_for_a_year(client):
    for link in linked_assets(client):
        response = client.get(link)
        assert response.status_code == 200
        cache = response.headers["Cache-Control"]
        assert "public" in cache and "max-age=31536000" in cache and "immutable" in cache


def test_plain_names_keep_working_with_a_short_cache(client):
    response = client.get("/static/app.css")
    assert response.status_code == 200
    assert response.data == (STATIC / "app.css").read_bytes()
    assert response.mimetype == "text/css"
    assert "immutable" not in response.headers["Cache-Control"]
    assert "max-age=300" in response.headers["Cache-Control"]


def test_a_stale_hash_gets_the_current_file_without_the_long_cache(client):
    response = client.get("/static/app.00000000.css")
    assert response.status_code == 200
    assert response.data == (STATIC / "app.css").read_bytes()
    assert "immutable" not in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    ["/static/nope.css", "/static/nope.0123abcd.css", "/static/../pyproject.toml", "/static/"],
)
def test_missing_or_outside_files_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_static_files_answer_conditional_requests(client):
    link = linked_assets(client)[0]
    first = client.get(link, headers={"Accept-Encoding": "br"})
    again = client.get(
        link, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.5, br;q=0.9", "br"),
        ("*", "br"),
        ("identity", None),
        ("", None),
        ("gzip;q=zz", None),
    ],
)
def test_choose_encoding(accept, expected):
    assert assets.choose_encoding(accept) == expected


def decode(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.data)
    if encoding == "gzip":
        return gzip.decompress(response.data)
    assert encoding is None
    return response.data


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_static_css_and_js_are_compressed(client, encoding):
    for link in [link for link in linked_assets(client) if link.endswith((".css", ".js"))]:
        response = client.get(link, headers={"Accept-Encoding": encoding})
        plain = re.sub(r"\.[0-9a-f]{8}(\.[a-z]+)$", r"\1", link.removeprefix("/static/"))
        assert response.headers["Content-Encoding"] == encoding, link
        assert "Accept-Encoding" in response.headers["Vary"]
        assert decode(response) == (STATIC / plain).read_bytes()
        assert len(response.data) < len(decode(response))


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_html_pages_are_compressed(client, encoding):
    response = client.get("/", headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert b"<html" in decode(response)


def test_files_too_small_to_gain_are_sent_as_they_are(client):
    response = client.get("/static/favicon.svg", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.data == (STATIC / "favicon.svg").read_bytes()


def test_no_compression_unless_asked(client):
    response = client.get("/")
    assert "Content-Encoding" not in response.headers
    assert b"<html" in response.data


def test_json_and_svg_are_compressed(tmp_path, pg_url):
    from tests.helpers.app import dispose, make_app

    app = make_app(tmp_path, pg_url)
    svg = '<svg xmlns="http://www.w3.org/2000/svg">' + "<rect/>" * 200 + "</svg>"
    app.add_url_rule("/chart.svg", "chart", lambda: (svg, 200, {"Content-Type": "image/svg+xml"}))
    app.add_url_rule("/data.json", "data", lambda: {"values": list(range(300))})
    try:
        client = app.test_client()
        for path in ("/chart.svg", "/data.json", "/static/bank.schema.json"):
            response = client.get(path, headers={"Accept-Encoding": "gzip"})
            assert response.headers["Content-Encoding"] == "gzip", path
            assert len(decode(response)) > len(response.data)
    finally:
        dispose(app)


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("QUIZAPP_ENV", "production")
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    with pytest.raises(MissingSecretKey, match="QUIZAPP_SECRET_KEY is not set"):
        create_app()
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "   ")
    with pytest.raises(MissingSecretKey):
        create_app()
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_production_starts_with_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("QUIZAPP_ENV", "production")
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "a-long-random-string")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    app = create_app()
    assert app.secret_key == "a-long-random-string"


def test_development_still_generates_a_key(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("QUIZAPP_ENV", raising=False)
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    app = create_app()
    assert app.secret_key == (tmp_path / "instance" / "secret_key").read_text().strip()


def test_serve_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    from quizapp.cli import cli

    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path / "instance"))
    # serve sets QUIZAPP_ENV itself; setenv first so that the test puts it back afterwards.
    monkeypatch.setenv("QUIZAPP_ENV", "development")
    monkeypatch.delenv("QUIZAPP_SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 1
    assert "QUIZAPP_SECRET_KEY is not set" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "db.sqlite3").exists(), "it must stop before touching the database"


def test_wsgi_module_builds_a_production_app(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZAPP_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("QUIZAPP_ENV", "production")
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("QUIZAPP_PROXY_HOPS", "1")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.delitem(sys.modules, "quizapp.wsgi", raising=False)
    module = importlib.import_module("quizapp.wsgi")
    try:
        assert module.app.secret_key == "k" * 40
        assert type(module.app.wsgi_app).__name__ == "ProxyFix"
    finally:
        sys.modules.pop("quizapp.wsgi", None)


def test_pool_settings_come_from_the_environment():
    environ = {
        "QUIZAPP_DB_POOL_SIZE": "3",
        "QUIZAPP_DB_MAX_OVERFLOW": "2",
        "QUIZAPP_DB_POOL_TIMEOUT": "10",
        "QUIZAPP_DB_POOL_RECYCLE": "1800",
    }
    assert config.engine_options(environ) == {
        "pool_pre_ping": True,
        "pool_size": 3,
        "max_overflow": 2,
        "pool_timeout": 10,
        "pool_recycle": 1800,
    }
    assert config.engine_options({}) == {"pool_pre_ping": True}
    with pytest.raises(ValueError, match="QUIZAPP_DB_POOL_SIZE must be a whole number"):
        config.engine_options({"QUIZAPP_DB_POOL_SIZE": "many"})


@pytest.mark.parametrize(
    "path",
    [
        "/attempts/99999999999999999999999/1",
        "/attempts/9223372036854775808/summary",
        "/attempts/2147483648/1",
    ],
)
def test_ids_beyond_what_a_column_holds_are_not_found(client, learner, path):
    learner.name("Ada")
    assert client.get(path).status_code == 404
    assert client.post(path).status_code in (404, 405)


def test_instance_and_questions_do_not_depend_on_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUIZAPP_INSTANCE", raising=False)
    monkeypatch.delenv("QUIZAPP_QUESTIONS", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    assert app.instance_path == str(config.PROJECT_ROOT / "instance")
    assert config.questions_dir() == config.PROJECT_ROOT / "questions"
    assert not (tmp_path / "instance").exists()


def test_templates_link_every_static_file_through_static_url():
    """A plain /static/ link would miss the content hash, and with it the year-long cache."""
    plain = re.compile(r"""url_for\(\s*['"]static['"]|(?:src|href)=["']/static/""")
    found = [
        f"{path.relative_to(config.PROJECT_ROOT)}: {match.group(0)}"
        for path in sorted((config.PROJECT_ROOT / "templates").rglob("*.html"))
        for match in plain.finditer(path.read_text())
    ]
    assert not found, found
