"""One ``npq-desk`` per data folder: a second start hands over to the first and quits.

Two processes on one database would each run their own sync and outbox against the same
file. The first instance takes a ``QLockFile`` in the data folder (a stale lock left by a
crash is taken over once its process is gone) and listens on a ``QLocalServer`` whose name
is derived from the folder. A second start cannot take the lock: it connects to that
server and sends "raise", the first brings its window to the front, and the second
quits with a message; if the first does not answer, the second says another copy holds
the folder and quits (never opening the database). A lock file that cannot be written (a
full disk) is said as such, never as another copy running.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.disk_space import check_writable, no_room_is_disk_full
from app.errors import LocalProblem
from ui.i18n import translate

log = logging.getLogger(__name__)

LOCK_FILENAME = "npq-desk.lock"
RAISE = b"raise\n"
ANSWER_TIMEOUT_MS = 2_000
STALE_AFTER_MS = 0  # only a lock whose process is gone counts as stale


def server_name(data_dir: Path) -> str:
    """A local-socket name per data folder (short: macOS limits socket paths)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"npq-desk-{digest}"


class SingleInstance(QObject):
    raise_requested = Signal()  # a second start asked this one to come to the front

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the folder for this process (True), or fail because another holds it.

        A lock file that cannot be written is not another instance: ``DiskFull`` when the
        disk has no room, else a ``LocalProblem`` saying the folder cannot be written."""
        with no_room_is_disk_full(self.data_dir):
            self.data_dir.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(self.data_dir / LOCK_FILENAME))
        lock.setStaleLockTime(STALE_AFTER_MS)
        if not lock.tryLock(0):
            if lock.error() != QLockFile.LockError.LockFailedError:
                raise self._cannot_lock(lock.error())
            log.info("another instance holds the data folder")
            return False
        self._lock = lock
        name = server_name(self.data_dir)
        QLocalServer.removeServer(name)  # a socket left by a crashed instance
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            log.warning("single-instance server not listening: %s", server.errorString())
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def _cannot_lock(self, error: QLockFile.LockError) -> LocalProblem:
        log.warning("lock file not written (%s)", error.name)
        try:
            check_writable(self.data_dir)  # raises DiskFull when there is no room
        except OSError as exc:
            log.warning("data folder not writable (%s)", type(exc).__name__)
        return LocalProblem(translate(
            "Startup", "NPQ Partner Desk cannot write its lock file in its data folder "
                       "{folder}. Check that you may write in that folder, then start again. "
                       "Nothing has been changed.").format(folder=self.data_dir))

    def hand_over(self) -> bool:
        """Ask the instance holding the folder to raise its window; True if it answered."""
        socket = QLocalSocket()
        socket.connectToServer(server_name(self.data_dir))
        if not socket.waitForConnected(ANSWER_TIMEOUT_MS):
            return False
        socket.write(RAISE)
        socket.flush()
        answered = socket.waitForReadyRead(ANSWER_TIMEOUT_MS) and \
            bytes(socket.readAll().data()).startswith(b"ok")
        socket.disconnectFromServer()
        return answered

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            socket.write(b"ok\n")
            socket.flush()
            log.info("a second start handed over: raising the window")
            self.raise_requested.emit()


def bring_to_front(window: object) -> None:
    """Show, un-minimise and activate ``window`` (a QWidget), if there is one."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    if not isinstance(window, QWidget):
        return
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
