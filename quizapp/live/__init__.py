"""Live class sessions: the teacher projects, the class answers on phones."""

from flask import Blueprint

bp = Blueprint("live", __name__, url_prefix="/live")

from . import routes, routes_host, routes_stream  # noqa: E402, F401
