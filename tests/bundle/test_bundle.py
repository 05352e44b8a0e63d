"""The Linux one-folder bundle: packaging/build.sh builds it, and it runs.

Builds once per module into a temporary folder (about 70 s on 2 cores, ~290 MB), so these
tests carry the ``bundle`` marker: the default run leaves them out and CI runs them as a
step of their own (``pytest -m bundle``). They skip, saying why, only where PyInstaller
cannot run: not on Linux (Windows/macOS builds follow packaging/README.md) or PyInstaller
not installed (``pip install -e '.[package]'``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bundle, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
    "version"]
SMOKE_TIMEOUT_S = 180


@dataclass(frozen=True)
class Bundle:
    folder: Path
    seconds: float
    megabytes: float

    @property
    def executable(self) -> Path:
        return self.folder / "npq-desk"

    @property
    def internal(self) -> Path:
        return self.folder / "_internal"


def folder_megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()
               and not p.is_symlink()) / 1e6


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory,
           pytestconfig: pytest.Config) -> Iterator[Bundle]:
    if not sys.platform.startswith("linux"):
        pytest.skip("packaging/build.sh builds the Linux bundle; Windows and macOS follow "
                    "packaging/README.md")
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed: pip install -e '.[package]'")
    root = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), str(root / "dist")],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=1100,
        env={**os.environ, "PYTHON": sys.executable, "NPQ_BUILD_WORK": str(root / "work")})
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    built = Bundle(root / "dist" / "npq-desk", seconds, 0.0)
    built = Bundle(built.folder, seconds, folder_megabytes(built.folder))
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"bundle: built in {seconds:.0f} s, {built.megabytes:.0f} MB")
    yield built


def run_bundle(bundle: Bundle, home: Path, *args: str,
               extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update({"QT_QPA_PLATFORM": "offscreen", "NPQ_DESK_HOME": str(home)},
               **(extra_env or {}))
    return subprocess.run([str(bundle.executable), *args], capture_output=True, text=True,
                          check=False, timeout=SMOKE_TIMEOUT_S, env=env, cwd=home)


def test_the_bundle_carries_resources_migrations_and_no_unused_qt(bundle: Bundle) -> None:
    resources = bundle.internal / "resources"
    for name in ["icons/app.svg", "fonts/DejaVuSans.ttf", "fonts/LICENSE-DejaVu.txt",
                 "forms/qa_visit.json", "forms/competencies.json", "licences.json"]:
        assert (resources / name).is_file(), name
    for folder in ["app/store/migrations", "server/migrations"]:
        assert (bundle.internal / folder / "env.py").is_file()
        assert len(list((bundle.internal / folder / "versions").glob("0*.py"))) >= 3
    qt = bundle.internal / "PySide6" / "Qt"
    assert (qt / "plugins" / "imageformats" / "libqsvg.so").is_file()  # SVG icons
    assert (qt / "plugins" / "platforms" / "libqxcb.so").is_file()
    libraries = {path.name for path in (qt / "lib").iterdir()}
    assert not {name for name in libraries
                if name.startswith(("libQt6WebEngine", "libQt6Quick", "libQt6Qml",
                                    "libQt63D", "libQt6Multimedia"))}
    licences = {item["name"] for item in json.loads((resources / "licences.json").read_text())}
    assert {"PySide6_Essentials", "SQLAlchemy", "DejaVu fonts", "Python"} <= licences
    for desktop_file in ["npq-partner-desk.desktop", "install-linux.sh",
                         "icons/npq-partner-desk-256.png"]:
        assert (bundle.folder / desktop_file).is_file(), desktop_file


def test_the_bundle_prints_the_pyproject_version(bundle: Bundle, tmp_path: Path) -> None:
    result = run_bundle(bundle, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"NPQ Partner Desk {VERSION}"


def test_the_bundle_starts_the_demo_shows_its_window_and_quits(bundle: Bundle,
                                                               tmp_path: Path) -> None:
    result = run_bundle(bundle, tmp_path, "--demo", "--role", "qa",
                        extra_env={"NPQ_DESK_QUIT_AFTER_MS": "500"})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "main window shown" in result.stdout.splitlines()
    log = (tmp_path / "logs" / "npq-desk.log").read_text(encoding="utf-8")
    assert "main window shown" in log
    assert "Traceback" not in log and " ERROR " not in log, log[-4000:]


def test_install_linux_puts_it_under_local_and_uninstalls(bundle: Bundle,
                                                          tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    installed = subprocess.run(["bash", str(bundle.folder / "install-linux.sh")], env=env,
                               capture_output=True, text=True, check=False, timeout=300)
    assert installed.returncode == 0, installed.stderr
    assert f"NPQ Partner Desk {VERSION} installed" in installed.stdout
    lib = home / ".local" / "lib" / "npq-partner-desk"
    link = home / ".local" / "bin" / "npq-desk"
    assert link.resolve() == (lib / "npq-desk").resolve()
    version = subprocess.run([str(link), "--version"], capture_output=True, text=True,
                             check=False, timeout=SMOKE_TIMEOUT_S)
    assert version.stdout.strip() == f"NPQ Partner Desk {VERSION}"
    entry = (home / ".local/share/applications/npq-partner-desk.desktop").read_text()
    assert f"Exec={lib}/npq-desk" in entry.splitlines()
    assert (home / ".local/share/icons/hicolor/256x256/apps/npq-partner-desk.png").is_file()

    removed = subprocess.run(["bash", str(lib / "install-linux.sh"), "--uninstall"], env=env,
                             capture_output=True, text=True, check=False, timeout=120)
    assert removed.returncode == 0, removed.stderr
    assert not lib.exists() and not link.is_symlink()
    assert not (home / ".local/share/applications/npq-partner-desk.desktop").exists()
