"""The server's registry of client-writable types (``server.services.registry``): every type
a client may push has exactly one writer, validating with the protocol's payload model, and
a push of each type adds rows only to the tables its writer declares."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from protocol.records import CLIENT_WRITABLE_TYPES, RECORD_MODELS
from server.embedded import EmbeddedServer
from server.models import Base
from server.services.registry import REGISTRY, writer_for
from tests.server.api import Api, mutation
from tests.server.qa_forms import stamp
from tests.server.test_field_rules import PUSHABLE

# Every applied mutation is remembered for its sender, whatever its type.
EVERY_PUSH = frozenset({"applied_mutations"})


def test_every_client_writable_type_has_exactly_one_writer() -> None:
    assert set(REGISTRY) == set(CLIENT_WRITABLE_TYPES), (
        "missing: " + ", ".join(sorted(set(CLIENT_WRITABLE_TYPES) - set(REGISTRY)))
        + "; not client-writable: " + ", ".join(sorted(set(REGISTRY) - CLIENT_WRITABLE_TYPES)))
    shared = [t for t, n in Counter(id(w) for w in REGISTRY.values()).items() if n > 1]
    assert not shared, "one writer registered for two types"


@pytest.mark.parametrize("type_", sorted(CLIENT_WRITABLE_TYPES))
def test_a_writer_validates_with_its_types_payload_model(type_: str) -> None:
    writer = writer_for(type_)
    assert writer is not None
    assert writer.model is RECORD_MODELS[type_]
    assert writer.tables, "a writer declares the tables it writes"


@pytest.mark.parametrize("type_", sorted(set(RECORD_MODELS) - CLIENT_WRITABLE_TYPES))
def test_types_the_service_keeps_have_no_writer(type_: str) -> None:
    assert writer_for(type_) is None


def _row_counts(server: EmbeddedServer) -> dict[str, int]:
    with server.database.read() as session:
        return {table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables}


@pytest.mark.parametrize("type_", sorted(PUSHABLE))
def test_a_push_adds_rows_only_to_the_tables_its_writer_declares(
        type_: str, api: Api, server: EmbeddedServer) -> None:
    record = PUSHABLE[type_](server)
    client = api.login(record.user, device_id="laptopA")
    before = _row_counts(server)
    result = client.push(mutation(type_, record.record_id, record.data, stamp(1)))[0]
    assert result["status"] == "applied", result
    after = _row_counts(server)
    grown = {name for name, count in after.items() if count != before[name]}
    writer = writer_for(type_)
    assert writer is not None
    assert "records" in grown
    assert grown <= writer.tables | EVERY_PUSH, grown - writer.tables - EVERY_PUSH
