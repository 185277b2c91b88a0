"""The house rules of coachdesk's layers: domain and storage never import Qt (nor does
domain import SQLAlchemy); printing never imports ui; display imports neither ui nor
printing nor storage; demo imports neither Qt nor ui nor printing, and neither domain nor
storage imports demo; inside ui, every module lives in a room (shell, pages, dialogs,
widgets, common) and a room imports only the rooms below it, and only ui.common catches a
deleted record (the report helpers); and no module imports, at any depth, one that imports
it back."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "coachdesk"


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                # "from coachdesk import demo" imports coachdesk.demo
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(PACKAGE.parent))] = names
    return found


@pytest.mark.parametrize("layer", ["domain", "storage", "demo"])
def test_layer_never_imports_qt(layer):
    offenders = {
        path: sorted(name for name in names if name.split(".")[0] in ("PySide6", "shiboken6"))
        for path, names in imported_modules(PACKAGE / layer).items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_domain_imports_neither_sqlalchemy_nor_storage_nor_ui():
    offenders = {
        path: sorted(
            name
            for name in names
            if name.split(".")[0] in ("sqlalchemy", "alembic")
            or name.startswith(("coachdesk.storage", "coachdesk.ui"))
        )
        for path, names in imported_modules(PACKAGE / "domain").items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("printing", ("coachdesk.ui",)),
        ("display", ("coachdesk.ui", "coachdesk.printing", "coachdesk.storage")),
    ],
)
def test_paper_and_display_never_reach_up_into_the_window(layer, forbidden):
    offenders = {
        path: sorted(name for name in names if name.startswith(forbidden))
        for path, names in imported_modules(PACKAGE / layer).items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_demo_never_reaches_up_into_the_window_or_onto_paper():
    offenders = {
        path: sorted(
            name for name in names if name.startswith(("coachdesk.ui", "coachdesk.printing"))
        )
        for path, names in imported_modules(PACKAGE / "demo").items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


@pytest.mark.parametrize("layer", ["domain", "storage"])
def test_layer_never_imports_the_demo(layer):
    """The demo generator is a tool on top of storage, not part of it."""
    offenders = {
        path: sorted(name for name in names if name.startswith("coachdesk.demo"))
        for path, names in imported_modules(PACKAGE / layer).items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


# The ui house: a room may import the rooms below it, never one beside or above it.
UI_FLOORS = {"common": 0, "widgets": 0, "dialogs": 1, "pages": 2, "shell": 3}


def test_every_ui_module_lives_in_a_room():
    loose = sorted(
        path.name for path in (PACKAGE / "ui").glob("*.py") if path.name != "__init__.py"
    )
    rooms = sorted(path.name for path in (PACKAGE / "ui").iterdir() if path.is_dir())
    assert loose == []
    assert [room for room in rooms if room != "__pycache__"] == sorted(UI_FLOORS)


def test_ui_rooms_import_only_the_rooms_below():
    offenders = {}
    for path, names in imported_modules(PACKAGE / "ui").items():
        parts = Path(path).parts  # ("coachdesk", "ui", room, ...)
        if len(parts) < 4:
            continue
        room = parts[2]
        upward = sorted(
            name
            for name in names
            if name.startswith("coachdesk.ui.")
            and (other := name.split(".")[2]) in UI_FLOORS
            and other != room
            and UI_FLOORS[other] >= UI_FLOORS[room]
        )
        if upward:
            offenders[path] = upward
    assert offenders == {}


def _caught_names(handler: ast.ExceptHandler) -> set[str]:
    caught = handler.type
    nodes = caught.elts if isinstance(caught, ast.Tuple) else [caught] if caught else []
    return {node.id if isinstance(node, ast.Name) else ast.unparse(node) for node in nodes}


def test_only_the_report_helpers_catch_a_deleted_record_in_the_window():
    """A page or dialog reports through ``ui.common.attempt``: no other ui module catches a
    deleted record (``RecordNotFound`` or one of its kind, ``ClientNotFound`` …), and none
    sorts an exception by ``getattr(..., "message")``."""
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        if path.parent.name == "common":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            gone = isinstance(node, ast.ExceptHandler) and any(
                name.endswith("NotFound") for name in _caught_names(node)
            )
            if gone:
                offenders.append(f"{path.name}:{node.lineno} catches a deleted record")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and any(
                    isinstance(arg, ast.Constant) and arg.value == "message" for arg in node.args
                )
            ):
                offenders.append(f"{path.name}:{node.lineno} getattr(..., 'message')")
    assert offenders == []


def test_importing_every_storage_module_loads_no_qt():
    modules = sorted(
        "coachdesk." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for layer in ("domain", "storage", "demo")
        for path in (PACKAGE / layer).rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py") and "migrations" not in path.parts
    )
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _strings(tree: ast.AST) -> Iterator[str]:
    """Every string literal of ``tree`` but docstrings (the parts of f-strings included)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.value


