"""The WSGI entry point for servers other than `quizapp serve`: `gunicorn quizapp.wsgi:app`.

It runs in production mode (QUIZAPP_SECRET_KEY required) unless QUIZAPP_ENV says otherwise,
and it does not migrate: run `quizapp setup` first.
"""

import os

os.environ.setdefault("QUIZAPP_ENV", "production")

from . import create_app  # noqa: E402  (after QUIZAPP_ENV is decided)
from .web.security import behind_proxies  # noqa: E402

app = behind_proxies(create_app())
