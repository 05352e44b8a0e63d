"""The version comes from pyproject.toml alone, and the licence list covers everything the
app runs on (so the About dialog's "Third-party licences" is complete)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from app.licences import (
    Licence,
    collect_licences,
    declared_requirements,
    load_licences,
    runtime_distributions,
    write_licences,
)
from app.version import app_version
from resources.fonts import DEJAVU_LICENCE
from ui.main import main

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_version_is_pyprojects() -> None:
    assert app_version() == PROJECT["version"]


def test_npq_desk_version_prints_it_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"NPQ Partner Desk {PROJECT['version']}"


def test_every_declared_dependency_has_a_licence_entry() -> None:
    licences = collect_licences(DEJAVU_LICENCE)
    names = {canonical(item.name) for item in licences}
    for requirement in PROJECT["dependencies"]:
        name = canonical(re.match(r"[A-Za-z0-9._-]+", requirement).group(0))  # type: ignore[union-attr]
        assert name in names, f"{name} missing from the licence list"
    assert "psycopg-binary" in names  # brought in by psycopg[binary]'s extra
    assert {"python", "dejavu fonts"} <= names
    assert "pytest" not in names and "pyinstaller" not in names  # test/package extras
    by_name = {canonical(item.name): item for item in licences}
    assert "LGPL-3.0" in by_name["pyside6-essentials"].licence
    assert by_name["sqlcipher3"].licence.startswith("Zlib")
    assert all(item.licence and item.version for item in licences)


def test_a_requirements_extras_are_followed_but_not_the_dependencys_own() -> None:
    with_extra = {canonical(d.metadata["Name"]) for d in runtime_distributions(["psycopg[binary]"])}
    plain = {canonical(d.metadata["Name"]) for d in runtime_distributions(["psycopg"])}
    assert "psycopg-binary" in with_extra
    assert "psycopg-binary" not in plain
    assert "psycopg" in plain


def test_a_checkouts_declared_dependencies_are_the_roots() -> None:
    assert declared_requirements() == PROJECT["dependencies"]
    assert declared_requirements(ROOT / "no-such-pyproject.toml") is None


def test_the_builds_file_is_preferred_and_round_trips(tmp_path: Path) -> None:
    generated = tmp_path / "licences.json"
    assert load_licences(generated, DEJAVU_LICENCE) == collect_licences(DEJAVU_LICENCE)
    written = [Licence("Example", "1.2", "MIT"), Licence("Another", "3", "Apache-2.0")]
    write_licences(generated, written)
    assert load_licences(generated, DEJAVU_LICENCE) == written
