"""The npq-server command line works on NPQ_DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from server.cli import main
from server.db import Database
from server.models import EvaluationResponse, Record, ScopeExit, User


def test_seed_create_user_and_simulate_evaluations_use_the_database_url(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("NPQ_DATABASE_URL", url)
    assert main(["seed-demo", "--today", "2026-11-23"]) == 0
    assert main(["seed-demo"]) == 1
    assert main(["create-user", "m.okafor", "--name", "Mary Okafor", "--role", "facilitator",
                 "--password", "a-long-password"]) == 0
    database = Database(url)
    with database.read() as session:
        before = session.scalar(select(func.count()).select_from(EvaluationResponse))
    assert main(["simulate-evaluations", "--count", "4", "--seed", "1"]) == 0
    with database.read() as session:
        after = session.scalar(select(func.count()).select_from(EvaluationResponse))
        assert session.scalar(select(User.name).where(User.username == "m.okafor")) == \
            "Mary Okafor"
    database.dispose()
    assert after == (before or 0) + 4
    assert "Answered 4" in capsys.readouterr().out


def test_unassign_and_assign_by_username_and_group_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
        sqlite_template: Path) -> None:
    target = tmp_path / "cli.sqlite3"
    target.write_bytes(sqlite_template.read_bytes())
    url = f"sqlite:///{target}"
    monkeypatch.setenv("NPQ_DATABASE_URL", url)
    database = Database(url)
    with database.read() as session:
        group = session.scalars(select(Record).where(Record.type == "group")).all()
        code = next(g.data["code"] for g in group if g.data and
                    g.data["code"].startswith("NPQSL-AUT26-HALIFAX"))
    assert main(["unassign", "facilitator", "--group", code]) == 0
    assert "tombstones" in capsys.readouterr().out
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(ScopeExit)) > 0
    assert main(["assign", "facilitator", "--group", code]) == 0
    assert main(["unassign", "facilitator", "--qa-lead", "qa"]) == 0
    assert main(["assign", "facilitator", "--qa-lead", "qa"]) == 0
    assert main(["unassign", "nobody", "--group", code]) == 1
    assert main(["assign", "facilitator", "--group", "NO-SUCH-GROUP"]) == 1
    database.dispose()
