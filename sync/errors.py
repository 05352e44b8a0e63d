"""Why a sync did not happen, with a message for the person at the laptop.

Each kind tells the UI what to do: ``auth`` asks the user to sign in again (only the
service itself refusing the sign-in is ``auth``); ``network``, ``server`` and
``rate_limited`` wait and try again later; ``protocol`` (the address does not answer like an
NPQ central service, or its answer was not understood) and ``too_old`` need a change of
address, a new version of the app or the central team; ``cursor_expired`` is handled inside
``SyncService`` by pulling from the start and never reaches the user. Headless commands turn
the kinds into exit codes with ``exit_code`` (``app.exit_codes``).
"""

from __future__ import annotations

from typing import Literal

from app import exit_codes
from protocol.text import N_, _

SyncErrorKind = Literal[
    "network", "auth", "rate_limited", "server", "protocol", "too_old", "cursor_expired"
]
SAVED = "Your work is saved on this laptop"

# Whole sentences, marked only (N_): default_message translates the one it gives.
_DEFAULTS: dict[str, str] = {
    "network": N_("Can't reach the server at {server}. Your work is saved on this laptop and "
                  "will be sent when the connection is back."),
    "auth": N_("Please sign in again: the server did not accept your sign-in. Your work is "
               "saved on this laptop."),
    "rate_limited": N_("The server is busy (too many attempts). Your work is saved on this "
                       "laptop; try again in {retry}."),
    "server": N_("The server at {server} had a problem. Your work is saved on this laptop and "
                 "will be sent when it is working again."),
    "protocol": N_("The server at {server} gave an answer this app does not understand. Your "
                   "work is saved on this laptop; if this keeps happening, tell the central "
                   "team."),
    "too_old": N_("This version of NPQ Partner Desk is too old for the server. Your work is "
                  "saved on this laptop; install the latest version to send it."),
    "cursor_expired": N_("The server asked for a fresh download of your groups. Your work is "
                         "saved on this laptop."),
}


# Marked only (N_): raised through _() with the address.
NOT_AN_NPQ_SERVICE = N_(
    "The address {server} does not answer like an NPQ central service, so nothing was sent. "
    "Check the server address: it is the one the central team gave you (for example "
    "https://npq.example.org, with nothing after the name and no /api/v1), with https or "
    "http as they gave it. On a network that asks you to sign in in a web browser first "
    "(venue Wi-Fi), do that. Your work is saved on this laptop.")

_EXIT_CODES: dict[str, int] = {
    "network": exit_codes.RETRY, "server": exit_codes.RETRY,
    "rate_limited": exit_codes.RETRY, "cursor_expired": exit_codes.RETRY,
    "auth": exit_codes.SIGN_IN, "protocol": exit_codes.PROTOCOL,
    "too_old": exit_codes.PROTOCOL,
}


class SyncError(Exception):
    """A sync step that failed; nothing local was lost or half-applied."""

    def __init__(self, kind: SyncErrorKind, message: str | None = None, *,
                 server: str = "", status: int | None = None, code: str | None = None,
                 retry_after: float | None = None) -> None:
        self.kind = kind
        self.status = status
        self.code = code
        self.retry_after = retry_after
        self.message = message or default_message(kind, server, retry_after)
        super().__init__(self.message)

    @property
    def retryable(self) -> bool:
        """Whether trying again later, unchanged, may succeed."""
        return self.kind in ("network", "server", "rate_limited")

    @property
    def exit_code(self) -> int:
        """The exit code of a headless command that stopped on this error."""
        return _EXIT_CODES[self.kind]


def default_message(kind: SyncErrorKind, server: str = "", retry_after: float | None = None
                    ) -> str:
    retry = _duration(retry_after) if retry_after else _("a few minutes")
    return _(_DEFAULTS[kind]).format(server=server or _("the central service"), retry=retry)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return _("{n} seconds").format(n=max(1, round(seconds)))
    return _("{n} minutes").format(n=round(seconds / 60))
