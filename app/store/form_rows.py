"""How QA form records map onto their tables: a few columns to look them up by, and the
whole payload in ``data`` (so the services read one validated shape, and a field the
server adds later is kept without a migration). The columns are declared with each type
in ``app.store.record_types``."""

from __future__ import annotations

from typing import Any

from app.store.record_types import FORM_RECORD_TYPES, FORM_TABLES

__all__ = ["FORM_TABLES", "row_values"]

_FORM_TYPES = {declared.name: declared for declared in FORM_RECORD_TYPES}


def row_values(type_: str, data: dict[str, Any]) -> dict[str, Any]:
    """The column values of a validated payload (``model_dump()``) of one of
    ``FORM_TABLES``' types."""
    declared = _FORM_TYPES[type_]
    return declared.columns(declared.model.model_construct(**data), data)
