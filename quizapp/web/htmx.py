"""htmx helpers: fragment detection, block rendering and the Vary header."""

from flask import Response, render_template, request
from jinja2_fragments.flask import render_blocks

HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request")


def wants_fragment() -> bool:
    """Say whether this request should get a fragment rather than a whole page."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and not headers.get("HX-Boosted")
        and not headers.get("HX-History-Restore-Request")
    )


def render(template: str, *blocks: str, **context) -> str:
    """Render the named blocks for an htmx request, the whole page otherwise."""
    if blocks and wants_fragment():
        return render_blocks(template, list(blocks), fragment=True, **context)
    return render_template(template, fragment=False, **context)


def add_vary(response: Response) -> Response:
    """Tell caches that htmx headers change the response."""
    response.vary.update(HTMX_HEADERS)
    return response
