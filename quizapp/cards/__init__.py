"""Flashcards with spaced repetition: the study screen, settings and statistics."""

from flask import Blueprint

bp = Blueprint("cards", __name__)

from . import routes, views  # noqa: E402,F401
