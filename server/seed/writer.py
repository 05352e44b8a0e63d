"""Bulk writing for the seed: records collected in memory, numbered and inserted at once."""

from __future__ import annotations

import random
import unicodedata
import uuid
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert
from sqlalchemy.orm import Session

from server import sequence
from server.models import Base, Record, utcnow
from server.store import Placement

UNPLACED = Placement()


def ascii_slug(text: str) -> str:
    """'Siân Ó Briain' -> 'sianobriain' (for usernames and invented email addresses)."""
    folded = unicodedata.normalize("NFKD", text.replace("Ł", "L").replace("ł", "l"))
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum()).lower()


class SeedWriter:
    def __init__(self, session: Session, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        self._rows: list[dict[str, Any]] = []
        self._tables: dict[type[Base], list[dict[str, Any]]] = {}

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, type_: str, id_: str, data: BaseModel | dict[str, Any],
            placement: Placement = UNPLACED) -> str:
        body = data.model_dump() if isinstance(data, BaseModel) else data
        self._rows.append({
            "type": type_, "id": id_, "data": body, "deleted": False,
            "group_id": placement.group_id, "event_id": placement.event_id,
            "owner_id": placement.owner_id, "ref_id": placement.ref_id,
            "private": placement.private, "updated_at": utcnow(),
        })
        return id_

    def row(self, model: type[Base], **values: Any) -> None:
        """A plain row for another table, inserted in bulk by ``flush`` after the records
        (tables in the order first used, so parents come before the rows referring to them)."""
        self._tables.setdefault(model, []).append(values)

    def flush(self) -> int:
        """Number and insert everything collected so far, in the order it was added."""
        if not self._rows:
            return 0
        numbers = sequence.allocate(self.session, len(self._rows))
        for row, seq in zip(self._rows, numbers, strict=True):
            row["seq"] = seq
        self.session.execute(insert(Record), self._rows)
        for model, rows in self._tables.items():
            self.session.execute(insert(model), rows)
        self._tables = {}
        count, self._rows = len(self._rows), []
        return count
