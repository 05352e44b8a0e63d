"""No import circles between our files.

Two modules that import each other (directly or round a longer loop) cannot be understood,
tested or moved one without the other, so:

- the graph of module-level imports of our packages (``grimp``, the graph import-linter
  uses; imports under ``TYPE_CHECKING`` count) has no cycle;
- no import inside a function exists to dodge one: an import in a function of module C of
  a module T that itself imports C (directly or through others) is a circle in disguise.
  Imports inside functions for start-up speed (Qt, ReportLab) are fine when the module
  imported does not lead back.

The check runs in a process of its own on a tree given by path, so a copy of the tree with
a planted circle can be checked as well (it must fail).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("protocol", "app", "sync", "desk", "ui", "server")

Graph = dict[str, set[str]]


# ---- the check (runs in a subprocess: ``python tests/test_import_cycles.py ROOT``) ----------


def module_file(root: Path, module: str) -> Path:
    path = root.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def function_imports(root: Path, module: str, known: set[str]) -> list[tuple[int, str]]:
    """(line, module of ours) for each import inside a function of ``module``."""
    path = module_file(root, module)
    if not path.is_file():
        return []  # a package without __init__.py holds no code
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            for target in _targets(node, package, known):
                found.append((node.lineno, target))
    return sorted(set(found))


def _targets(node: ast.AST, package: str, known: set[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = package.split(".")[:len(package.split(".")) - node.level + 1]
        origin = ".".join(base + ([node.module] if node.module else []))
    else:
        origin = node.module or ""
    names = [f"{origin}.{alias.name}" for alias in node.names]
    return [name for name in names if name in known] or ([origin] if origin in known else [])


def module_level_graph(root: Path) -> tuple[Graph, dict[str, list[tuple[int, str]]]]:
    """Each module's module-level imports of our modules, and each module's imports inside
    functions (line, module)."""
    import grimp

    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    known = set(graph.modules)
    lazy = {m: function_imports(root, m, known) for m in sorted(known)}
    edges: Graph = {m: set() for m in known}
    for importer in known:
        lazy_lines = {line for line, _target in lazy[importer]}
        for imported in graph.find_modules_directly_imported_by(importer):
            details = graph.get_import_details(importer=importer, imported=imported)
            if any(d["line_number"] not in lazy_lines for d in details) or not details:
                edges[importer].add(imported)
    return edges, lazy


def cycles(edges: Graph) -> list[list[str]]:
    """Each group of modules caught in a circle, as one circle through them
    (first module repeated at the end)."""
    found = []
    for component in _strongly_connected(edges):
        if len(component) > 1:
            start = min(component)
            found.append(_path(edges, start, start, component))
    return sorted(found)


def cycle_breakers(edges: Graph, lazy: dict[str, list[tuple[int, str]]], root: Path
                   ) -> list[str]:
    """Imports inside functions whose module leads back (through module-level imports) to
    the module importing it."""
    found = []
    for module, imports in sorted(lazy.items()):
        for line, target in imports:
            back = _path(edges, target, module)
            if back:
                where = module_file(root, module).relative_to(root).as_posix()
                found.append(f"{where}:{line} imports {target} inside a function, and "
                             f"{' → '.join(back)}")
    return found


def _path(edges: Graph, start: str, goal: str, within: set[str] | None = None) -> list[str]:
    """A shortest chain of imports from ``start`` to ``goal`` (at least one step; only
    through ``within`` if given), or []."""
    before: dict[str, str] = {}
    seen = {start}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for there in sorted(edges.get(here, ())):
            if within is not None and there not in within:
                continue
            if there == goal:
                chain = [here]
                while chain[-1] != start:
                    chain.append(before[chain[-1]])
                return [*reversed(chain), goal]
            if there not in seen:
                seen.add(there)
                before[there] = here
                queue.append(there)
    return []


def _strongly_connected(edges: Graph) -> list[set[str]]:
    """Tarjan's algorithm, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def report(root: Path) -> dict[str, list]:
    edges, lazy = module_level_graph(root)
    return {"cycles": cycles(edges), "breakers": cycle_breakers(edges, lazy, root),
            "modules": sorted(edges)}


# ---- the tests ------------------------------------------------------------------------------


def _check(root: Path) -> dict[str, list]:
    """The report for the tree at ``root``, from a process that imports that tree."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), str(root)],
                            cwd=root, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _message(found: dict[str, list]) -> str:
    lines = ["Import circles between files:"]
    lines += ["  " + " → ".join(cycle) for cycle in found["cycles"]]
    lines += ["Imports inside functions that hide a circle:"]
    lines += ["  " + text for text in found["breakers"]]
    lines += ["Move what both need into a module of its own (or into the lower one), or pass "
              "it in, so that imports go one way."]
    return "\n".join(lines)


def test_no_import_circles_between_files() -> None:
    found = _check(ROOT)
    assert len(found["modules"]) > 100  # the whole tree was read
    assert not found["cycles"] and not found["breakers"], _message(found)


# Planted in a copy of the tree (each module named imports the next at module level):
# app.printing.report_pdf imports app.printing.fonts; app.printing.layout imports
# app.printing.qr; app.printing.codes does not import app.printing.qr.
PLANTED_CYCLE = ("app/printing/fonts.py", "import app.printing.report_pdf  # planted\n")
PLANTED_BREAKER = ("app/printing/qr.py", "def _planted() -> None:\n"
                                         "    import app.printing.layout  # noqa: F401\n")
PLANTED_LAZY = ("app/printing/qr.py", "def _lazy() -> None:\n"
                                      "    import app.printing.codes  # noqa: F401\n")


def test_a_planted_circle_and_a_hidden_one_are_found(tmp_path: Path) -> None:
    """The check is not vacuous: in a copy of the tree, a module-level circle and an import
    inside a function that hides one are both reported (and a lazy import that leads
    nowhere back is not)."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for relative, text in (PLANTED_CYCLE, PLANTED_BREAKER, PLANTED_LAZY):
        path = tmp_path / relative
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text, encoding="utf-8")
    found = _check(tmp_path)
    assert found["cycles"] == [["app.printing.fonts", "app.printing.report_pdf",
                                "app.printing.fonts"]], _message(found)
    assert len(found["breakers"]) == 1, _message(found)
    breaker = found["breakers"][0]
    assert breaker.startswith("app/printing/qr.py:") and "imports app.printing.layout" in breaker
    assert "app.printing.layout → app.printing.qr" in breaker


if __name__ == "__main__":
    tree = Path(sys.argv[1]).resolve()
    sys.path[0] = str(tree)  # not tests/, whose app/ and ui/ are test packages
    print(json.dumps(report(tree)))
