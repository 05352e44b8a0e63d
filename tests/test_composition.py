"""The window builds no services: every domain service is built in one Qt-free place,
``desk.session`` (the composition root), and ui/ receives them.

Import-linter cannot say "may import this class but never call it", so this test reads every
module under ui/ with ``ast`` and fails on any call of a ``…Service`` class imported from
app/ or sync/ (directly, under another name, or through its module). A planted construction
in a copy of ui/ shows the check can fail.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICE_PACKAGES = ("app", "sync")  # where the services live


def _from_service_package(module: str | None) -> bool:
    return module is not None and module.split(".")[0] in SERVICE_PACKAGES


def _bindings(tree: ast.AST) -> tuple[dict[str, str], set[str]]:
    """(local name → the ``…Service`` class it names, local names bound to a module of
    app/ or sync/), from every import in the module (lazy ones inside functions too)."""
    services: dict[str, str] = {}
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and _from_service_package(
                node.module):
            for alias in node.names:
                local = alias.asname or alias.name
                if alias.name.endswith("Service"):
                    services[local] = alias.name
                else:  # perhaps a module: ``from app import dashboard``
                    modules.add(local)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _from_service_package(alias.name):
                    modules.add(alias.asname or alias.name.split(".")[0])
    return services, modules


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def service_constructions(folder: Path) -> list[str]:
    """Every call under ``folder`` that builds a service from app/ or sync/, as
    'path:line Name'."""
    found: list[str] = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        services, modules = _bindings(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            name: str | None = None
            if isinstance(called, ast.Name) and called.id in services:
                name = services[called.id]
            elif (isinstance(called, ast.Attribute) and called.attr.endswith("Service")
                  and _root_name(called) in modules):
                name = called.attr
            if name is not None:
                found.append(f"{path.relative_to(folder.parent).as_posix()}:{node.lineno} "
                             f"{name}")
    return found


def test_ui_builds_no_services() -> None:
    assert service_constructions(ROOT / "ui") == []


def test_the_composition_root_builds_them() -> None:
    """The check reads what it should: desk/ is where the services are built."""
    built = {line.split()[-1] for line in service_constructions(ROOT / "desk")}
    assert {"RegisterService", "CatalogueService", "NoteService", "FormService",
            "ReportService", "DashboardService", "FeeService", "EventDateService",
            "SyncService"} <= built


@pytest.mark.parametrize("planted", [
    "from app.fee_service import FeeService\n\n\ndef fees(store):\n"
    "    return FeeService(store)\n",
    "from app.fee_service import FeeService as Fees\n\n\ndef fees(store):\n"
    "    return Fees(store)\n",
    "def fees(store):\n    from app import fee_service\n\n"
    "    return fee_service.FeeService(store)\n",
    "import app.fee_service\n\n\ndef fees(store):\n"
    "    return app.fee_service.FeeService(store)\n",
    "from sync.service import SyncService\n\n\ndef syncing(store, url):\n"
    "    return SyncService(store, url)\n",
], ids=["imported", "renamed", "through-its-module", "dotted", "sync"])
def test_a_planted_construction_in_ui_fails(tmp_path: Path, planted: str) -> None:
    copy = tmp_path / "ui"
    shutil.copytree(ROOT / "ui", copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert service_constructions(copy) == []
    (copy / "planted.py").write_text(planted, encoding="utf-8")
    found = service_constructions(copy)
    assert len(found) == 1 and found[0].startswith("ui/planted.py:"), found
    assert found[0].endswith("Service"), found


def test_a_service_of_ui_own_making_is_not_one_of_app(tmp_path: Path) -> None:
    """ui/ names some Protocols ``…Service`` (what a panel needs of one); calling a class of
    ui's own, or a function of app's, is not building an app service."""
    folder = tmp_path / "ui"
    folder.mkdir()
    (folder / "own.py").write_text(
        "from app.calendar_service import write_calendar\n\n\nclass NoteService:\n"
        "    pass\n\n\nNoteService()\nwrite_calendar(None, '', None)\n", encoding="utf-8")
    assert service_constructions(folder) == []
