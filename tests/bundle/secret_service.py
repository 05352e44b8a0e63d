"""A real Secret Service (gnome-keyring on a private D-Bus session bus) for one test module.

Started through ``scripts/with-secret-service.sh`` (the same script a developer uses by
hand), which keeps the bus up for as long as its command runs: here a ``cat`` that ends when
its stdin is closed. The bus address is the first line the command prints; the test process
and the packaged app reach the keyring through it, and nothing else of the machine's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "with-secret-service.sh"
TOOLS = ("dbus-run-session", "gnome-keyring-daemon")
BUS_ENV = "DBUS_SESSION_BUS_ADDRESS"
START_TIMEOUT_S = 20


@dataclass(frozen=True)
class SecretService:
    """A running Secret Service: ``address`` is its session bus."""

    address: str
    folder: Path

    def env(self) -> dict[str, str]:
        """What a process needs to find this Secret Service (and only it)."""
        return {BUS_ENV: self.address}

    def lookup(self, service: str, username: str) -> str | None:
        """The secret stored under keyring's attributes, read with libsecret's
        ``secret-tool`` (not through Python's keyring); None when there is none."""
        result = subprocess.run(
            ["secret-tool", "lookup", "service", service, "username", username],
            capture_output=True, text=True, check=False, timeout=30,
            env={**os.environ, **self.env()})
        return result.stdout if result.returncode == 0 and result.stdout else None


def missing_tools() -> list[str]:
    """The programs a Secret Service needs that are not installed here."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@contextmanager
def running_secret_service(folder: Path) -> Iterator[SecretService]:
    """Start gnome-keyring on a new session bus, its login keyring kept in ``folder``;
    stopped (bus and daemon) when the block ends."""
    command = ["bash", str(SCRIPT), "--dir", str(folder), "bash", "-c",
               f'printf "%s\\n" "${BUS_ENV}"; exec cat >/dev/null']
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        address = _first_line(process)
        yield SecretService(address, folder)
    finally:
        if process.stdin is not None:
            process.stdin.close()  # cat ends, dbus-run-session stops the bus
        try:
            process.wait(timeout=START_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _first_line(process: subprocess.Popen[str]) -> str:
    """The bus address the command printed (the script has unlocked the keyring by then)."""
    assert process.stdout is not None and process.stderr is not None
    line = process.stdout.readline().strip()
    if not line:
        process.wait(timeout=START_TIMEOUT_S)
        raise RuntimeError(f"the Secret Service did not start: {process.stderr.read()}")
    return line
