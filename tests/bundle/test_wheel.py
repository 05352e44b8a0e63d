"""A plain (non-editable) wheel carries everything read at run time: resources/ (icons,
fonts and their licence, form templates) and both Alembic script folders. An editable
install would hide a gap here, since it reads the files from the checkout.

Builds the wheel from a copy of the sources (pip wheel, build isolation: it fetches the
build backend from the package index), so it runs with the ``bundle`` step in CI."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bundle, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["app", "ui", "sync", "server", "resources", "pyproject.toml", "README.md"]


def test_the_wheel_carries_resources_and_migrations(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "out"),
         str(source)], capture_output=True, text=True, check=False, timeout=500)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    (wheel,) = (tmp_path / "out").glob("npq_partner_desk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {str(path.relative_to(ROOT)) for path in (ROOT / "resources").rglob("*")
               if path.is_file() and "__pycache__" not in path.parts}
    for folder in ["app/store/migrations", "server/migrations"]:
        shipped |= {str(path.relative_to(ROOT)) for path in (ROOT / folder).rglob("*")
                    if path.is_file() and "__pycache__" not in path.parts}
    assert shipped - names == set()
    assert any(name.endswith(".dist-info/entry_points.txt") for name in names)
