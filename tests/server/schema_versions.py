"""Moving a server database to a given schema revision, up or down (migration tests)."""

from __future__ import annotations

from alembic import command

from server.db import Database
from server.migrate import alembic_config


def migrate_to(database: Database, revision: str, *, down: bool = False) -> None:
    with database.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
