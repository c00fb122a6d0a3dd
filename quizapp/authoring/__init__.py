"""Bank management for teachers: the bank folder, uploads, drafting and review."""

from flask import Blueprint

bp = Blueprint("authoring", __name__, url_prefix="/teacher/banks")

from . import review, routes, routes_bulk, routes_editor, routes_manage  # noqa: E402,F401
