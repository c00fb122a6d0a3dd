from flask import Blueprint

bp = Blueprint("quiz", __name__)

from . import routes, routes_banks  # noqa: E402,F401
