"""What a pull brings, as the store applies it: one change, the tally of a page, and a
validated payload read back as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import BaseModel


@dataclass
class PulledChange:
    type: str
    id: str
    deleted: bool
    data: dict[str, Any] | None


@dataclass
class ApplyResult:
    applied: int = 0
    kept_local: int = 0  # skipped: an unsent local change wins for now
    purged: int = 0
    seen: set[tuple[str, str]] = field(default_factory=set)


def plain(model: BaseModel) -> dict[str, Any]:
    """``model.model_dump()`` for the record models (plain fields, nested models and lists
    of them), without a second pass through the serialiser."""
    out = dict(model.__dict__)
    for key in _nested_fields(type(model)):
        value = out[key]
        if isinstance(value, BaseModel):
            out[key] = plain(value)
        elif isinstance(value, list):
            out[key] = [plain(v) if isinstance(v, BaseModel) else v for v in value]
    return out


_NESTED: dict[type[BaseModel], tuple[str, ...]] = {}


def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` whose type mentions another model (checked once a class)."""
    found = _NESTED.get(model)
    if found is None:
        found = _NESTED[model] = tuple(
            name for name, info in model.model_fields.items() if _mentions_model(info.annotation))
    return found


def _mentions_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_mentions_model(a) for a in get_args(annotation))
