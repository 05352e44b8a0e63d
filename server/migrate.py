"""Bring a database to the current schema with Alembic, programmatically, at start."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, select

from server.db import Database
from server.models import ServerMeta

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
INSTANCE_KEY = "instance_id"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(database: Database) -> bool:
    """Migrate to the newest revision; True when the database was new (had no schema)."""
    with database.engine.connect() as connection:
        is_new = not inspect(connection).has_table("alembic_version")
    with database.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with database.write() as session:
        if session.get(ServerMeta, INSTANCE_KEY) is None:
            session.add(ServerMeta(key=INSTANCE_KEY, value=uuid.uuid4().hex))
    log.info("database schema is current (new=%s)", is_new)
    return is_new


def instance_id(database: Database) -> str:
    """A random id made when the database was created; pull cursors embed it."""
    with database.read() as session:
        value = session.scalar(select(ServerMeta.value).where(ServerMeta.key == INSTANCE_KEY))
    if value is None:
        raise RuntimeError("database has not been migrated")
    return value
