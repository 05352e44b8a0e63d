"""The local store: one SQLite file, migrated with Alembic, used through short sessions."""

from app.store.store import Store

__all__ = ["Store"]
