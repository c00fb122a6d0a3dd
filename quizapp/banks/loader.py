"""Load question banks from YAML files and report every problem as path:line:column."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import yamlnodes
from .fields import ID_PATTERN
from .locate import find
from .messages import explain
from .schema import Bank
from .syntax import syntax_spot, utf8_error_position

# A 10,000-question bank in block style is about 2.3 MB.
MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class LoadedBank:
    path: Path
    bank: Bank  # with bank.id filled in
    digest: str  # sha256 hex of the file bytes


@dataclass(frozen=True)
class LoadResult:
    bank: LoadedBank | None  # None when there is any problem
    problems: list[Problem]


@dataclass(frozen=True)
class FolderResult:
    banks: list[LoadedBank]  # sorted by file name
    problems: list[Problem]


def load_bank(path: str | Path, data: bytes | None = None) -> LoadResult:
    """Load one bank file; with `data`, validate those bytes and report them as `path`."""
    result, _ = _load(Path(path), data)
    return result


def load_folder(folder: str | Path) -> FolderResult:
    """Load every *.yaml and *.yml bank in a folder (not its subfolders), by file name."""
    folder = Path(folder)
    if not folder.is_dir():
        problem = Problem(str(folder), 1, 1, "no such folder; check the question bank folder")
        return FolderResult([], [problem])
    return _load_all(_bank_files(folder))


def validate_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Check files and folders of banks, including bank ids repeated across all of them."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(_bank_files(path))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or folder"))
    unique = list({file.resolve(): file for file in reversed(files)}.values())[::-1]
    return sorted(problems + _load_all(unique).problems)


def _bank_files(folder: Path) -> list[Path]:
    return sorted(
        (path for path in folder.iterdir() if path.suffix in SUFFIXES and path.is_file()),
        key=lambda path: path.name,
    )


def _load_all(files: list[Path]) -> FolderResult:
    banks: list[LoadedBank] = []
    problems: list[Problem] = []
    first_file: dict[str, Path] = {}
    for path in files:
        result, id_at = _load(path, None)
        problems.extend(result.problems)
        if result.bank is None:
            continue
        bank_id = result.bank.bank.id
        assert bank_id is not None
        if bank_id in first_file:
            problems.append(
                Problem(
                    str(path),
                    *id_at,
                    f"the bank id {bank_id!r} is already used by {first_file[bank_id]}; give"
                    " this bank a different id:",
                )
            )
            continue
        first_file[bank_id] = path
        banks.append(result.bank)
    return FolderResult(banks, problems)


def _load(path: Path, data: bytes | None) -> tuple[LoadResult, tuple[int, int]]:
    """Load a bank; also say where its id is written (1:1 when it comes from the name)."""
    name = str(path)
    if data is None:
        try:
            size = path.stat().st_size
            if size <= MAX_BYTES:
                data = path.read_bytes()
        except OSError as error:
            return _failed(name, 1, 1, f"cannot read the file: {error.strerror}"), (1, 1)
    else:
        size = len(data)
    if size > MAX_BYTES or data is None:
        message = (
            f"the file is {size / 2**20:.1f} MiB; a bank may be at most {MAX_BYTES // 2**20} MiB:"
        )
        return _failed(name, 1, 1, message + " split it into several banks"), (1, 1)
    parsed = _parse(name, data)
    if isinstance(parsed, LoadResult):
        return parsed, (1, 1)
    root, value, problems = parsed
    problems += _duplicate_ids(name, root, value)
    bank = None
    try:
        bank = Bank.model_validate(value)
    except ValidationError as error:
        problems += _explain(name, root, error)
    id_at = (1, 1)
    if isinstance(value.get("id"), str):
        id_at = yamlnodes.position(find(root, ("id",)).node)
    if bank is not None and bank.id is None:
        if re.match(ID_PATTERN, path.stem) is None:
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    f"the file name {path.stem!r} cannot be the bank id; add an id: line, or"
                    " rename the file using letters, digits, '-', '_' and '.'",
                )
            )
        else:
            bank = bank.model_copy(update={"id": path.stem})
    problems = sorted(set(problems))
    if problems or bank is None:
        return LoadResult(None, problems), id_at
    digest = hashlib.sha256(data).hexdigest()
    return LoadResult(LoadedBank(path, bank, digest), []), id_at


def _parse(name: str, data: bytes) -> LoadResult | tuple[Node, dict, list[Problem]]:
    """Bytes to a node tree and plain Python, or a result that lists why not."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = utf8_error_position(data, error)
        return _failed(
            name,
            line,
            column,
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} at offset"
            f" {error.start}); save it with the UTF-8 encoding",
        )
    try:
        root = yamlnodes.compose(data)
    except yaml.YAMLError as error:
        return _failed(name, *syntax_spot(error, data))
    if root is None:
        return _failed(
            name, 1, 1, "the file is empty; a bank needs at least title:, source: and questions:"
        )
    if root.__class__ is not MappingNode:
        return _top_level(name, root, "a list" if root.__class__ is SequenceNode else "a value")
    converter = yamlnodes.Converter()
    try:
        value = converter.convert_document(root)
    except yamlnodes.Refused as refused:
        return _failed(name, *refused.spot)
    problems = [Problem(name, *spot) for spot in converter.spots]
    if converter.bad_tags or not isinstance(value, dict):
        return LoadResult(None, sorted(problems) or _top_level(name, root, "a set").problems)
    return root, value, problems


def _explain(name: str, root: Node, error: ValidationError) -> list[Problem]:
    def raw(loc: tuple[str | int, ...]) -> str | None:
        found = find(root, loc)
        return found.value.value if found.value.__class__ is ScalarNode else None

    explained = [
        explain(detail, raw)
        for detail in error.errors(include_url=False)
        # _duplicate_ids has reported these already, at every repeat
        if detail["type"] != "duplicate_id"
    ]
    covered = {item.covers for item in explained}
    problems = []
    for loc, at_key, message, _ in explained:
        if loc in covered and message.startswith("missing"):
            continue  # the author misspelt this field: the unknown-field message says so
        found = find(root, loc)
        node = found.key if at_key and found.complete and found.key else found.node
        problems.append(Problem(name, *yamlnodes.position(node), message))
    return problems


def _duplicate_ids(name: str, root: Node, value: dict) -> list[Problem]:
    """Repeated question or card ids, checked on the raw data so other errors do not hide them."""
    problems = []
    for field, kind in (("questions", "question"), ("cards", "card")):
        entries = value.get(field)
        if not isinstance(entries, list):
            continue
        first: dict[str, int] = {}
        for index, entry in enumerate(entries):
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(entry_id, str):
                continue
            if entry_id not in first:
                first[entry_id] = index
                continue
            node = find(root, (field, index, "id")).node
            earlier = find(root, (field, first[entry_id], "id")).node
            problems.append(
                Problem(
                    name,
                    *yamlnodes.position(node),
                    f"duplicate {kind} id {entry_id!r} (first used on line"
                    f" {earlier.start_mark.line + 1}); {kind} ids must be unique in a bank",
                )
            )
    return problems


def _top_level(name: str, root: Node, kind: str) -> LoadResult:
    return _failed(
        name,
        *yamlnodes.position(root),
        "the top level of a bank must be a mapping of fields (title:, source:, questions:"
        f" ...), not {kind}",
    )


def _failed(name: str, line: int, column: int, message: str) -> LoadResult:
    return LoadResult(None, [Problem(name, line, column, message)])
