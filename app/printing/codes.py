"""Short codes printed on a register, and reading them back.

- Row code: three (or more) letters derived from the candidate id, stable across reprints
  and events, unique on a sheet; easy to read aloud (no 0/O, 1/I/L).
- Roster version: a short hash of the candidate ids in paper order. It changes whenever the
  rows of the printed sheet would change (someone joins, leaves or is re-ordered).
- Sheet code: the event (first 8 hex digits of its id) and the roster version, e.g.
  ``3F9A2C1B-7c21d4``; the QR code holds the full event id as well.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

ROW_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ROSTER_VERSION_LENGTH = 6
QR_PREFIX = "npq-desk:register"


def roster_version(candidate_ids: Sequence[str]) -> str:
    """A short hash of the candidate ids in the order they are printed."""
    digest = hashlib.sha256("\n".join(candidate_ids).encode("utf-8")).hexdigest()
    return digest[:ROSTER_VERSION_LENGTH]


def _code(candidate_id: str, length: int) -> str:
    number = int.from_bytes(hashlib.sha256(candidate_id.encode("utf-8")).digest()[:8], "big")
    letters = []
    for _ in range(length):
        number, index = divmod(number, len(ROW_CODE_ALPHABET))
        letters.append(ROW_CODE_ALPHABET[index])
    return "".join(letters)


def row_codes(candidate_ids: Sequence[str]) -> list[str]:
    """One code per candidate, three letters unless two on the sheet would clash (then the
    whole sheet uses four, and so on): the same candidate keeps the same code."""
    length = 3
    while True:
        codes = [_code(cid, length) for cid in candidate_ids]
        if len(set(codes)) == len(codes) or length >= 12:
            return codes
        length += 1


def _event_prefix(event_id: str) -> str:
    return event_id.replace("-", "")[:8].upper()


def sheet_code(event_id: str, version: str) -> str:
    return f"{_event_prefix(event_id)}-{version}"


def qr_payload(event_id: str, version: str, page: int | None = None) -> str:
    """What the QR code on a sheet holds: ``npq-desk:register:<event id>:<roster version>``
    (and ``:p<page>`` when printed on a given page)."""
    text = f"{QR_PREFIX}:{event_id}:{version}"
    return f"{text}:p{page}" if page is not None else text


@dataclass(frozen=True)
class SheetReference:
    """A sheet code or a scanned QR payload, read back."""

    event_id: str | None  # the full id, when the QR payload was scanned
    event_prefix: str  # first 8 hex digits of the event id, upper case
    roster_version: str
    page: int | None = None

    def matches(self, event_id: str) -> bool:
        if self.event_id is not None:
            return self.event_id == event_id
        return _event_prefix(event_id) == self.event_prefix


_QR = re.compile(
    rf"^{re.escape(QR_PREFIX)}:(?P<event>[0-9a-fA-F-]{{32,36}}):(?P<version>[0-9a-f]+)"
    r"(?::p(?P<page>\d+))?$")
_SHEET = re.compile(r"^(?P<prefix>[0-9A-Fa-f]{8})-(?P<version>[0-9a-fA-F]+)$")


def parse_sheet_reference(text: str) -> SheetReference | None:
    """Read a typed sheet code or a scanned QR payload; ``None`` if it is neither."""
    text = text.strip()
    if match := _QR.match(text):
        event_id = match["event"].lower()
        page = int(match["page"]) if match["page"] else None
        return SheetReference(event_id, _event_prefix(event_id), match["version"], page)
    if match := _SHEET.match(text):
        return SheetReference(None, match["prefix"].upper(), match["version"].lower())
    return None
