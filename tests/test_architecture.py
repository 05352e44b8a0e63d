"""The layers stay apart: a broken import contract fails the tests.

- app/, sync/ and server/ never import Qt or ui/;
- ui/ never imports SQLAlchemy, requests or sqlite3 (only the demo launcher starts the server);
- app/ and sync/ never import server/.
The contracts live in pyproject.toml ([tool.importlinter]).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_outside_ui_imports_qt_even_lazily() -> None:
    """A second, dependency-free reading of the first contract: it walks every file, including
    modules no other module imports (which import-linter's graph still holds, but this makes
    the rule visible in one screen)."""
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("app", "sync", "server")
        for path in (ROOT / package).rglob("*.py")
        if "PySide6" in _imported_modules(path)
    ]
    assert offenders == []
