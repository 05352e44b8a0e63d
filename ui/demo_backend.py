"""Demo mode without a window: an embedded reference server with demo data, and signed-in
"laptops", nothing to set up. No Qt (the headless commands run on it too).

Everything lives in a throwaway folder: the server's database, one client database per
demo user (each "laptop"), and the sign-in tokens (an in-memory keyring, so a demo never
writes to the OS keyring).

Seeding the server's demo data is most of a demo's start (about 0.6 s of CPU of its
~3 s). A demo started without a folder of its own (``npq-desk --demo``) therefore keeps
the seeded database of the day in the user's cache folder (``seed_cache``) and starts
from a copy of it: the first demo of a day seeds, the next ones copy. The copy is keyed
by the day and by the server and sync code (each file's size and time, or the app's
version where there are no source files, as in the bundle), so a changed seed is never
served stale; the data is invented, with nothing personal in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

import keyring
import platformdirs

import server
import sync
from app import paths
from app.version import app_version
from desk.session import Session, open_store, sign_in
from server.embedded import EmbeddedServer
from server.settings import DEFAULT_DB_FILE, sqlite_url
from sync.memory_keyring import MemoryKeyring

log = logging.getLogger(__name__)

ROLES = ("facilitator", "cofacilitator", "partner", "qa")
PASSWORD = "npq-demo"


def default_seed_cache() -> Path:
    """Where a demo keeps the day's seeded server database: ``$NPQ_DESK_HOME/cache/demo``,
    or the platform's cache folder."""
    home = os.environ.get(paths.HOME_ENV, "").strip()
    if home:
        return Path(home).expanduser() / "cache" / "demo"
    return Path(platformdirs.user_cache_dir(paths.APP_NAME, paths.APP_AUTHOR)) / "demo"


def seed_key(today: dt.date) -> str:
    """The day and the code that seeds: each server and sync source file's size and time
    (none in a bundle, whose code changes only with its version), and the app's version."""
    digest = hashlib.sha256(f"{today.isoformat()}|{app_version()}".encode())
    for package in (server, sync):
        if package.__file__ is None:
            continue
        for source in sorted(Path(package.__file__).parent.rglob("*.py")):
            stat = source.stat()
            digest.update(f"|{source.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


class DemoBackend:
    """The non-Qt half: server and per-role sessions. Its methods do I/O (use the runner).

    ``seed_cache``: a folder for the day's seeded server database; by default the user's
    cache folder for a throwaway demo (no ``root`` given), none (seed every time) for a
    demo in a folder of its own, as the tests make."""

    def __init__(self, root: Path | None = None, today: dt.date | None = None,
                 *, own_keyring: bool = True, seed_cache: Path | None = None) -> None:
        self._owns_root = root is None
        self.root = root or Path(tempfile.mkdtemp(prefix="npq-demo-"))
        self.today = today or dt.date.today()
        self.seed_cache = seed_cache or (default_seed_cache() if root is None else None)
        self.server = EmbeddedServer(data_dir=self.root / "server", seed=True, today=self.today,
                                     season=True)
        self.base_url: str | None = None
        self.sessions: dict[str, Session] = {}
        if own_keyring:
            keyring.set_keyring(MemoryKeyring())

    def session_for(self, role: str, *, synced: bool = True) -> Session:
        """Start the server if needed, sign in as the demo user, and (``synced``) the
        laptop's first sync. A window passes ``synced=False``: its own first sync, which
        it starts once its lists are shown, fills the new laptop; syncing here too made
        every demo start pull everything twice and read every page twice."""
        if role not in ROLES:
            raise ValueError(f"unknown demo role {role!r}; choose from {', '.join(ROLES)}")
        if role in self.sessions:
            return self.sessions[role]
        url = self.start_server()
        store = open_store(self.laptop_home(role) / "data" / paths.DATABASE_FILENAME)
        session = sign_in(store, url, role, PASSWORD)
        if synced:
            self.first_sync(session)
        self.sessions[role] = session
        return session

    def start_server(self) -> str:
        """The embedded server, migrated, seeded and listening (once); its address."""
        if self.base_url is None:
            self._from_seed_cache()
            self.base_url = self.server.start()
            log.info("demo server at %s", self.base_url)
        return self.base_url

    def _from_seed_cache(self) -> None:
        """Put a copy of the day's seeded database where the server opens it (seeding it
        into the cache first, once a day). Nothing when there is no cache, or the server's
        database is not its own SQLite file (``NPQ_DATABASE_URL``)."""
        folder = self.root / "server"
        if (self.seed_cache is None or (folder / DEFAULT_DB_FILE).exists()
                or self.server.settings.database_url != sqlite_url(folder)):
            return
        try:
            cached = self.seed_cache / f"server-{seed_key(self.today)}.sqlite3"
            if not cached.exists():
                self._seed_into(cached)
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, folder / DEFAULT_DB_FILE)
        except OSError as exc:  # a full or read-only cache: seed in place as before
            log.warning("demo seed cache not used: %s", type(exc).__name__)
            (folder / DEFAULT_DB_FILE).unlink(missing_ok=True)

    def _seed_into(self, cached: Path) -> None:
        """Seed a new database for the day in a folder of its own, then move its file into
        the cache (atomically: a demo starting meanwhile copies a whole one) and drop the
        older days'."""
        cached.parent.mkdir(parents=True, exist_ok=True)  # the seed cache
        with tempfile.TemporaryDirectory(dir=cached.parent) as scratch:
            seeding = EmbeddedServer(data_dir=scratch, seed=True, today=self.today, season=True)
            seeding.database  # noqa: B018 (opened: migrated and seeded)
            seeding.close()  # the last connection closed: the WAL is folded into the file
            made = Path(scratch) / DEFAULT_DB_FILE
            if any(Path(f"{made}{suffix}").exists() for suffix in ("-wal", "-journal")):
                raise OSError("the seeded database was not closed cleanly")
            os.replace(made, cached)
        for older in cached.parent.glob("server-*.sqlite3"):
            if older != cached:
                older.unlink(missing_ok=True)

    def first_sync(self, session: Session) -> None:
        """A new demo laptop's first sync, before its window opens."""
        session.sync.sync_once()

    def laptop_home(self, role: str) -> Path:
        """The home folder of ``role``'s laptop (its database in ``data/``), as ``--home``
        would name it."""
        return self.root / "laptops" / role

    def signed_in_home(self, role: str) -> Path:
        """Sign in as ``role`` and sync (``session_for``), then close that laptop's database
        and give its home folder: a headless command then runs there as for a real user."""
        self.session_for(role)
        self.sessions.pop(role).close()
        return self.laptop_home(role)

    def close(self) -> None:
        for session in self.sessions.values():
            session.close()
        self.sessions.clear()
        self.server.stop()
        if self._owns_root:
            shutil.rmtree(self.root, ignore_errors=True)
