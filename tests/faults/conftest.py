"""One seeded server per module (the fault tests add their own marks to it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import TEST_TODAY


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from server.embedded import EmbeddedServer

    embedded = EmbeddedServer(data_dir=tmp_path_factory.mktemp("server"), seed=True,
                              today=TEST_TODAY)
    embedded.start()
    try:
        yield embedded
    finally:
        embedded.stop()
