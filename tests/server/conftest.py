"""Fixtures for the server tests: a real server on a loopback port, over a copy of a seeded
database made once per session (SQLite always; PostgreSQL when NPQ_TEST_POSTGRES_URL is set).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server.db import Database
from server.embedded import EmbeddedServer
from server.migrate import upgrade
from server.security import cheap_hashing_for_tests
from server.seed import seed_demo
from tests.server.api import Api

TODAY = dt.date(2026, 11, 23)
POSTGRES_ENV = "NPQ_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _seed(url: str) -> None:
    database = Database(url)
    try:
        upgrade(database)
        seed_demo(database, TODAY)
    finally:
        database.dispose()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Seeded and created accounts get cheap argon2 hashes (what is tested is who may sign
    in, not argon2's cost); the service's own default is never changed."""
    cheap_hashing_for_tests()
    yield
    cheap_hashing_for_tests(False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "npq-server.sqlite3"
    _seed(f"sqlite:///{path}")
    return path


class PostgresDatabases:
    """Creates throwaway databases on the test PostgreSQL server from a seeded template."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.template = f"npq_tpl_{uuid.uuid4().hex[:8]}"
        self._execute(f'CREATE DATABASE "{self.template}"')
        _seed(self.url_for(self.template))

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, *, seeded: bool = True) -> str:
        name = f"npq_t_{uuid.uuid4().hex[:10]}"
        template = f' TEMPLATE "{self.template}"' if seeded else ""
        self._execute(f'CREATE DATABASE "{name}"{template}')
        return name

    def drop(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.drop(self.template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresDatabases]:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (a postgresql+psycopg:// URL of a "
                    "server where the user may create databases)")
    databases = PostgresDatabases(url)
    yield databases
    databases.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@contextmanager
def fresh_database(backend: str, request: pytest.FixtureRequest, folder: Path
                   ) -> Iterator[str]:
    """A fresh copy of the seeded demo database on ``backend``: a SQLite file in ``folder``,
    or a PostgreSQL database made from the seeded template and dropped afterwards."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = folder / "npq-server.sqlite3"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, target)
        yield f"sqlite:///{target}"
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres")
    name = databases.create()
    try:
        yield databases.url_for(name)
    finally:
        databases.drop(name)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh copy of the seeded demo database on the chosen backend."""
    with fresh_database(backend, request, tmp_path / "server") as url:
        yield url


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[EmbeddedServer]:
    """The reference server over loopback HTTP, on a fresh copy of the demo data."""
    embedded = EmbeddedServer(database_url=database_url, data_dir=tmp_path / "server")
    embedded.start()
    yield embedded
    embedded.close()


@pytest.fixture
def api(server: EmbeddedServer) -> Iterator[Api]:
    client = Api(server.base_url or "")
    yield client
    client.close()
