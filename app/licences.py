"""Third-party licences for the About dialog: every distribution the app runs on.

The list is the closure of ``npq-partner-desk``'s runtime requirements (extras left out),
each with its installed version and licence as its own metadata states it (the SPDX
``License-Expression``, else the ``License`` field when it is short, else the "License ::"
classifiers). The build writes it to ``resources/licences.json`` (the frozen bundle has no
installed distributions to ask); an installed app without that file reads its metadata
live, so the same function serves both. The DejaVu font is not a distribution: its licence
text ships in ``resources/fonts/LICENSE-DejaVu.txt`` and is added as its own entry.
"""

from __future__ import annotations

import json
import platform
import re
import tomllib
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from app.version import DISTRIBUTION

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"  # in a checkout only
MAX_LICENCE_FIELD = 80  # longer "License" fields are whole licence texts, not names
# Distributions whose metadata names no licence, with the one their licence file holds.
STATED_IN_LICENCE_FILE = {
    "sqlcipher3": "Zlib (SQLCipher itself: BSD-3-Clause)",
}
VAGUE_FIELDS = {"dual license", "other", "unknown", "see license", "license"}
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_EXTRA_MARKER = re.compile(r"""extra\s*==\s*['"]([^'"]+)['"]""")


@dataclass(frozen=True)
class Licence:
    """One third-party component: its name, version and licence (as it declares it)."""

    name: str
    version: str
    licence: str


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    """The first value of a metadata field, or "" when the package does not give it."""
    values = meta.get_all(name) or []
    return str(values[0]) if values else ""


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = _field(meta, "License-Expression")
    if expression:
        return expression.strip()
    field = _field(meta, "License").strip()
    if (field and len(field) <= MAX_LICENCE_FIELD and "\n" not in field
            and field.lower() not in VAGUE_FIELDS):
        return field
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::") and c.strip() != "License :: OSI Approved"]
    if classifiers:
        return " / ".join(classifiers)
    stated = STATED_IN_LICENCE_FILE.get(_canonical(meta["Name"]))
    if stated is not None:
        return stated
    return "see the package's licence file"


def declared_requirements(pyproject: Path = PYPROJECT) -> list[str] | None:
    """``[project] dependencies`` from a checkout's pyproject.toml (None when there is no
    such file: an installed wheel or the bundle). In a checkout these beat the installed
    metadata, which an editable install writes once and can leave behind."""
    if not pyproject.exists():
        return None
    project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    if project.get("name") != DISTRIBUTION:
        return None
    return list(project.get("dependencies", []))


def _requirements_of(name: str) -> list[str]:
    try:
        return metadata.distribution(name).requires or []
    except metadata.PackageNotFoundError:
        return []


def runtime_distributions(roots: list[str] | None = None) -> list[metadata.Distribution]:
    """The distributions ``roots`` (requirement strings; by default the checkout's declared
    dependencies, else npq-partner-desk's installed ones) need at run time, transitively,
    as installed here. A requirement's extras count (``psycopg[binary]`` brings
    psycopg-binary); a distribution's own optional extras do not. Markers other than
    ``extra`` are not evaluated: what they exclude is simply not installed here."""
    found: dict[str, metadata.Distribution] = {}
    done: set[tuple[str, str]] = set()  # (distribution, extra or "") already expanded
    pending: list[tuple[str, frozenset[str]]] = [
        (requirement, frozenset({""}))
        for requirement in (roots if roots is not None
                            else declared_requirements() or _requirements_of(DISTRIBUTION))]
    while pending:
        requirement, active_extras = pending.pop()
        head, _, marker = requirement.partition(";")
        extra = _EXTRA_MARKER.search(marker)
        if (_canonical(extra.group(1)) if extra else "") not in active_extras:
            continue
        match = _REQUIREMENT.match(head)
        if match is None:
            continue
        key = _canonical(match.group(1))
        if key == DISTRIBUTION:
            continue
        wanted = {""} | {_canonical(e) for e in (match.group(2) or "").split(",") if e.strip()}
        if key not in found:
            try:
                found[key] = metadata.distribution(key)
            except metadata.PackageNotFoundError:
                continue  # a marker excluded it on this platform
        new = {e for e in wanted if (key, e) not in done}
        done.update((key, e) for e in new)
        if new:
            pending.extend((r, frozenset(new)) for r in found[key].requires or [])
    return sorted(found.values(), key=lambda d: _canonical(d.metadata["Name"]))


def collect_licences(fonts_licence: Path | None = None,
                     roots: list[str] | None = None) -> list[Licence]:
    """Every runtime distribution's licence (see ``runtime_distributions``), the Python
    runtime's, and the DejaVu fonts' when ``fonts_licence`` (their licence file) exists."""
    found = [Licence(d.metadata["Name"], d.version, _licence_of(d))
             for d in runtime_distributions(roots)]
    found.append(Licence("Python", platform.python_version(), "PSF-2.0"))
    if fonts_licence is not None and fonts_licence.exists():
        found.append(Licence("DejaVu fonts", "2.37",
                             "Bitstream Vera / Arev font licence (DejaVu changes public domain)"))
    return found


def write_licences(path: Path, licences: list[Licence]) -> None:
    """The build step: the list as JSON, sorted, one object per component."""
    path.write_text(json.dumps([asdict(item) for item in licences], indent=1) + "\n",
                    encoding="utf-8")


def read_licences(path: Path) -> list[Licence]:
    return [Licence(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


def load_licences(generated: Path, fonts_licence: Path) -> list[Licence]:
    """What the About dialog shows: the build's file when there is one, else live."""
    if generated.exists():
        return read_licences(generated)
    return collect_licences(fonts_licence)
