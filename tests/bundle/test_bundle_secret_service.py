"""The packaged app against a real OS keyring (issue 7): gnome-keyring's Secret Service on a
private D-Bus session bus, a real reference server on loopback, a fresh data folder.

Sign-in is interactive in the app (the login dialog), so this process signs in with the
app's own code (``desk.session``) against the same Secret Service and data folder; the keys
then sit in the real keyring, and the bundle has to find them there: ``npq-desk sync``
syncs (reusing the access token saved there with the refresh token), a windowed start
resumes the session and shows its main window. With the key gone, or with no Secret
Service at all, the bundle says so and leaves the database alone.

Runs after ``test_bundle.py`` and uses its build (see ``conftest.py``); on its own it uses a
``dist/npq-desk`` newer than the sources, else builds one (~70 s). Skips, saying why, where
the bundle cannot be built or dbus-run-session/gnome-keyring are not installed
(``apt-get install dbus gnome-keyring libsecret-tools``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import SecretService as secret_service_backend

from app import paths
from app.store import keys
from sync.credentials import keyring_key
from tests.bundle.secret_service import (
    BUS_ENV,
    SecretService,
    missing_tools,
    running_secret_service,
)

pytestmark = [pytest.mark.bundle, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["app", "sync", "ui", "server", "resources", "packaging"]
RUN_TIMEOUT_S = 180
USERNAME, PASSWORD = "facilitator", "npq-demo"


def newest_source_mtime() -> float:
    files = [p for folder in SOURCES for p in (ROOT / folder).rglob("*")
             if p.is_file() and "__pycache__" not in p.parts]
    return max(p.stat().st_mtime for p in [*files, ROOT / "pyproject.toml"])


@pytest.fixture(scope="module")
def desk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle's ``npq-desk`` executable: this run's build, a fresh ``dist/``, or a new
    build."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the Secret Service test runs the Linux bundle")
    if missing := missing_tools():
        pytest.skip(f"no Secret Service here: {', '.join(missing)} not installed "
                    "(apt-get install dbus gnome-keyring libsecret-tools)")
    built: Path | None = request.getfixturevalue("built_bundle")
    if built is not None and (built / "npq-desk").is_file():
        return built / "npq-desk"
    dist = ROOT / "dist" / "npq-desk" / "npq-desk"
    if dist.is_file() and dist.stat().st_mtime > newest_source_mtime():
        return dist
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed: pip install -e '.[package]'")
    root = tmp_path_factory.mktemp("bundle-ss")
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), str(root / "dist")],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=1100,
        env={**os.environ, "PYTHON": sys.executable, "NPQ_BUILD_WORK": str(root / "work")})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return root / "dist" / "npq-desk" / "npq-desk"


@pytest.fixture(scope="module")
def secret_service(desk: Path, tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[SecretService]:
    with running_secret_service(tmp_path_factory.mktemp("secret-service")) as service:
        yield service


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The reference server, seeded around the real today (the bundle runs on the real
    clock, not the tests' fixed one)."""
    from server.embedded import EmbeddedServer

    with EmbeddedServer(data_dir=tmp_path_factory.mktemp("server"), seed=True,
                        today=dt.date.today()) as server:
        yield server.base_url


@pytest.fixture
def real_keyring(secret_service: SecretService, monkeypatch: pytest.MonkeyPatch) -> None:
    """This process's keyring is the Secret Service too (the autouse fixture in
    tests/conftest.py puts the in-memory one back afterwards)."""
    monkeypatch.setenv(BUS_ENV, secret_service.address)
    assert secret_service_backend.Keyring.priority > 0  # reachable and unlocked
    keyring.set_keyring(secret_service_backend.Keyring())
    assert keys.keyring_is_secure()


def run_desk(desk: Path, home: Path, *args: str, service: SecretService | None,
             extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The packaged app, in ``home``, seeing ``service`` as its only keyring (none: no
    session bus at all, as on a laptop with no password store running)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "VIRTUAL_ENV", "DBUS_", "NPQ_"))}
    env.update({"QT_QPA_PLATFORM": "offscreen", "NPQ_DESK_HOME": str(home),
                "XDG_CONFIG_HOME": str(home / "config")},  # no keyringrc.cfg of the machine
               **(service.env() if service is not None else {}), **(extra_env or {}))
    return subprocess.run([str(desk), *args], capture_output=True, text=True, check=False,
                          timeout=RUN_TIMEOUT_S, env=env, cwd=home)


