"""The UI talks to services, never to SQL or HTTP directly; only the demo imports the server."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "ui"
FORBIDDEN = ("sqlalchemy", "requests", "sqlite3", "urllib.request", "http.client")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(UI.glob("*.py")), ids=lambda p: p.name)
def test_ui_modules_never_import_sql_or_http(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] in FORBIDDEN or m in FORBIDDEN}
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", sorted(UI.glob("*.py")), ids=lambda p: p.name)
def test_only_the_demo_imports_the_server(path):
    if path.name == "demo_backend.py":  # demo mode's embedded server (window and headless)
        return
    assert not {m for m in imported_modules(path) if m.split(".")[0] == "server"}


def test_ui_modules_stay_small():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in UI.glob("*.py")}
    assert max(sizes.values()) <= 400, sizes
