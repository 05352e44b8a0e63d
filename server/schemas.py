"""Server-only request and response schemas (the sync protocol's are in ``protocol.wire``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class EvaluationAnswer(BaseModel):
    """A candidate's answers to an event evaluation: ratings 1-5 by question id."""

    model_config = ConfigDict(extra="forbid")
    ratings: dict[str, int] = Field(min_length=1, max_length=20)
    comment: str = Field(default="", max_length=5000)


class EvaluationAccepted(BaseModel):
    status: str = "received"


class RecordOut(BaseModel):
    """One record as the pull feed would carry it."""

    type: str
    id: str
    seq: int
    deleted: bool
    data: dict[str, Any] | None


class MarkOut(BaseModel):
    """One attendance mark from the append-only history."""

    status: str
    hlc: str
    marked_by: str
    device_id: str
    won: bool
    data: dict[str, Any]
    received_at: str
