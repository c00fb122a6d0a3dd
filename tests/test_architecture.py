"""The floor plan of docs/architecture.md, checked by walking quizapp's imports with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from quizapp.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "quizapp"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60

# docs/architecture.md, from the bottom up: a module imports only its own layer or lower.
LAYERS = [
    (
        "pure",
        [
            "quizapp.banks",
            "quizapp.answering",
            "quizapp.convert",
            "quizapp.drafting",
            "quizapp.scheduling",
            "quizapp.planning",
            "quizapp.reports.indices",
        ],
    ),
    ("data", ["quizapp.config", "quizapp.extensions", "quizapp.models"]),
    ("plumbing", ["quizapp.web"]),
    ("services", ["quizapp.library", "quizapp.reports"]),
    (
        "blueprints",
        [
            "quizapp.auth",
            "quizapp.classes",
            "quizapp.quiz",
            "quizapp.history",
            "quizapp.cards",
            "quizapp.teacher",
            "quizapp.authoring",
        ],
    ),
    ("entry points", ["quizapp.cli", "quizapp.wsgi", "quizapp"]),
]
PURE = LAYERS[0][1]
# What pure code may not touch: the web framework, the database session, the request.
FORBIDDEN_IN_PURE = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "werkzeug")
TOP_LEVEL = {"__init__", "config", "extensions", "models", "scheduling", "planning", "wsgi"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    """The layer index of a module: the longest matching prefix wins."""
    best, best_length = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    assert best is not None, f"{module} is in no layer of docs/architecture.md"
    return best


def imports_of(module: str) -> list[tuple[str, int]]:
    """(imported module, line) for every import in a module, relative ones resolved."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            for alias in node.names:
                # `from . import routes` imports a module; `from .x import name` a name.
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in MODULES else target, node.lineno))
    return found


def own_imports(module: str) -> list[tuple[str, int]]:
    return [
        (target, line)
        for target, line in imports_of(module)
        if target in MODULES and target != module
    ]


def test_every_module_sits_in_a_layer():
    for module in MODULES:
        layer_of(module)


def test_only_the_named_modules_sit_directly_under_quizapp():
    loose = {path.stem for path in PACKAGE.glob("*.py")}
    assert loose <= TOP_LEVEL, f"move {sorted(loose - TOP_LEVEL)} into a package"


def test_no_import_runs_up_the_layers():
    upward = []
    for module in MODULES:
        for target, line in own_imports(module):
            # A package's __init__ importing its own modules is not a layer question.
            if target.startswith(module + "."):
                continue
            if layer_of(target) > layer_of(module):
                upward.append(
                    f"{MODULES[module].relative_to(PROJECT_ROOT)}:{line} imports {target}"
                    f" ({LAYERS[layer_of(module)][0]} -> {LAYERS[layer_of(target)][0]})"
                )
    assert not upward, "\n".join(upward)


def test_no_import_circle():
    graph = {module: {target for target, _ in own_imports(module)} for module in MODULES}
    # A package's __init__ runs before its modules: `from . import routes` at the bottom of
    # a blueprint's __init__ and `from . import bp` in routes.py is Flask's pattern, not a
    # circle between two pieces of logic.
    for module in graph:
        graph[module] = {
            target
            for target in graph[module]
            if not (MODULES[target].name == "__init__.py" and module.startswith(target + "."))
        }
    state: dict[str, int] = {}
    circles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circles.append(" -> ".join(trail[trail.index(target) :] + [module, target]))
            elif target not in state:
                visit(target, trail + [module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert not circles, "\n".join(circles)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) == 0))
def test_pure_code_imports_no_flask_and_no_database(module):
    bad = [
        f"line {line}: {target}"
        for target, line in imports_of(module)
        if target.split(".")[0] in FORBIDDEN_IN_PURE
        or target in ("quizapp.extensions", "quizapp.models")
        or target.endswith(".request")
    ]
    assert not bad, f"{module} is pure code (docs/architecture.md): {bad}"


def test_modules_stay_short():
    long = {
        str(path.relative_to(PROJECT_ROOT)): count
        for path in MODULES.values()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these modules (over {MAX_MODULE_LINES} lines): {long}"


def test_functions_stay_short():
    long = []
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1  # from `def`, docstring included
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {node.name}")
    assert not long, f"split these functions (over {MAX_FUNCTION_LINES} lines): {long}"
