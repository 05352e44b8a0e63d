"""Who is signed in on this laptop, and this database's device id."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.domain import Identity
from app.store import Store
from app.store.models import IdentityRow, LocalMeta

DEVICE_KEY = "device_id"


def get_identity(store: Store) -> Identity | None:
    with store.read() as session:
        row = session.get(IdentityRow, 1)
        return _to_identity(row) if row else None


def set_identity(store: Store, identity: Identity) -> None:
    """Record who is signed in. The device id stays the database's own."""
    with store.write() as session:
        device = _device_id(session)
        row = session.get(IdentityRow, 1) or IdentityRow(id=1)
        row.user_id = identity.user_id
        row.name = identity.name
        row.roles = list(identity.roles)
        row.username = identity.username
        row.server_url = identity.server_url
        row.device_id = device
        session.add(row)


def clear_identity(store: Store) -> None:
    with store.write() as session:
        row = session.get(IdentityRow, 1)
        if row is not None:
            session.delete(row)


def device_id(store: Store) -> str:
    """This database's device id: made once, on first use, then never changes."""
    with store.read() as session:
        meta = session.get(LocalMeta, DEVICE_KEY)
        if meta is not None:
            return meta.value
    with store.write() as session:
        return _device_id(session)


def _device_id(session: Session) -> str:
    meta = session.get(LocalMeta, DEVICE_KEY)
    if meta is None:
        meta = LocalMeta(key=DEVICE_KEY, value=str(uuid.uuid4()))
        session.add(meta)
        session.flush()
    return meta.value


def _to_identity(row: IdentityRow) -> Identity:
    return Identity(
        user_id=row.user_id,
        name=row.name,
        roles=tuple(row.roles or ()),
        username=row.username,
        server_url=row.server_url,
        device_id=row.device_id,
    )
