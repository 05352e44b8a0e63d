"""The layers stay apart: a broken import contract fails the tests.

- the layers: ui over desk over sync over app over protocol (a layer imports only those below);
- protocol/ imports nothing of ours, nor SQL, Qt or HTTP;
- server/ imports the protocol only;
- nothing but ui/ imports Qt; ui/ never imports SQLAlchemy, requests or sqlite3 (only the demo
  launcher starts the server); app/, sync/ and desk/ never import server/.
The contracts live in pyproject.toml ([tool.importlinter]). A second test plants a forbidden
import for each contract in a copy of the tree and checks that the contract then breaks.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


PACKAGES = ("protocol", "app", "sync", "desk", "ui", "server")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(lint), str(root / "pyproject.toml")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=180)


def test_import_contracts_hold() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# One forbidden import per contract: the file it is planted in, the line, and the contract's
# name as pyproject.toml gives it.
PLANTS = (
    ("app/marks.py", "import sync.service", "The layers: ui over desk over sync over app"),
    ("protocol/hlc.py", "import sqlalchemy", "The protocol is the wire only"),
    ("server/scope.py", "import app.marks", "The server imports the protocol only"),
    ("desk/headless.py", "import PySide6.QtCore", "Nothing but ui imports Qt"),
    ("ui/runner.py", "import sqlite3", "UI never touches SQL or the network directly"),
    ("sync/backoff.py", "import server.scope", "Client never imports the server"),
    ("sync/exchange.py", "import app.store.models", "Sync talks to app through functions"),
)


def test_each_contract_breaks_when_a_forbidden_import_is_planted(tmp_path: Path) -> None:
    """The contracts are not vacuous: a copy of the tree with one forbidden import planted
    for each contract reports every one of them broken (and the untouched tree none)."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for relative, line, _contract in PLANTS:
        path = tmp_path / relative
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # planted\n",
                        encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0, result.stdout
    lines = result.stdout.splitlines()
    for _relative, _line, contract in PLANTS:
        verdicts = [text for text in lines if text.startswith(contract)
                    and (" KEPT" in text or " BROKEN" in text)]
        assert len(verdicts) == 1 and " BROKEN" in verdicts[0], (contract, verdicts)
    assert f"{len(PLANTS)} broken" in result.stdout


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
        for package in ("protocol", "app", "sync", "desk", "server")
        for path in (ROOT / package).rglob("*.py")
        if "PySide6" in _imported_modules(path)
    ]
    assert offenders == []
