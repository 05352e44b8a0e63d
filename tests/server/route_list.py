"""Every route a FastAPI app registers, for the tests that compare them with a table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def flatten_routes(routes: list[Any]) -> Iterator[Any]:
    """Every route, through included routers (newer FastAPI keeps them as one entry)."""
    for route in routes:
        nested = getattr(route, "effective_candidates", None)
        if callable(nested):
            yield from flatten_routes(nested())
        else:
            yield route
