"""Check an uploaded bank file, in our YAML or a format quizapp.convert reads. No Flask here."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..banks import LoadedBank, load_bank
from ..banks.loader import MAX_BYTES
from ..convert import FORMATS_IN, detect_format, dump_yaml, import_bank

FORMAT_NAMES = {
    "yaml": "YAML (this site's bank format)",
    "gift": "GIFT (Moodle)",
    "aiken": "Aiken",
    "moodle-xml": "Moodle XML",
    "qti": "QTI 2.1 or 1.2 (an IMS content package .zip, a Canvas export, or one item)",
    "anki-text": "Anki text export",
    "quizlet": "Quizlet text export",
}
assert set(FORMAT_NAMES) == set(FORMATS_IN)


@dataclass
class UploadCheck:
    """What an upload gave: the YAML to publish, or the problems that stop it."""

    filename: str
    fmt: str | None
    yaml_text: str | None = None
    bank: LoadedBank | None = None
    problems: list[str] = field(default_factory=list)  # stop publication
    notes: list[str] = field(default_factory=list)  # worth reading, do not stop it

    @property
    def ok(self) -> bool:
        return self.bank is not None and not self.problems


def clean_filename(filename: str | None) -> str:
    """The last part of a browser-sent file name (some send a whole Windows path)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:200] or "upload.yaml"


def size_problem(filename: str, size: int) -> str | None:
    """A message for a file too large to be a bank, before anything reads it."""
    if size <= MAX_BYTES:
        return None
    return (
        f"{filename}: the file is {size / 2**20:.1f} MiB; an upload may be at most"
        f" {MAX_BYTES // 2**20} MiB: split it into several banks"
    )


def check_upload(filename: str, data: bytes, fmt: str | None = None) -> UploadCheck:
    """Validate an upload as `quizapp validate` would; converted files as `quizapp convert`.

    `fmt` None means: detect it from the name and content.
    """
    filename = clean_filename(filename)
    too_big = size_problem(filename, len(data))
    if too_big:
        return UploadCheck(filename, fmt, problems=[too_big])
    if fmt is None:
        try:
            fmt = detect_format(filename, data)
        except ValueError:
            return UploadCheck(
                filename,
                None,
                problems=[
                    f"{filename}: cannot tell the format of this file from its name or"
                    " content; choose its format in the Format list and upload it again"
                ],
            )
    if fmt == "yaml":
        return _check_yaml(filename, data)
    return _check_converted(filename, data, fmt)


def _check_yaml(filename: str, data: bytes) -> UploadCheck:
    result = load_bank(filename, data)
    check = UploadCheck(filename, "yaml", problems=[str(p) for p in result.problems])
    if result.bank is not None:
        check.bank = result.bank
        check.yaml_text = data.decode("utf-8-sig")
    return check


def _check_converted(filename: str, data: bytes, fmt: str) -> UploadCheck:
    result = import_bank(data, fmt, name=filename)
    check = UploadCheck(filename, fmt)
    for note in result.notes:
        where = f"{filename}:{note.line}:" if note.line else f"{filename}:"
        kind = "" if note.level == "error" else f" {note.level}:"
        (check.problems if note.level == "error" else check.notes).append(
            f"{where}{kind} {note.message}"
        )
    if not result.bank:
        return check
    yaml_text = dump_yaml(result.bank)
    name = f"{result.bank.get('id') or 'converted'}.yaml"
    loaded = load_bank(name, yaml_text.encode())
    check.problems += [f"{p} (in the YAML made from {filename})" for p in loaded.problems]
    if loaded.bank is not None:
        check.bank = loaded.bank
        check.yaml_text = yaml_text
    return check