def test_no_database_url_is_made_of_a_string():
    """A path pasted into "sqlite:///{path}" loses everything after a "?" (SQLAlchemy reads a
    query string): every URL is built with ``URL.create`` (``database.make_engine``)."""
    offenders = sorted(
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if any("sqlite:/" in text for text in _strings(ast.parse(path.read_text("utf-8"))))
    )
    assert offenders == []


def test_every_sqlite_connection_goes_through_the_one_door():
    """Only ``storage/driver.py`` imports a SQLite driver (SQLCipher's, for plain and
    encrypted files: two SQLite libraries in one process do not see each other's locks),
    only ``storage/connections.py`` calls its ``connect`` (there the URI is made by
    ``read_only_uri``, which percent-encodes the path, and an encrypted file gets its
    key), and every SQLAlchemy engine gets its connections from it (``creator=``) and
    the driver's exceptions (``module=``), so a setting every connection needs is given
    once.  Alembic's own command line, used by developers on a scratch file, is left out."""
    door = PACKAGE / "storage" / "connections.py"
    driver = PACKAGE / "storage" / "driver.py"
    alembic_cli = PACKAGE / "storage" / "migrations" / "env.py"
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import | ast.ImportFrom) and path != driver:
                names = [alias.name for alias in node.names]
                modules = names if isinstance(node, ast.Import) else [node.module or ""]
                if any(m.split(".")[0] in ("sqlite3", "sqlcipher3") for m in modules):
                    offenders.append(where)
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            callee = ast.unparse(node.func)
            if callee in ("dbapi.connect", "sqlite3.connect") and path != door:
                offenders.append(where)
            keywords = {keyword.arg for keyword in node.keywords}
            if (
                name == "create_engine"
                and path != alembic_cli
                and not {"creator", "module"} <= keywords
            ):
                offenders.append(where)
            if path == door and name == "connect" and any(k.arg == "uri" for k in node.keywords):
                first = node.args[0] if node.args else None
                callee = first.func if isinstance(first, ast.Call) else None
                if getattr(callee, "id", None) != "read_only_uri":
                    offenders.append(where)
    assert offenders == []


def test_tests_and_benchmarks_open_sqlite_files_with_coachdesks_library():
    """No test or benchmark opens a file with the standard library's ``sqlite3``: beside
    CoachDesk's own SQLite (SQLCipher's) in one process, closing a file in one library
    drops the POSIX locks the other holds on it, so a reader there can miss committed
    rows, fail with "disk I/O error", or let a writer in while it reads.  They use
    ``coachdesk.storage.driver.dbapi`` (any other SQLite runs in a process of its own)."""
    root = PACKAGE.parent
    offenders = []
    for folder in ("tests", "benchmarks"):
        for path in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and ast.unparse(node.func) == "sqlite3.connect":
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _run_time_imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement under ``node``, in functions too, but those under ``if
    TYPE_CHECKING:`` (they never run, so they cannot make an import cycle)."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    children = node.orelse if _is_type_checking(node) else ast.iter_child_nodes(node)
    for child in children:
        yield from _run_time_imports(child)


def import_graph() -> dict[str, set[str]]:
    """Each coachdesk module and the coachdesk modules it imports: ``from a import b``
    imports ``a.b`` when that is a module, else ``a``."""
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _run_time_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                targets.add(submodule if submodule in paths else module)
        graph[name] = {target for target in targets if target in paths and target != name}
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name])
    return seen


def test_no_import_cycles():
    """No coachdesk module imports, at any depth, a module that imports it back (a deferred
    import inside a function counts: it is a cycle waiting for the day it moves up)."""
    graph = import_graph()
    reach = {name: _reachable(graph, name) for name in graph}
    cycles = {
        tuple(sorted(other for other in reach[name] if name in reach[other]))
        for name in graph
        if name in reach[name]
    }
    assert sorted(cycles) == []


def test_paper_is_painted_in_the_paper_palette():
    """``QTextDocument.drawContents`` paints in the desktop's palette: on a dark desktop,
    light grey on white paper.  Printing paints documents with ``page.draw_on_paper``."""
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path in sorted((PACKAGE / "printing").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "drawContents"
    ]
    assert found == []
