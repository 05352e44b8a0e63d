"""The design lives in the repository, and the protocol document keeps up with the code.

- No file of the repository points at a design document outside it: whoever picks the
  project up has only the repository, so every rule is stated where it is used.
- ``docs/protocol.md`` names every record type of the wire and every route the central
  service registers, so a new type or endpoint cannot land undocumented.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

from protocol.records import RECORD_MODELS
from protocol.wire import API_PREFIX
from server.app import create_app
from server.settings import ServerSettings
from tests.server.route_list import flatten_routes

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL_DOC = ROOT / "docs" / "protocol.md"

# Written in pieces so that this file does not match itself.
OUTSIDE_REFERENCES = ("DESIGN" + ".md", "DESIGN" + " §", "../" + "shared", "shared/" + "seeds")


def _repository_text_files() -> Iterator[tuple[str, str]]:
    """(path, text) of every tracked file, and every new one not ignored, that is text."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, check=True, timeout=60).stdout.decode()
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the work tree but not yet in the index
        raw = path.read_bytes()
        if b"\0" in raw:
            continue  # binary: images, fonts, compiled translations
        yield name, raw.decode("utf-8", errors="replace")


def outside_references(files: Iterator[tuple[str, str]]) -> list[str]:
    """``path:line: text`` for every line that points at a document outside the repository."""
    found = []
    for name, text in files:
        for number, line in enumerate(text.splitlines(), start=1):
            if any(reference in line for reference in OUTSIDE_REFERENCES):
                found.append(f"{name}:{number}: {line.strip()}")
    return found


def test_the_check_finds_a_reference_to_an_outside_document() -> None:
    planted = [("docs/x.md", "fine\nas " + "DESIGN" + " §5 says\n"),
               ("app/y.py", "# see ../" + "shared/notes\n"),
               ("z.md", "The rules are the rules.\n")]
    assert outside_references(iter(planted)) == [
        "docs/x.md:2: as " + "DESIGN" + " §5 says", "app/y.py:1: # see ../" + "shared/notes"]


def test_no_file_points_at_a_design_document_outside_the_repository() -> None:
    files = list(_repository_text_files())
    assert len(files) > 100, "git ls-files listed almost nothing: is this the repository?"
    found = outside_references(iter(files))
    assert not found, ("state the rule itself instead of citing a document the repository "
                       "does not have:\n" + "\n".join(found))



def _registered_routes(folder: Path) -> set[str]:
    """``METHOD path`` of every route the central service registers, its paths written as
    the protocol document writes them: without the ``/api/v1`` prefix."""
    app = create_app(ServerSettings.from_env(database_url=f"sqlite:///{folder / 'db.sqlite3'}",
                                             data_dir=folder))
    found = set()
    for route in flatten_routes(app.routes):
        path = route.path.removeprefix(API_PREFIX)
        for method in getattr(route, "methods", None) or ():
            if method != "HEAD":
                found.add(f"{method} {path}")
    return found


def test_every_route_the_service_registers_is_in_the_protocol_document(tmp_path: Path) -> None:
    routes = _registered_routes(tmp_path)
    assert {"GET /sync/pull", "POST /sync/push", "POST /auth/token"} <= routes
    text = PROTOCOL_DOC.read_text(encoding="utf-8")
    missing = sorted(route for route in routes if f"`{route}`" not in text)
    assert not missing, "routes not described in docs/protocol.md: " + ", ".join(missing)


def test_every_record_type_is_in_the_protocol_document() -> None:
    text = PROTOCOL_DOC.read_text(encoding="utf-8")
    headed = set(re.findall(r"^#{2,4} `([a-z_]+)`", text, flags=re.MULTILINE))
    assert len(RECORD_MODELS) >= 20
    missing = sorted(set(RECORD_MODELS) - headed)
    assert not missing, ("record types without a heading (### `type`) in docs/protocol.md: "
                         + ", ".join(missing))


def test_every_import_contract_is_in_the_architecture_document() -> None:
    """The table of contracts in docs/architecture.md names each contract of pyproject.toml
    as it is named there, so the drawing cannot lose a rule the tests enforce."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = [contract["name"] for contract in config["tool"]["importlinter"]["contracts"]]
    assert len(names) >= 6
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [name for name in names if f"| {name} |" not in text]
    assert not missing, ("contracts missing from the table in docs/architecture.md: "
                         + "; ".join(missing))
