"""Static files under content-hashed names, cached for a year, compressed once.

`static_url("app.css")` gives `/static/app.<hash8>.css`. A hashed name is served with
`Cache-Control: public, max-age=31536000, immutable`: a new file gets a new name, so a
browser never has to ask again. Plain names (`/static/app.css`) keep working with a short
cache. Each file is compressed once with brotli and gzip and kept in memory; HTML and JSON
responses are compressed by Flask-Compress as they go out.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from flask import Flask, Response, abort, request, url_for
from werkzeug.security import safe_join

from ..extensions import compress

HASHED_NAME = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{8})(?P<suffix>\.[A-Za-z0-9]+)$")
IMMUTABLE_AGE = 31_536_000  # one year
SHORT_AGE = 300  # plain names: a deploy reaches browsers within five minutes
# Files larger than this are streamed from disk by Flask instead of kept in memory.
MAX_CACHED_BYTES = 2 * 1024 * 1024
MIN_COMPRESS_BYTES = 500

COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "image/svg+xml",
}
ENCODINGS = ("br", "gzip")


def hashed_name(filename: str, digest: str) -> str:
    """Insert the first 8 hex digits of the digest before the file's extension."""
    stem, dot, suffix = filename.rpartition(".")
    if not dot or "/" in suffix:
        return f"{filename}.{digest[:8]}"
    return f"{stem}.{digest[:8]}.{suffix}"


def choose_encoding(accept_encoding: str) -> str | None:
    """Pick br or gzip from an Accept-Encoding header, honouring q=0 refusals."""
    wanted: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        if name:
            wanted[name.strip()] = quality
    best, best_quality = None, 0.0
    for encoding in ENCODINGS:
        quality = wanted.get(encoding, wanted.get("*", 0.0))
        if quality > best_quality:
            best, best_quality = encoding, quality
    return best


@dataclass
class Asset:
    """One static file as it is on disk now, with its compressed forms made on demand."""

    path: Path
    stamp: tuple[int, int]  # (mtime_ns, size): a changed file gets a new Asset
    digest: str
    mimetype: str
    data: bytes | None  # None for files too large to keep in memory
    encoded: dict[str, bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def compressible(self) -> bool:
        return (
            self.data is not None
            and self.mimetype in COMPRESSIBLE
            and len(self.data) >= MIN_COMPRESS_BYTES
        )

    def body(self, encoding: str | None) -> tuple[bytes, str | None]:
        """The bytes to send for this encoding, and the encoding actually used."""
        assert self.data is not None
        if encoding is None or not self.compressible:
            return self.data, None
        with self.lock:
            if encoding not in self.encoded:
                if encoding == "br":
                    packed = brotli.compress(self.data, quality=11)
                else:
                    packed = gzip.compress(self.data, compresslevel=9, mtime=0)
                self.encoded[encoding] = packed
        return self.encoded[encoding], encoding


class StaticFiles:
    """The static folder: digests for URLs, and the files themselves for responses."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        self._assets: dict[str, Asset] = {}
        self._lock = threading.Lock()

    def get(self, filename: str) -> Asset | None:
        """The file under the static folder with this name, or None."""
        joined = safe_join(str(self.folder), filename)
        if joined is None:
            return None
        path = Path(joined)
        try:
            stat = path.stat()
        except (OSError, ValueError):
            return None
        if not path.is_file():
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        asset = self._assets.get(filename)
        if asset is None or asset.stamp != stamp:
            asset = self._load(path, stamp)
            with self._lock:
                self._assets[filename] = asset
        return asset

    @staticmethod
    def _load(path: Path, stamp: tuple[int, int]) -> Asset:
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        digest = hashlib.sha256()
        data = None
        if stamp[1] <= MAX_CACHED_BYTES:
            data = path.read_bytes()
            digest.update(data)
        else:
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 16), b""):
                    digest.update(chunk)
        return Asset(path, stamp, digest.hexdigest(), mimetype, data)

    def url_name(self, filename: str) -> str:
        asset = self.get(filename)
        return filename if asset is None else hashed_name(filename, asset.digest)


def _cache(response: Response, *, immutable: bool) -> None:
    response.cache_control.public = True
    response.cache_control.max_age = IMMUTABLE_AGE if immutable else SHORT_AGE
    if immutable:
        response.cache_control.immutable = True


def _serve(app: Flask, files: StaticFiles, filename: str, asset: Asset, *, immutable: bool):
    if asset.data is None:
        response = app.send_static_file(os.path.relpath(asset.path, files.folder))
        _cache(response, immutable=immutable)
        return response
    body, encoding = asset.body(choose_encoding(request.headers.get("Accept-Encoding", "")))
    response = Response(body, mimetype=asset.mimetype)
    if encoding is not None:
        response.headers["Content-Encoding"] = encoding
    if asset.compressible:
        response.vary.add("Accept-Encoding")
    response.set_etag(asset.digest[:32] + (f"-{encoding}" if encoding else ""))
    response.last_modified = asset.stamp[0] / 1e9
    _cache(response, immutable=immutable)
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Serve static files by hashed name, add `static_url` to templates, compress responses."""
    files = StaticFiles(app.static_folder)
    app.extensions["quizapp_static"] = files

    def send_static(filename: str):
        asset = files.get(filename)
        if asset is not None:
            return _serve(app, files, filename, asset, immutable=False)
        match = HASHED_NAME.match(filename)
        if match is not None:
            plain = match["stem"] + match["suffix"]
            asset = files.get(plain)
            if asset is not None:
                # An old hash (a page from before a deploy) gets today's file, briefly cached.
                current = asset.digest.startswith(match["digest"])
                return _serve(app, files, plain, asset, immutable=current)
        abort(404)

    app.view_functions["static"] = send_static

    def static_url(filename: str) -> str:
        """The URL of a static file under its content-hashed name."""
        return url_for("static", filename=files.url_name(filename))

    app.jinja_env.globals["static_url"] = static_url

    for key, value in {
        "COMPRESS_MIMETYPES": sorted(COMPRESSIBLE),
        "COMPRESS_ALGORITHM": list(ENCODINGS),
        "COMPRESS_ALGORITHM_STREAMING": list(ENCODINGS),
        "COMPRESS_MIN_SIZE": MIN_COMPRESS_BYTES,
        "COMPRESS_BR_LEVEL": 4,
        "COMPRESS_LEVEL": 6,
    }.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
