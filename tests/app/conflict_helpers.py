"""Another laptop's marks arriving with a pull, for tests of disagreements between laptops."""

from __future__ import annotations

import time
from typing import Any

from app.clock import shared_clock
from app.domain import Identity
from app.identity import set_identity
from app.store import Store
from app.store.apply import PulledChange, apply_page
from protocol.hlc import Stamp
from protocol.records import attendance_id
from tests.app.conftest import ME

CO = "22222222-2222-4222-8222-222222222222"
CO_DEVICE = "co-laptop-1"


def name_people(store: Store, device_id: str) -> None:
    """Sign-in identity 'Siân Hughes' here, and the co-facilitator 'Tomos Evans' as a user."""
    set_identity(store, Identity(ME, "Siân Hughes", ("facilitator",), "facilitator",
                                 "http://server", device_id))
    apply_page(store, [PulledChange("user", CO, False, {"name": "Tomos Evans",
                                                         "roles": ["facilitator"]})],
               "cursor-2", shared_clock(store))


def pulled_mark(store: Store, event_id: str, candidate_id: str, status: str, *,
                by: str = CO, device: str = CO_DEVICE, offset_ms: int = 1000,
                note: str = "", arrival: str | None = None, departure: str | None = None,
                earlier: list[dict[str, Any]] | None = None) -> str:
    """Another laptop's mark arriving with a pull (the server lists earlier marks too);
    returns its stamp."""
    stamp = str(Stamp(time.time_ns() // 1_000_000 + offset_ms, 0, device))
    data = {"event_id": event_id, "candidate_id": candidate_id, "status": status,
            "arrival_time": arrival, "departure_time": departure, "note": note,
            "marked_by": by, "device_id": device,
            "hlc": stamp, "observations": earlier or []}
    apply_page(store, [PulledChange("attendance", attendance_id(event_id, candidate_id),
                                    False, data)], "cursor-3", shared_clock(store))
    return stamp
