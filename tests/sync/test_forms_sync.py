"""QA forms end to end: real clients (store file + SyncService) against the real server on
loopback. A QA lead fills and submits a visit without the network, syncs, and the
facilitator's laptop receives it only once it is submitted; a template version published
while a draft is open leaves the draft on its version until the user moves it; a save made
while the previous state of the form is being pushed still reaches the server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.clock import shared_clock
from app.forms.service import FormService
from app.forms.views import DueState, FormView
from app.forms.workspace import qa_workspace
from app.outbox import pending_count
from app.store import Store
from app.store.models import Event, Form, Group, OutboxEntry
from protocol.records import form_template_id
from server.forms_catalogue import source
from server.services.templates import publish_template
from sync.service import SyncService
from sync.transport import Transport
from tests.conftest import TEST_TODAY
from tests.sync.conftest import PASSWORD, Client, server_record


def _forms(client: Client) -> FormService:
    return FormService(client.store, shared_clock(client.store), client.identity.user_id)


def _an_event_of(client: Client, facilitator_id: str) -> str:
    with client.store.read() as session:
        groups = [g.id for g in session.scalars(select(Group))
                  if facilitator_id in (g.facilitator_ids or [])]
        event = session.scalars(select(Event).where(Event.group_id.in_(groups))
                                .order_by(Event.window_start)).first()
    assert event is not None, "the QA lead's laptop holds the facilitator's events"
    return event.id


def _fill(forms: FormService, view: FormView) -> None:
    """Answer every question of the form as a QA lead would."""
    for section in view.template.sections:
        for question in section.questions:
            value: Any = {"rating": max((lv.value for lv in question.levels), default=1),
                          "text": f"Notes on {question.label.lower()}.", "yes_no": True,
                          "date": TEST_TODAY.isoformat()}[question.kind]
            forms.save_answer(view.id, question.id, value)


def test_a_visit_filled_offline_reaches_the_facilitator_only_once_submitted(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    qa = make_client(live_server.base_url, "qa")
    siân = make_client(live_server.base_url, "facilitator")
    qa.sync.sync_once()
    siân.sync.sync_once()
    siân_id = siân.identity.user_id

    # The seeded history shows in the QA lead's workspace.
    workspace = qa_workspace(qa.store, qa.identity.user_id, TEST_TODAY)
    [row] = [f for f in workspace.facilitators if f.facilitator_id == siân_id]
    assert row.name == "Siân Hughes" and row.first_session is not None
    states = {item.label: item.state for item in row.items}
    assert states["Pre-visit conversation"] is DueState.DONE
    assert states["QA visit"] is DueState.DONE
    assert states["Post-visit conversation"] is not DueState.DONE

    # No network from here until the sync below: the services only use the store.
    forms = _forms(qa)
    visit = forms.start_visit(siân_id, _an_event_of(qa, siân_id))
    assert visit.template.id == form_template_id("qa_visit", 1)
    _fill(forms, visit)
    forms.save_header(visit.id, mode="co_facilitated")
    assert pending_count(qa.store) == 1  # one entry for the form, however many saves

    qa.sync.sync_once()  # the draft reaches the server: private to its author
    siân.sync.sync_once()
    with siân.store.read() as session:
        assert session.get(Form, visit.id) is None
    assert visit.id not in {s.id for s in _forms(siân).forms()}

    submitted = forms.submit(visit.id)
    assert pending_count(qa.store) == 1
    qa.sync.sync_once()
    assert pending_count(qa.store) == 0
    siân.sync.sync_once()
    seen = _forms(siân).form(visit.id)
    assert (seen.status, seen.editable, seen.author_name) == ("submitted", False,
                                                              "Ciarán Ó Briain")
    assert seen.answers == submitted.answers and seen.mode == "co_facilitated"
    assert seen.event_label == submitted.event_label
    assert visit.id in {s.id for s in _forms(siân).forms(kind="qa_visit")}


def test_a_template_version_published_while_a_draft_is_open(
        live_server: Any, make_client: Callable[..., Client]) -> None:
    qa = make_client(live_server.base_url, "qa")
    siân = make_client(live_server.base_url, "facilitator")
    qa.sync.sync_once()
    forms = _forms(qa)
    siân_id = siân.identity.user_id
    draft = forms.start_visit(siân_id, _an_event_of(qa, siân_id))
    _fill(forms, draft)
    forms.save_header(draft.id, mode="observed")
    qa.sync.sync_once()

    body = source("qa_visit")
    summary = body["sections"][1]["questions"]
    body["sections"][1]["questions"] = [
        {"id": "candidate_voice", "kind": "text", "label": "What candidates said",
         "required": True},
        *[q for q in summary if q["id"] != "discussed_with_facilitator"]]
    with live_server.database.write() as session:
        v2, _ = publish_template(session, body)
    qa.sync.sync_once()

    open_draft = forms.form(draft.id)
    assert open_draft.template.version == 1  # nothing moved by itself
    assert open_draft.newer_template is not None and open_draft.newer_template.id == v2
    move = forms.preview_move(draft.id)
    assert move is not None
    assert move.dropped == ("Discussed with the facilitator",)
    assert "Strengths" in move.kept and "Overall judgement" in move.kept
    moved = forms.move_to_template(draft.id, v2)
    assert moved.template.version == 2
    assert [p.question_id for p in forms.problems(draft.id)] == ["candidate_voice"]
    forms.save_answer(draft.id, "candidate_voice", "They asked for more case studies.")
    forms.submit(draft.id)
    qa.sync.sync_once()
    assert pending_count(qa.store) == 0
    on_server = server_record(live_server.base_url, "qa_visit", draft.id, username="qa")
    data = on_server.get("data", on_server)
    assert (data["status"], data["template_id"], data["template_version"]) == (
        "submitted", v2, 2)
    assert "discussed_with_facilitator" not in data["answers"]


class _SaveDuringPush(Transport):
    """The real transport; while one push is on its way back (the server has applied it),
    ``during_push`` runs once: the user typing on while the previous state is sent."""

    during_push: Callable[[], None] | None = None

    def post(self, path: str, body: Any, **kwargs: Any) -> Any:
        answer = super().post(path, body, **kwargs)
        if path == "/sync/push" and self.during_push is not None:
            action, self.during_push = self.during_push, None
            action()
        return answer


def test_a_save_made_while_the_previous_state_is_pushed_still_reaches_the_server(
        live_server: Any, tmp_path: Path) -> None:
    siân = _login(live_server, tmp_path, "facilitator")
    transport = _SaveDuringPush(live_server.base_url)
    store = Store.open(tmp_path / "qa" / "desk.sqlite3")
    try:
        sync = SyncService(store, live_server.base_url, transport=transport)
        me = sync.login("qa", PASSWORD)
        sync.sync_once()
        forms = FormService(store, shared_clock(store), me.user_id)
        draft = forms.start_visit(siân)
        forms.save_answer(draft.id, "strengths", "first")
        transport.during_push = lambda: forms.save_answer(draft.id, "strengths",
                                                          "first, then more")
        sync.sync_once()
        assert transport.during_push is None  # it ran, inside the push
        on_server = server_record(live_server.base_url, "qa_visit", draft.id, username="qa")
        assert on_server.get("data", on_server)["answers"] == {"strengths": "first"}
        with store.read() as session:
            [entry] = session.scalars(select(OutboxEntry)).all()
        assert entry.data["answers"] == {"strengths": "first, then more"}  # not settled away
        sync.sync_once()
        on_server = server_record(live_server.base_url, "qa_visit", draft.id, username="qa")
        assert on_server.get("data", on_server)["answers"] == {"strengths": "first, then more"}
        assert pending_count(store) == 0
    finally:
        store.close()


def _login(live_server: Any, tmp_path: Path, username: str) -> str:
    store = Store.open(tmp_path / username / "desk.sqlite3")
    try:
        return SyncService(store, live_server.base_url).login(username, PASSWORD).user_id
    finally:
        store.close()

