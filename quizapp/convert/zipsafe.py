"""Read a zip archive into memory with limits; names that climb out of it are refused."""

from __future__ import annotations

import io
import posixpath
import zipfile

from .common import ConvertError

MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024
MAX_RATIO = 200  # a member that expands more than this is a zip bomb, not a quiz


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def safe_name(name: str) -> str | None:
    """The member name as a clean relative path, or None when it would leave the archive."""
    if "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return None
    clean = posixpath.normpath(name)
    if clean == ".." or clean.startswith("../") or clean.startswith("/"):
        return None
    return clean


def read_zip(data: bytes) -> dict[str, bytes]:
    """Every file of the archive by its clean name; ConvertError for anything unsafe."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ConvertError(0, "the file is not a readable zip archive") from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise ConvertError(0, f"the archive holds {len(members)} files; at most {MAX_MEMBERS}")
        total = sum(info.file_size for info in members)
        if total > MAX_TOTAL_BYTES:
            raise ConvertError(
                0,
                f"the archive expands to {total / 2**20:.1f} MiB; at most"
                f" {MAX_TOTAL_BYTES // 2**20} MiB",
            )
        files: dict[str, bytes] = {}
        for info in members:
            name = safe_name(info.filename)
            if name is None:
                raise ConvertError(
                    0, f"refused: the archive member {info.filename!r} points outside the archive"
                )
            too_big = info.file_size > MAX_MEMBER_BYTES
            if too_big or info.file_size > MAX_RATIO * max(info.compress_size, 1024):
                raise ConvertError(0, f"refused: {name} expands to {info.file_size} bytes")
            files[name] = _read(archive, info)
    return files


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read at most the declared size (plus one byte, to catch a lying header)."""
    try:
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
        raise ConvertError(0, f"cannot read {info.filename} from the archive: {error}") from None
    if len(data) > info.file_size:
        raise ConvertError(0, f"refused: {info.filename} is larger than the archive says")
    return data
