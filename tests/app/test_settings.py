"""Settings read from disk are held to the same ranges as the settings dialog: a value of
the wrong type, out of range, or in a damaged file falls back to its default with a
warning, never a crash."""

from __future__ import annotations

import json
import logging
from dataclasses import fields
from pathlib import Path

import pytest

from app import settings
from app.settings import RANGE, Settings

RANGED = [f for f in fields(Settings) if RANGE in f.metadata]


def _load_with(tmp_path: Path, **values: object) -> Settings:
    settings.settings_path(tmp_path).write_text(json.dumps(values), encoding="utf-8")
    return settings.load(tmp_path)


def test_a_retention_of_one_day_in_the_file_falls_back_to_the_default_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="app.settings"):
        loaded = _load_with(tmp_path, retention_days=1, sync_interval_minutes=15)
    assert loaded.retention_days == settings.DEFAULT_RETENTION_DAYS
    assert loaded.sync_interval_minutes == 15  # the good value next to it is kept
    assert any("retention_days" in r.getMessage() for r in caplog.records)


def test_every_ranged_setting_is_declared_once_and_the_dialog_uses_the_same_ranges() -> None:
    assert {f.name: f.metadata[RANGE] for f in RANGED} == {
        "retention_days": settings.RETENTION_RANGE,
        "sync_interval_minutes": settings.SYNC_INTERVAL_RANGE}
    from ui import settings_dialog

    assert settings_dialog.RETENTION_RANGE is settings.RETENTION_RANGE
    assert settings_dialog.SYNC_INTERVAL_RANGE is settings.SYNC_INTERVAL_RANGE


@pytest.mark.parametrize("declared", RANGED, ids=lambda f: f.name)
def test_the_edges_of_each_range_load_and_one_past_them_does_not(
        tmp_path: Path, declared: object) -> None:
    name = declared.name  # type: ignore[attr-defined]
    low, high = declared.metadata[RANGE]  # type: ignore[attr-defined]
    default = getattr(Settings(), name)
    for value, expected in ((low, low), (high, high), (low - 1, default),
                            (high + 1, default), (0, default), (-5, default)):
        assert getattr(_load_with(tmp_path, **{name: value}), name) == expected, value


@pytest.mark.parametrize("value", [True, 30.5, "30", None, [30], {"days": 30}])
@pytest.mark.parametrize("declared", RANGED, ids=lambda f: f.name)
def test_a_value_of_the_wrong_type_falls_back_to_the_default(
        tmp_path: Path, declared: object, value: object) -> None:
    name = declared.name  # type: ignore[attr-defined]
    assert getattr(_load_with(tmp_path, **{name: value}), name) == getattr(Settings(), name)


@pytest.mark.parametrize("value", [1, "yes", None])
def test_allow_unencrypted_must_be_true_or_false(tmp_path: Path, value: object) -> None:
    assert _load_with(tmp_path, allow_unencrypted=value).allow_unencrypted is False


@pytest.mark.parametrize("value", [42, "not an address", "ftp://npq.example.org",
                                   "https://npq.example.org/?q=1"])
def test_a_server_address_that_is_not_one_falls_back_to_none(
        tmp_path: Path, value: object) -> None:
    assert _load_with(tmp_path, server_url=value).server_url == ""


@pytest.mark.parametrize("content", [b"{\"retention_days\": 3", b"\xff\xfe\x00garbage",
                                     b"[1, 2, 3]", b"\"text\"", b"", b"null"])
def test_a_damaged_settings_file_gives_the_defaults_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes) -> None:
    settings.settings_path(tmp_path).write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="app.settings"):
        assert settings.load(tmp_path) == Settings()
    assert caplog.records


def test_saved_settings_in_range_come_back_as_they_were(tmp_path: Path) -> None:
    chosen = Settings(allow_unencrypted=True, retention_days=7, sync_interval_minutes=240,
                      server_url="https://npq.example.org")
    settings.save(chosen, tmp_path)
    assert settings.load(tmp_path) == chosen
