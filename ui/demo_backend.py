"""Demo mode without a window: an embedded reference server with demo data, and signed-in
"laptops", nothing to set up. No Qt (the headless commands run on it too).

Everything lives in a throwaway folder: the server's database, one client database per
demo user (each "laptop"), and the sign-in tokens (an in-memory keyring, so a demo never
writes to the OS keyring).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from pathlib import Path

import keyring

from app import paths
from server.embedded import EmbeddedServer
from sync.memory_keyring import MemoryKeyring
from ui.session import Session, open_store, sign_in

log = logging.getLogger(__name__)

ROLES = ("facilitator", "cofacilitator", "partner", "qa")
PASSWORD = "npq-demo"


class DemoBackend:
    """The non-Qt half: server and per-role sessions. Its methods do I/O (use the runner)."""

    def __init__(self, root: Path | None = None, today: dt.date | None = None,
                 *, own_keyring: bool = True) -> None:
        self._owns_root = root is None
        self.root = root or Path(tempfile.mkdtemp(prefix="npq-demo-"))
        self.today = today or dt.date.today()
        self.server = EmbeddedServer(data_dir=self.root / "server", seed=True, today=self.today)
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
            self.base_url = self.server.start()
            log.info("demo server at %s", self.base_url)
        return self.base_url

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
