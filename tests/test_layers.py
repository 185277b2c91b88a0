"""coachdesk/domain and coachdesk/storage never import Qt (nor does domain import SQLAlchemy)."""

from __future__ import annotations

import ast
import subprocess
import sys
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
        found[str(path.relative_to(PACKAGE.parent))] = names
    return found


@pytest.mark.parametrize("layer", ["domain", "storage"])
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


def test_importing_every_storage_module_loads_no_qt():
    modules = sorted(
        "coachdesk." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for layer in ("domain", "storage")
        for path in (PACKAGE / layer).glob("*.py")
    )
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
