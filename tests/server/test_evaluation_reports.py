"""Evaluation reports: counts only below three responses, the right distribution and mean,
answers that trickle in over time, and a 404 for anyone outside the event's group."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from protocol.records import EvaluationSummaryData
from server.cli import main
from server.db import Database
from server.embedded import EmbeddedServer
from server.models import EvaluationResponse, Invitation, Record
from server.services.evaluations import MIN_RESPONSES
from server.simulate import simulate_evaluations
from tests.server import lookups
from tests.server.api import Api, mutation
from tests.server.conftest import TODAY
from tests.server.test_push import mark, stamp, today_event


def _submitted_today(api: Api, server: EmbeddedServer) -> tuple[Api, str, list[str]]:
    """Today's register of the demo facilitator, everyone present, submitted: returns the
    client, the event and its invitation tokens."""
    client = api.login("facilitator", device_id="laptopA")
    event = today_event(server)
    marks = [mark(event.event_id, c, "present", stamp("laptopA", i))
             for i, c in enumerate(event.candidate_ids)]
    assert {r["status"] for r in client.push(*marks)} == {"applied"}
    submission = mutation("register_submission", str(uuid.uuid4()), {
        "event_id": event.event_id, "submitted_by": "x",
        "submitted_at": "2026-11-23T16:05:00Z"}, stamp("laptopA", 100))
    assert client.push(submission)[0]["status"] == "applied"
    return client, event.event_id, server.postbox.tokens(event.event_id)


def _report(client: Api, event_id: str) -> dict[str, Any]:
    answer = client.get(f"/reports/events/{event_id}/evaluation")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _question(report: dict[str, Any], key: str) -> dict[str, Any]:
    return next(q for q in report["questions"] if q["id"] == key)


def test_below_three_responses_only_the_counts_leave_the_server(
        api: Api, server: EmbeddedServer) -> None:
    client, event_id, tokens = _submitted_today(api, server)
    answers = [({"overall": 5, "venue": 2, "content": 4}, "Loved the case study"),
               ({"overall": 4, "venue": 3}, "Cold room"),
               ({"overall": 2, "content": 3}, "")]
    for count, (ratings, comment) in enumerate(answers[:2], 1):
        assert api.post(f"/evaluations/{tokens[count]}",
                        json={"ratings": ratings, "comment": comment}).status_code == 201
        report = _report(client, event_id)
        assert report["responses"] == count and report["hidden"] is True
        assert report["comments"] == []
        assert all(q["distribution"] is None and q["mean"] is None
                   for q in report["questions"])
        record = client.get(f"/records/evaluation_summary/{event_id}").json()["data"]
        assert record["hidden"] is True and record["comments"] == []
        assert "Loved" not in str(record) and "Cold room" not in str(record)
    assert api.post(f"/evaluations/{tokens[0]}",
                    json={"ratings": answers[2][0], "comment": ""}).status_code == 201
    report = _report(client, event_id)
    attended = len(today_event(server).candidate_ids)
    assert (report["responses"], report["attended"], report["invitations"]) == (
        3, attended, attended)
    assert report["hidden"] is False
    assert sorted(report["comments"]) == ["Cold room", "Loved the case study"]
    overall = _question(report, "overall")
    assert overall["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    assert overall["mean"] == pytest.approx(11 / 3, abs=0.005)
    assert overall["label"] == "Overall, I would rate this event"
    # Rated by only two of the three: still too few to show.
    assert _question(report, "venue")["distribution"] is None
    assert _question(report, "content")["distribution"] is None
    assert _question(report, "application")["mean"] is None
    record = client.get(f"/records/evaluation_summary/{event_id}").json()["data"]
    assert EvaluationSummaryData.model_validate(record).model_dump() == report


def test_the_seeded_history_has_varied_results_for_every_past_event(
        api: Api, server: EmbeddedServer) -> None:
    client = api.login("facilitator")
    mine = lookups.assigned_groups(server.database, "facilitator")
    with server.database.read() as session:
        summaries = [EvaluationSummaryData.model_validate(r.data) for r in session.scalars(
            select(Record).where(Record.type == "evaluation_summary"))]
    shown = [s for s in summaries if not s.hidden]
    assert len(shown) >= 10
    assert all(s.responses >= MIN_RESPONSES and s.responses <= s.attended for s in shown)
    overall = {next(q.mean for q in s.questions if q.id == "overall") for s in shown}
    assert len(overall) >= 6 and min(overall) < 4.0 < max(overall)  # type: ignore[operator]
    assert sum(len(s.comments) for s in shown) >= 10
    latest = lookups.event_on(server.database, mine, TODAY, before=True)
    report = _report(client, latest.event_id)
    assert report["responses"] >= MIN_RESPONSES and report["hidden"] is False
    assert len(shown) == len(summaries)


def test_simulated_answers_trickle_in_one_at_a_time_through_the_feed(
        api: Api, server: EmbeddedServer) -> None:
    client, event_id, _tokens = _submitted_today(api, server)
    _changes, cursor = client.pull_all()
    seen: list[int] = []
    pauses: list[float] = []

    def after_each(answered: int) -> None:
        nonlocal cursor
        page = client.pull_page(cursor)
        cursor = page["cursor"]
        seen.extend(c["data"]["responses"] for c in page["changes"]
                    if c["type"] == "evaluation_summary" and c["id"] == event_id)
        assert _report(client, event_id)["responses"] == answered

    done = simulate_evaluations(server.database, event_id=event_id, count=5, seed=4,
                                over=2.0, sleep=pauses.append, on_answer=after_each)
    assert done == 5 and seen == [1, 2, 3, 4, 5]
    assert pauses == [0.5] * 4
    final = _report(client, event_id)
    assert final["hidden"] is False
    assert sum(_question(final, "overall")["distribution"].values()) == 5


def _answers(database_file: Path, event_id: str, seed: int) -> list[tuple[Any, str]]:
    database = Database(f"sqlite:///{database_file}")
    try:
        assert simulate_evaluations(database, event_id=event_id, count=4, seed=seed) >= 1
        with database.read() as session:
            return [(r.ratings, r.comment) for r in session.scalars(
                select(EvaluationResponse).where(EvaluationResponse.event_id == event_id)
                .order_by(EvaluationResponse.id))]
    finally:
        database.dispose()


def test_the_same_seed_gives_the_same_answers(sqlite_template: Path, tmp_path: Path) -> None:
    database = Database(f"sqlite:///{sqlite_template}")
    with database.read() as session:
        event_id = session.scalars(select(Invitation.event_id).where(
            Invitation.responded_at.is_(None))).first()
    database.dispose()
    assert event_id is not None
    copies = [tmp_path / f"{name}.sqlite3" for name in ("a", "b", "c")]
    for copy in copies:
        shutil.copyfile(sqlite_template, copy)
    first, second, other = (_answers(copies[0], event_id, 11), _answers(copies[1], event_id, 11),
                            _answers(copies[2], event_id, 12))
    assert first == second
    assert first != other


def test_the_command_line_spreads_answers_over_time(
        sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cli.sqlite3"
    shutil.copyfile(sqlite_template, target)
    monkeypatch.setenv("NPQ_DATABASE_URL", f"sqlite:///{target}")
    assert main(["simulate-evaluations", "--responses", "3", "--over", "0.2",
                 "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "1 answered" in out and "3 answered" in out and "Answered 3" in out


def test_the_report_is_404_outside_the_callers_groups(api: Api, server: EmbeddedServer
                                                      ) -> None:
    mine = lookups.assigned_groups(server.database, "facilitator")
    others = lookups.all_groups(server.database) - mine
    elsewhere = lookups.event_on(server.database, others, TODAY, before=True)
    own = lookups.event_on(server.database, mine, TODAY, before=True)
    facilitator, partner, qa = (api.login(u) for u in ("facilitator", "partner", "qa"))
    path = "/reports/events/{}/evaluation"
    assert facilitator.get(path.format(own.event_id)).status_code == 200
    assert facilitator.get(path.format(elsewhere.event_id)).status_code == 404
    assert facilitator.get(path.format(str(uuid.uuid4()))).status_code == 404
    assert qa.get(path.format(own.event_id)).status_code == 404
    partners = lookups.partner_groups(server.database,
                                      lookups.user_partner(server.database, "partner"))
    theirs = lookups.event_on(server.database, partners, TODAY, before=True)
    foreign = lookups.event_on(server.database, lookups.all_groups(server.database) - partners,
                               TODAY, before=True)
    assert partner.get(path.format(theirs.event_id)).status_code == 200
    assert partner.get(path.format(foreign.event_id)).status_code == 404
    assert api.get(path.format(own.event_id)).status_code == 401
