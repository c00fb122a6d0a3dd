"""Configuration read from the environment (QUIZAPP_*, DATABASE_URL)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

# instance/ and questions/ hang off this root, not off the current directory: started from
# another folder, the app must not make itself a new database and secret key there.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class MissingSecretKey(RuntimeError):
    """Production was asked for without a secret key of its own."""


MISSING_SECRET_KEY = (
    "QUIZAPP_SECRET_KEY is not set. In production (QUIZAPP_ENV=production, which"
    " `quizapp serve` sets) quizapp will not start with a key it made up: sessions and"
    " CSRF tokens must be signed with one secret that every instance shares and that"
    " survives a redeploy. Set QUIZAPP_SECRET_KEY to a long random string, for example"
    " the output of: python -c 'import secrets; print(secrets.token_hex(32))'"
)


def is_production(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("QUIZAPP_ENV", "").strip().lower() == "production"


def require_secret_key(environ: Mapping[str, str] = os.environ) -> None:
    """Refuse to go on in production when QUIZAPP_SECRET_KEY is missing or blank."""
    if is_production(environ) and not environ.get("QUIZAPP_SECRET_KEY", "").strip():
        raise MissingSecretKey(MISSING_SECRET_KEY)


def instance_path(environ: Mapping[str, str] = os.environ) -> Path:
    """Return the instance folder: QUIZAPP_INSTANCE, else instance/ under the project root."""
    return Path(environ.get("QUIZAPP_INSTANCE") or PROJECT_ROOT / "instance")


def questions_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Return the bank folder: QUIZAPP_QUESTIONS, else questions/ under the project root."""
    return Path(environ.get("QUIZAPP_QUESTIONS") or PROJECT_ROOT / "questions")


def database_url(instance_path: Path) -> str:
    """Return the SQLAlchemy URL: DATABASE_URL, or a SQLite file under instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_path / 'quizapp.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: Path) -> str:
    """Return QUIZAPP_SECRET_KEY, or a key generated once into instance/secret_key."""
    key = os.environ.get("QUIZAPP_SECRET_KEY", "").strip()
    if key:
        return key
    require_secret_key()  # production never falls back to a generated key
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: two instances starting at once must agree on one key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    # A quiz page may stay open for a long time; the token lives as long as the session.
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # Said outright: Flask-Limiter otherwise keeps the last app's setting for the next app.
    "RATELIMIT_ENABLED": True,
    # When Redis is down, count in memory per process rather than answer with a 500.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_SWALLOW_ERRORS": True,
    # Answers are committed in groups by one writer per process: auto (on for a SQLite
    # file, where one fsync then carries many answers), on or off. GROUP_COMMIT_WAIT: the
    # seconds the writer waits for more answers before it commits what it has.
    "GROUP_COMMIT": "auto",
    "GROUP_COMMIT_WAIT": 0.002,
}


def engine_options(environ=os.environ) -> dict:
    """SQLAlchemy engine options; QUIZAPP_DB_POOL_* size the pool of each worker process."""
    options: dict = {"pool_pre_ping": True}
    for variable, option in (
        ("QUIZAPP_DB_POOL_SIZE", "pool_size"),
        ("QUIZAPP_DB_MAX_OVERFLOW", "max_overflow"),
        ("QUIZAPP_DB_POOL_TIMEOUT", "pool_timeout"),
        ("QUIZAPP_DB_POOL_RECYCLE", "pool_recycle"),
    ):
        value = environ.get(variable, "").strip()
        if value:
            try:
                options[option] = int(value)
            except ValueError:
                raise ValueError(f"{variable} must be a whole number, not {value!r}") from None
    return options


def sqlite_pool(url: str, options: dict) -> dict:
    """A small pool for a SQLite file: it takes one writer at a time, so a gthread worker's
    many threads (live sessions) queue for one of a few connections, in order, rather than
    all wait on SQLite's lock, where some would run out of busy timeout."""
    if url.startswith("sqlite:///") and ":memory:" not in url:
        options = {"pool_size": 2, "max_overflow": 0, "pool_timeout": 60} | options
    return options


def from_environment(instance_path: Path) -> dict:
    """Build the app's configuration mapping."""
    url = database_url(instance_path)
    return DEFAULTS | {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": sqlite_pool(url, engine_options()),
        "QUESTIONS_DIR": str(questions_dir()),
        "SESSION_COOKIE_SECURE": os.environ.get("QUIZAPP_HTTPS", "") == "1",
        "REMEMBER_COOKIE_SECURE": os.environ.get("QUIZAPP_HTTPS", "") == "1",
        "RATELIMIT_STORAGE_URI": os.environ.get("QUIZAPP_RATELIMIT_STORAGE_URI", "memory://"),
        # Seconds between looks at the bank folder for edited files; 0 turns that off.
        "BANK_RELOAD_INTERVAL": float(os.environ.get("QUIZAPP_BANK_RELOAD_INTERVAL") or 2),
        # Sites sharing one Redis keep their counts apart with a prefix of their own.
        "RATELIMIT_KEY_PREFIX": os.environ.get("QUIZAPP_RATELIMIT_KEY_PREFIX", ""),
        # How live-session events reach every process: auto (PostgreSQL NOTIFY on
        # PostgreSQL, memory on SQLite), postgresql or memory.
        "LIVE_BROKER": os.environ.get("QUIZAPP_LIVE_BROKER", "auto"),
        "GROUP_COMMIT": os.environ.get("QUIZAPP_GROUP_COMMIT", "auto"),
        "GROUP_COMMIT_WAIT": float(os.environ.get("QUIZAPP_GROUP_COMMIT_WAIT") or 0.002),
    }
