"""A keyring backend in one JSON file, so sign-ins survive a killed process in the tests
(the in-memory one dies with it). Writes are atomic (write, fsync, rename)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)

    def _load(self) -> dict[str, str]:
        try:
            return dict(json.loads(self.path.read_text()))
        except FileNotFoundError:
            return {}

    def _save(self, secrets: dict[str, str]) -> None:
        temporary = self.path.with_suffix(".tmp")
        with open(temporary, "w") as handle:
            json.dump(secrets, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._load()
        secrets[f"{service}|{username}"] = password
        self._save(secrets)

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._load()
        if secrets.pop(f"{service}|{username}", None) is None:
            raise PasswordDeleteError("no such password")
        self._save(secrets)


KEYRING_FILE_ENV = "NPQ_TEST_KEYRING_FILE"


class EnvFileKeyring(FileKeyring):
    """A ``FileKeyring`` in the file named by ``$NPQ_TEST_KEYRING_FILE``, for a child process
    (``PYTHON_KEYRING_BACKEND=tests.faults.file_keyring.EnvFileKeyring``). Never chosen by
    keyring's own search: only where it is named."""

    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        if KEYRING_FILE_ENV not in os.environ:
            raise TypeError(f"{KEYRING_FILE_ENV} names no file")  # keyring's search skips it
        super().__init__(Path(os.environ[KEYRING_FILE_ENV]))
