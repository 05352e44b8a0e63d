"""The real accessibility bus for the AT-SPI proof (tests/ui/test_atspi.py): an X server
(Xvfb), a private D-Bus session bus, the AT-SPI bus launcher and registry, and the app
(``npq-desk --demo --role R``) started on them with Qt's accessibility always on, walked by
scripts/atspi_walk.py under the system Python (python3-gi with the Atspi typelib), as a
screen reader such as Orca sees it. Nothing here is a fake: every process is the real one.

``missing()`` says what cannot be had on this machine (so the test can skip naming it);
``AccessibilityBus`` starts and stops the processes; ``walker()`` runs the walker."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]
WALKER = ROOT / "scripts" / "atspi_walk.py"
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
REGISTRY = "/usr/libexec/at-spi2-registryd"
WINDOW_SHOWN = "main window shown"  # ui.main.WINDOW_SHOWN_LINE
APP_NAME = "NPQ Partner Desk"


def missing() -> list[str]:
    """What the bus needs and this machine lacks (Debian package names in brackets)."""
    lacking: list[str] = []
    for tool, package in (("Xvfb", "xvfb"), ("dbus-daemon", "dbus")):
        if shutil.which(tool) is None:
            lacking.append(f"{tool} ({package})")
    for path, package in ((BUS_LAUNCHER, "at-spi2-core"), (REGISTRY, "at-spi2-core")):
        if not os.access(path, os.X_OK):
            lacking.append(f"{path} ({package})")
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        lacking.append(f"{SYSTEM_PYTHON} (python3)")
    else:
        probe = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0'); "
             "from gi.repository import Atspi"], capture_output=True, text=True, timeout=30)
        if probe.returncode != 0:
            lacking.append("the Atspi typelib for the system Python (python3-gi, "
                           "gir1.2-atspi-2.0)")
    return lacking


class AccessibilityBus:
    """Xvfb, a session bus, the AT-SPI bus and registry: ``env`` is what a process needs to
    be on them. Stop with ``close()`` (every process started here, by its id)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self._processes: list[subprocess.Popen[bytes]] = []
        self._logs: list[IO[bytes]] = []
        self.env = {key: value for key, value in os.environ.items()
                    if not key.startswith(("DBUS_", "AT_SPI", "QT_", "WAYLAND"))}
        self.env["XDG_RUNTIME_DIR"] = str(self._dir("runtime", 0o700))
        self.env["HOME"] = str(self._dir("home"))
        self.env["XDG_CONFIG_HOME"] = str(self._dir("home/.config"))
        self.env["XDG_CACHE_HOME"] = str(self._dir("home/.cache"))
        self.env["XDG_DATA_HOME"] = str(self._dir("home/.local/share"))
        try:
            self.env["DISPLAY"] = self._start_x()
            self.env["DBUS_SESSION_BUS_ADDRESS"] = self._start_session_bus()
            self._start("at-spi-bus-launcher", [BUS_LAUNCHER, "--launch-immediately"])
            self._wait_for_a11y_bus()
            self._start("at-spi2-registryd", [REGISTRY])
        except BaseException:
            self.close()
            raise

    def _dir(self, name: str, mode: int = 0o755) -> Path:
        path = self.workdir / name
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(mode)
        return path

    def _start(self, name: str, argv: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 (closed in close())
        self._logs.append(log)
        kwargs.setdefault("stdout", log)
        process = subprocess.Popen(argv, env=self.env, stderr=log, start_new_session=True,
                                   **kwargs)
        self._processes.append(process)
        return process

    def _start_x(self) -> str:
        read, write = os.pipe()
        try:
            self._start("Xvfb", ["Xvfb", "-displayfd", str(write), "-screen", "0",
                                 "1366x768x24", "-nolisten", "tcp", "+extension", "XTEST"],
                        pass_fds=(write,))
            os.close(write)
            write = -1
            number = _read_line(read, timeout=20)
        finally:
            os.close(read)
            if write >= 0:
                os.close(write)
        if not number.isdigit():
            raise RuntimeError("Xvfb did not say its display number")
        return f":{number}"

    def _start_session_bus(self) -> str:
        read, write = os.pipe()
        try:
            self._start("dbus-daemon", ["dbus-daemon", "--session", "--nofork", "--nopidfile",
                                        f"--print-address={write}"], pass_fds=(write,))
            os.close(write)
            write = -1
            address = _read_line(read, timeout=20)
        finally:
            os.close(read)
            if write >= 0:
                os.close(write)
        if not address:
            raise RuntimeError("the session bus did not say its address")
        return address

    def _wait_for_a11y_bus(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus",
                 "/org/a11y/bus", "org.a11y.Bus.GetAddress"],
                env=self.env, capture_output=True, text=True, timeout=10)
            if probe.returncode == 0 and "unix:" in probe.stdout:
                return
            time.sleep(0.1)
        raise RuntimeError("the AT-SPI bus launcher did not answer on the session bus")

    def app(self, role: str, *, timeout: float = 60
            ) -> AbstractContextManager[subprocess.Popen[bytes]]:
        """``npq-desk --demo --role ROLE`` on this bus, once its main window is shown (it
        quits by itself ten times ``timeout`` later, should the test be killed)."""
        return self.qt_program(
            f"app-{role}", ["-m", "ui.main", "--demo", "--role", role], timeout=timeout,
            NPQ_DESK_HOME=str(self._dir(f"desk-{role}")),
            NPQ_DESK_QUIT_AFTER_MS=str(int(timeout * 10_000)))

    @contextmanager
    def qt_program(self, name: str, args: list[str], *, timeout: float = 60,
                   **env: str) -> Iterator[subprocess.Popen[bytes]]:
        """``python ARGS`` (this venv's) with Qt on this bus and display, once it has said
        "main window shown"; ended (by its id) afterwards."""
        env = dict(self.env, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                   QT_ACCESSIBILITY="1", LANG="en_GB.UTF-8", LANGUAGE="en_GB", **env)
        log_path = self.workdir / f"{name}.log"
        log = open(log_path, "wb")  # noqa: SIM115 (closed in close())
        self._logs.append(log)
        process = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=log, start_new_session=True)
        try:
            assert process.stdout is not None
            line = _read_line(process.stdout.fileno(), timeout=timeout, until=WINDOW_SHOWN)
            if WINDOW_SHOWN not in line:
                raise RuntimeError(f"{name} showed no main window: "
                                   + log_path.read_text(errors="replace")[-2000:])
            yield process
        finally:
            _stop(process)

    def walker(self, *args: str, timeout: float = 60) -> Any:
        """scripts/atspi_walk.py ARGS under the system Python on this bus: its JSON."""
        done = subprocess.run([SYSTEM_PYTHON, str(WALKER), *args], env=self.env,
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"atspi_walk.py {' '.join(args)} failed ({done.returncode}):"
                               f"\n{done.stderr[-3000:]}")
        return json.loads(done.stdout)

    def close(self) -> None:
        for process in reversed(self._processes):
            _stop(process)
        self._processes.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()


def _read_line(fd: int, *, timeout: float, until: str = "\n") -> str:
    """What ``fd`` says up to the first line containing ``until`` (or its first line),
    waiting at most ``timeout`` seconds; "" if it closes or says nothing in time."""
    import select

    text = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        text += chunk
        for line in text.decode(errors="replace").splitlines():
            if (until == "\n" and text.endswith(b"\n")) or (until != "\n" and until in line):
                return line.strip()
    return ""


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End ``process`` (and the group it leads) by its id: TERM, then KILL."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    if process.stdout is not None:
        process.stdout.close()
