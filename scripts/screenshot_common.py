"""What the screenshot scripts share, so each of them says only what it shows.

- ``Shots``: the ``QApplication`` set up the way ``npq-desk`` sets it up (name,
  organisation, icon, ``ui.style.apply``), so a shot looks like the app and a change to
  how the app starts reaches the screenshots without editing every script; a ``Runner``
  whose error ends the run with status 1 (a shot of an error dialog would be wrong); and
  the two ways a shot is taken: a view shown on its own and grabbed once it says it is
  ready (``shoot_when`` / ``save_later``), or the whole demo driven step by step until it
  looks right (``drive_demo``).
- ``seeded_server``: the real embedded server, seeded for a fixed day so the pictures do
  not drift with the calendar, with "laptops" signed in against it and an in-memory
  keyring, so a screenshot run never writes to the OS keyring and leaves nothing behind.

The scripts put the repository on ``sys.path`` before importing this module.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
from PySide6.QtCore import QTimer, SignalInstance
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from app.store import Store
from desk.session import Session, sign_in
from server.embedded import EmbeddedServer
from sync.memory_keyring import MemoryKeyring
from ui.demo import Demo, DemoBackend
from ui.main import make_application
from ui.runner import Runner

if TYPE_CHECKING:
    from ui.main_window import MainWindow

SCREEN = (1366, 768)  # the docs' screenshots are of a 1366x768 laptop screen
DEMO_PASSWORD = "npq-demo"  # every seeded demo user's

Step = Callable[[], bool]  # True when done; False: not ready yet, try again shortly


class Shots:
    """One screenshot run: the app, its runner, and grabbing what is on screen."""

    def __init__(self, font_pt: float | None = None) -> None:
        """Set the app up as ``ui.main.run_gui`` does, less what a picture does not need
        (no translator: the docs' shots are in English whatever the machine's language;
        no single-instance lock, log files or excepthooks). ``font_pt`` is the desktop
        font to start with; it is set before the theme, which sizes its type from it."""
        # $NPQ_DESK_COLOR_SCHEME, else the desktop's scheme (light under Xvfb)
        self.app = make_application(translated=False, font_pt=font_pt)
        self.runner = Runner(on_error=self.fail)

    def fail(self, exc: BaseException) -> None:
        """Background work failed: say so and end with status 1 rather than save a shot
        of a half-loaded view."""
        print(f"error: {exc!r}")
        self.app.exit(1)

    def save(self, shot: QPixmap, out: Path, note: str = "") -> None:
        shot.save(str(out))
        print(f"saved {out}{note}")

    def save_later(self, widget: QWidget, out: Path, delay_ms: int) -> None:
        """Grab ``widget`` after ``delay_ms`` (its last repaints: charts, the selection
        just made), save it to ``out`` and end the run."""
        QTimer.singleShot(delay_ms, lambda: (self.save(widget.grab(), out), self.app.exit(0)))

    def show(self, widget: QWidget, title: str | None = None,
             size: tuple[int, int] = SCREEN) -> None:
        if title:
            widget.setWindowTitle(title)
        widget.resize(*size)
        widget.show()

    def run(self) -> int:
        """Run until a shot is saved (0) or something failed (1); then let the runner's
        work finish, since the store under it closes next."""
        try:
            return self.app.exec()
        finally:
            self.runner.wait_for_done()

    def shoot_when(self, ready: SignalInstance, widget: QWidget, out: Path, *,
                   start: Callable[[], None], delay_ms: int,
                   arrange: Callable[..., bool] | None = None) -> int:
        """Call ``start`` (the view's first load), and when ``ready`` fires, save
        ``widget`` ``delay_ms`` later. ``arrange`` gets ``ready``'s arguments and returns
        False when it changed what is shown and ``ready`` will fire again for that; the
        shot is taken at the first ``ready`` it accepts."""

        def on_ready(*args: object) -> None:
            if arrange is None or arrange(*args):
                self.save_later(widget, out, delay_ms)

        ready.connect(on_ready)
        start()
        return self.run()

    def drive_demo(self, role: str, steps: Callable[[MainWindow], Iterable[Step]],
                   shoot: Callable[[MainWindow], None], *, size: tuple[int, int] | None = None,
                   step_ms: int = 250, settle_ms: int = 600) -> int:
        """Open the demo (its own server, seed and in-memory keyring) as ``role``; once its
        window is shown and the runner is idle, run ``steps(window)`` one at a time (each
        retried every ``step_ms`` until it returns True, and only while no work is
        running, so a step never acts on a view that is still loading), then after
        ``settle_ms`` call ``shoot(window)`` and end the run. ``size`` resizes the window
        first; without it the window keeps the size the app gives it."""
        backend = DemoBackend()
        demo = Demo(self.runner, backend)
        queue: list[Iterator[Step]] = []
        current: list[Step] = []

        def tick() -> None:
            window = demo.window
            if window is None or self.runner.busy():
                QTimer.singleShot(200, tick)
                return
            if not queue:
                queue.append(iter(steps(window)))
            if not current:
                step = next(queue[0], None)
                if step is None:
                    QTimer.singleShot(settle_ms, lambda: finish(window))
                    return
                current.append(step)
            if current[0]():
                current.clear()
            QTimer.singleShot(step_ms, tick)

        def finish(window: MainWindow) -> None:
            shoot(window)
            window.close_now()
            self.app.exit(0)

        def shown(window: MainWindow) -> None:
            if size is not None:
                window.resize(*size)
            window.activateWindow()
            QTimer.singleShot(1500, tick)  # the first sync and the views' first loads

        demo.window_shown.connect(shown)
        demo.open(role)
        try:
            return self.run()
        finally:
            backend.close()


@dataclass
class Bench:
    """A seeded server and the laptops signed in against it (closed by ``seeded_server``)."""

    folder: Path
    server: EmbeddedServer
    stores: list[Store] = field(default_factory=list)

    def laptop(self, name: str, username: str) -> tuple[Store, Session]:
        """A new laptop (its own store, ``name``.sqlite3) with ``username`` signed in and
        synced once, as a user would be after signing in for the first time."""
        store = Store.open(self.folder / f"{name}.sqlite3")
        self.stores.append(store)
        session = sign_in(store, self.server.base_url or "", username, DEMO_PASSWORD)
        session.sync.sync_once()
        return store, session


@contextmanager
def seeded_server(prefix: str, today: dt.date) -> Iterator[Bench]:
    """The real embedded server seeded for ``today`` in a temporary folder named
    ``prefix``…, with the keyring in memory (the laptops' database keys and tokens need not
    outlive the run, and the OS keyring is never touched); all of it stopped, closed and
    deleted afterwards."""
    keyring.set_keyring(MemoryKeyring())
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    server = EmbeddedServer(data_dir=folder / "server", seed=True, today=today)
    server.start()
    bench = Bench(folder, server)
    try:
        yield bench
    finally:
        for store in reversed(bench.stores):
            store.close()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
