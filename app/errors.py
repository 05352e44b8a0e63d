"""Errors of the domain, each with a message written for the person using the app.

``str(exc)`` and ``exc.message`` are the human message. Messages name no personal data
beyond what the user is looking at; they are never logged with names in them.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the UI may show as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """What the user entered cannot be saved as it is."""


class NotFoundError(DomainError):
    """The thing asked for is not on this laptop (never synced, or purged)."""


class NotMarkableError(DomainError):
    """The candidate cannot be marked on this register (withdrawn, or not on the roster)."""


class RegisterSubmittedError(DomainError):
    """The register was submitted; a change needs an amendment reason."""


class NotSignedInError(DomainError):
    """No one is signed in on this laptop yet."""


class StoreRemoved(DomainError):
    """The store was signed out of and its files removed; nothing may open it again."""


class LocalProblem(DomainError):
    """Something on this laptop stops the work: the disk, the database file or the
    password store. The message says what it is and what to do; nothing was lost.
    Headless commands exit with ``app.exit_codes.LOCAL`` for it."""


class DiskFull(LocalProblem):
    """The disk holding the app's data folder (or the file being written) is full."""


class DatabaseDamaged(LocalProblem):
    """The local database failed its integrity check: some of its pages are damaged."""