def sign_in_here(home: Path, server_url: str) -> Path:
    """What the login dialog does, with the app's own code: the database (and its key) made,
    then signed in (identity in the database, refresh token in the keyring)."""
    from desk.session import open_store, prepare_store, sign_in

    database = home / "data" / paths.DATABASE_FILENAME
    prepare_store(database)
    store = open_store(database)
    try:
        sign_in(store, server_url, USERNAME, PASSWORD)
    finally:
        store.close()
    return database


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def test_python_keyring_chooses_the_secret_service(secret_service: SecretService,
                                                   tmp_path: Path) -> None:
    """keyring's own choice in a fresh process (no backend forced): the Secret Service,
    and a secret set there is read back by libsecret's secret-tool."""
    probe = ("import keyring; keyring.set_password('npq-probe', 'u', 's3cret'); "
             "print(type(keyring.get_keyring()).__module__)")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.update({**secret_service.env(), "XDG_CONFIG_HOME": str(tmp_path)})
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=False, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "keyring.backends.SecretService"
    if shutil.which("secret-tool"):
        assert secret_service.lookup("npq-probe", "u") == "s3cret"


def test_the_bundle_signs_in_syncs_and_starts_on_the_real_keyring(
        desk: Path, secret_service: SecretService, server_url: str, real_keyring: None,
        isolated_home: Path) -> None:
    database = sign_in_here(isolated_home, server_url)

    db_key = keyring.get_password(keys.SERVICE, keys.key_user(database))
    token = keyring.get_password(keys.SERVICE, keyring_key(server_url, USERNAME))
    assert db_key is not None and re.fullmatch(r"[0-9a-f]{64}", db_key)
    assert token
    if shutil.which("secret-tool"):  # the same secrets, read without Python's keyring
        assert secret_service.lookup(keys.SERVICE, keys.key_user(database)) == db_key
        assert secret_service.lookup(keys.SERVICE, keyring_key(server_url, USERNAME)) == token
    assert database.read_bytes()[:16] != keys.SQLITE_HEADER

    synced = run_desk(desk, isolated_home, "sync", service=secret_service)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert synced.stdout.startswith("Synced with "), synced.stdout + synced.stderr
    kept = keyring.get_password(keys.SERVICE, keyring_key(server_url, USERNAME))
    assert kept == token  # the bundle read the sign-in there; its access token still valid
    assert keyring.get_password(keys.SERVICE, keys.key_user(database)) == db_key
    assert database.read_bytes()[:16] != keys.SQLITE_HEADER

    shown = run_desk(desk, isolated_home, service=secret_service,
                     extra_env={"NPQ_DESK_QUIT_AFTER_MS": "500"})
    assert shown.returncode == 0, shown.stdout[-2000:] + shown.stderr[-4000:]
    assert "main window shown" in shown.stdout.splitlines()
    log = (isolated_home / "logs" / "npq-desk.log").read_text(encoding="utf-8")
    assert "Traceback" not in log and " ERROR " not in log, log[-4000:]
    assert "unencrypted" not in log and "no secure keyring" not in log
    assert database.read_bytes()[:16] != keys.SQLITE_HEADER


def test_the_bundle_on_a_locked_database_or_with_no_keyring_says_so(
        desk: Path, secret_service: SecretService, server_url: str, real_keyring: None,
        isolated_home: Path, tmp_path: Path) -> None:
    database = sign_in_here(isolated_home, server_url)

    nowhere = run_desk(desk, isolated_home, "sync", service=None)  # no session bus
    assert nowhere.returncode == 4, nowhere.stdout + nowhere.stderr  # exit_codes.LOCAL
    assert nowhere.stderr.strip() == keys.InsecureKeyring().message
    assert "Traceback" not in nowhere.stderr

    keys.delete_key(database)
    assert secret_service.lookup(keys.SERVICE, keys.key_user(database)) is None
    before = folder_bytes(database.parent)
    locked = keys.locked_error(database).message
    for args in (["sync"], ["print", "register", "any-event", "--out", str(tmp_path / "r.pdf")]):
        result = run_desk(desk, isolated_home, *args, service=secret_service)
        assert result.returncode == 4, result.stdout + result.stderr
        assert result.stderr.strip() == locked, args
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "r.pdf").exists()
    assert folder_bytes(database.parent) == before  # left byte for byte, nothing beside it
