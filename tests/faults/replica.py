"""Does a laptop hold exactly what the server lets its user see? Ids and data, every type."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select

from app.store import Store
from app.store.apply import TABLES
from app.store.form_rows import FORM_TABLES
from app.store.models import Attendance, Form, FormTemplate, OtherRecord, QaAssignment
from protocol.records import RECORD_MODELS

MARK_KEYS = ("event_id", "candidate_id", "status", "arrival_time", "departure_time",
             "marked_by", "device_id", "hlc")
Snapshot = dict[tuple[str, str], dict[str, Any]]


def _validated(type_: str, data: dict[str, Any]) -> dict[str, Any]:
    model = RECORD_MODELS.get(type_)
    return model.model_validate(data).model_dump() if model else dict(data)


def _columns(table: Any) -> list[str]:
    return [c.key for c in inspect(table).column_attrs if c.key != "id"]


def expected(feed: dict[tuple[str, str], dict[str, Any]]) -> Snapshot:
    """The server's feed as a laptop stores it."""
    found: Snapshot = {}
    for (type_, record_id), data in feed.items():
        clean = _validated(type_, data)
        if type_ == "attendance":
            found[(type_, record_id)] = {k: clean.get(k) for k in MARK_KEYS}
        elif type_ in FORM_TABLES and type_ != "qa_assignment":
            found[(type_, record_id)] = clean
        elif type_ in TABLES or type_ == "qa_assignment":
            keys = [k for k in _columns(TABLES.get(type_, QaAssignment)) if k in clean]
            found[(type_, record_id)] = {k: clean[k] for k in keys}
        else:
            found[(type_, record_id)] = clean
    return found


def held(store: Store, like: Snapshot) -> Snapshot:
    """What the laptop holds, with the same keys as ``like`` for the records in both."""
    found: Snapshot = {}
    with store.read() as session:
        for type_, table in TABLES.items():
            for row in session.scalars(select(table)):
                key = (type_, row.id)  # type: ignore[attr-defined]
                keys = like.get(key) or {}
                found[key] = {k: getattr(row, k) for k in keys}
        for mark in session.scalars(select(Attendance)):
            found[("attendance", mark.id)] = {k: getattr(mark, k) for k in MARK_KEYS}
        for template in session.scalars(select(FormTemplate)):
            found[("form_template", template.id)] = _validated("form_template", template.data)
        for form in session.scalars(select(Form)):
            found[(form.kind, form.id)] = _validated(form.kind, form.data)
        for link in session.scalars(select(QaAssignment)):
            keys = like.get(("qa_assignment", link.id)) or {}
            found[("qa_assignment", link.id)] = {k: getattr(link, k) for k in keys}
        for record in session.scalars(select(OtherRecord)):
            found[(record.type, record.id)] = _validated(record.type, record.data or {})
    return found


def assert_same(store: Store, feed: dict[tuple[str, str], dict[str, Any]]) -> None:
    want = expected(feed)
    have = held(store, want)
    missing = set(want) - set(have)
    extra = set(have) - set(want)
    assert not missing, f"{len(missing)} records missing here, e.g. {sorted(missing)[:3]}"
    assert not extra, f"{len(extra)} records here the server does not show: {sorted(extra)[:3]}"
    differ = [k for k in want if want[k] != have[k]]
    assert not differ, (f"{len(differ)} records differ, e.g. {differ[0]}: "
                        f"{want[differ[0]]} != {have[differ[0]]}")
