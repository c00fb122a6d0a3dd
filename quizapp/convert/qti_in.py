"""Read QTI: a single item file, or an IMS content package (zip with imsmanifest.xml)."""

from __future__ import annotations

import posixpath

from .common import BankBuilder, ConvertError
from .moodle_xml import read_xml
from .qti12_in import read_questestinterop
from .qti21_in import read_item
from .qti_xml import strip_namespaces
from .zipsafe import is_zip, read_zip

MANIFEST = "imsmanifest.xml"


def parse_qti(data: bytes, builder: BankBuilder) -> None:
    if not is_zip(data):
        _document(data, builder)
        return
    files = read_zip(data)
    names = (
        _from_manifest(files, builder)
        if MANIFEST in files
        else sorted(name for name in files if name.endswith(".xml"))
    )
    if not names:
        raise ConvertError(0, "the archive names no QTI items (no imsmanifest.xml resources)")
    for name in names:
        if name not in files:
            builder.note(0, f"the manifest names {name}, which the archive does not hold")
            continue
        builder.where = name
        try:
            _document(files[name], builder)
        except ConvertError as error:
            builder.note(error.line, error.message)
        finally:
            builder.where = ""


def _document(data: bytes, builder: BankBuilder) -> None:
    root, lines = read_xml(data)
    strip_namespaces(root)
    if root.tag == "assessmentItem":
        read_item(root, lines, builder)
    elif root.tag == "questestinterop":
        read_questestinterop(root, lines, builder)
    elif root.tag not in ("assessmentTest", "quiz"):  # a test only lists the items we read
        raise ConvertError(lines.get(id(root), 1), f"<{root.tag}> is not a QTI item or quiz")


def _from_manifest(files: dict[str, bytes], builder: BankBuilder) -> list[str]:
    """The QTI files the manifest lists, in its order (relative to the manifest)."""
    builder.where = MANIFEST
    try:
        root, _ = read_xml(files[MANIFEST])
    finally:
        builder.where = ""
    strip_namespaces(root)
    names = []
    for resource in root.iter("resource"):
        kind = resource.get("type", "")
        if "imsqti" not in kind or "test" in kind:
            continue
        hrefs = [resource.get("href")] + [f.get("href") for f in resource.findall("file")]
        for href in hrefs:
            if href and href.endswith(".xml") and _clean(href) not in names:
                names.append(_clean(href))
    return names


def _clean(href: str) -> str:
    return posixpath.normpath(href.split("#", 1)[0])
