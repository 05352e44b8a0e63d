"""One bundle build per run: the bundle ``test_bundle.py`` builds is remembered here, so the
modules that run the packaged app after it (``test_bundle_secret_service.py``) use the same
folder instead of spending another ~70 s building their own."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

BUILT_BUNDLE = pytest.StashKey[Path]()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef[Any],
                         request: pytest.FixtureRequest) -> Generator[None, Any, Any]:
    """Remember the folder of the ``bundle`` fixture's build once it is made."""
    result = yield
    folder = getattr(result, "folder", None)
    if fixturedef.argname == "bundle" and isinstance(folder, Path):
        request.config.stash[BUILT_BUNDLE] = folder
    return result


@pytest.fixture(scope="module")
def built_bundle(request: pytest.FixtureRequest) -> Path | None:
    """The folder of this run's bundle build, if ``test_bundle.py`` made one (a fixture, not
    an import of the key: pytest loads this file under a module name of its own)."""
    return request.config.stash.get(BUILT_BUNDLE, None)
