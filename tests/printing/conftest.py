"""A store with three groups (12, 30 and 60 candidates, two events each), filled once per
module through the path pulled data takes; PDF text read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.store import Store
from tests.printing.builders import SeededGroup, seed_groups

PRINTED_AT = dt.datetime(2026, 11, 23, 9, 12)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[SeededGroup]]]:
    store = Store.open(tmp_path_factory.mktemp("printing") / "desk.sqlite3")
    try:
        yield store, seed_groups(store, [12, 30, 60], events=2)
    finally:
        store.close()


@pytest.fixture
def store(seeded: tuple[Store, list[SeededGroup]]) -> Store:
    return seeded[0]


@pytest.fixture
def groups(seeded: tuple[Store, list[SeededGroup]]) -> dict[int, SeededGroup]:
    """By roster size: 12, 30, 60."""
    return {len(g.candidate_ids): g for g in seeded[1]}


def pages_text(pdf: bytes | Path) -> list[str]:
    """The text of each page, whitespace collapsed (so wrapped lines read as one)."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]
