"""The reference server running in-process on a loopback port (demo mode and tests).

``start()`` migrates (and, for a new database, optionally seeds) and serves with uvicorn in a
background thread; ``stop()`` shuts it down cleanly. A later ``start()`` serves the same
database on the same port, so a client sees the server go away and come back.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
import time
from pathlib import Path
from types import TracebackType

import uvicorn

from server import migrate
from server.app import create_app
from server.db import Database
from server.feed_watch import FeedWatch
from server.services.evaluations import SimulatedPostbox
from server.settings import ServerSettings

log = logging.getLogger(__name__)

START_TIMEOUT_S = 15.0


class EmbeddedServer:
    def __init__(self, database_url: str | None = None, data_dir: Path | str | None = None,
                 seed: bool = False, today: dt.date | None = None,
                 season: bool = False) -> None:
        self.settings = ServerSettings.from_env(database_url=database_url, data_dir=data_dir)
        self.seed = seed
        self.season = season  # seeded with the demo partner's application season
        self.today = today
        # the invitations the service sends, as candidates would receive them (demo, tests)
        self.postbox = SimulatedPostbox()
        self.base_url: str | None = None
        self.port: int | None = None
        self._database: Database | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.feed: FeedWatch | None = None  # who waits on the running server (tests)

    @property
    def database(self) -> Database:
        """The server's database (opened and migrated on first start)."""
        if self._database is None:
            self._database = Database(self.settings.database_url)
            is_new = migrate.upgrade(self._database)
            if is_new and self.seed:
                from server.seed import seed_demo

                seed_demo(self._database, self.today or dt.date.today(),
                          season=self.season)
        return self._database

    def _bind(self) -> socket.socket:
        # proto=IPPROTO_TCP, or asyncio does not set TCP_NODELAY on accepted connections, and
        # Nagle's algorithm with the client's delayed ACK adds ~40 ms to every response.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(("127.0.0.1", self.port or 0))
        sock.listen(128)
        sock.set_inheritable(True)
        self.port = sock.getsockname()[1]
        return sock

    def start(self) -> str:
        if self._thread is not None:
            assert self.base_url is not None
            return self.base_url
        app = create_app(self.settings, self.database, self.postbox)
        sock = self._bind()
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2, timeout_keep_alive=5)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                  name=f"npq-server-{self.port}", daemon=True)
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                sock.close()
                raise RuntimeError("the embedded server did not start")
            time.sleep(0.005)
        self._server, self._thread = server, thread
        self.feed = app.state.npq.feed
        self.base_url = f"http://127.0.0.1:{self.port}"
        log.info("embedded server listening on port %s", self.port)
        return self.base_url

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        if self.feed is not None:
            self.feed.close()  # open waits answer now rather than hold up the shutdown
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._server, self._thread = None, None
        if self._database is not None:
            self._database.dispose()  # close pooled connections; reopened on the next start
        log.info("embedded server on port %s stopped", self.port)

    def close(self) -> None:
        """Stop and forget the database connection."""
        self.stop()
        if self._database is not None:
            self._database.dispose()
            self._database = None

    def __enter__(self) -> EmbeddedServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
