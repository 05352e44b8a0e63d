"""School term dates: reference data the central service holds by local authority
(``npq-server load-term-dates``), and the term dates an event's date is checked against.

One ``term_dates`` record per authority and school year (``term_dates_id``): its school
holidays (half-terms, Christmas, Easter, summer) and the days the year covers. Loading an
authority's year again replaces that record. Every client pulls every authority's records
(reference data, like qualifications), and the date rules (``protocol.event_dates``) warn about a
day in the holidays of the event venue's authority (``EventData.local_authority``), on the
laptop and here alike.

Files are JSON (one object as in ``resources/term_dates/``, or a list of them) or CSV with
the header ``authority,academic_year,holiday,first_day,last_day`` (one row per holiday).
Dates are ISO (2027-03-29) or British (29/03/2027). Anything wrong is refused whole, with a
message that names the authority, the holiday and what is wrong; nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import false, select
from sqlalchemy.orm import Session

from protocol.event_dates import TermDates
from protocol.records import TermDatesData, authority_key, term_dates_id
from server import sequence, store
from server.models import Record
from server.store import Placement

log = logging.getLogger(__name__)

TYPE = "term_dates"
FIELDS = frozenset({"authority", "academic_year", "first_day", "last_day", "holidays"})
HOLIDAY_FIELDS = frozenset({"name", "first_day", "last_day"})
CSV_HEADER = ("authority", "academic_year", "holiday", "first_day", "last_day")
MAX_HOLIDAYS = 20  # a year has six or seven; more is a file of something else


class TermDatesError(ValueError):
    """A term dates file, or one authority's year in it, that cannot be loaded."""


def term_dates_of(session: Session, authority: str) -> TermDates:
    """What the service holds for ``authority`` (every school year); nothing held, or no
    authority named: ``TermDates.known`` is False."""
    if not authority_key(authority):
        return TermDates("")
    payloads = session.scalars(select(Record.data).where(
        Record.type == TYPE, Record.deleted == false()))
    return TermDates.from_payloads(authority, (p for p in payloads if p))


# ---- reading a file ------------------------------------------------------------------------


def read_file(path: Path) -> list[dict[str, Any]]:
    """The authorities' years in a JSON or CSV file, as loose dicts (checked by
    ``checked``). ``TermDatesError`` for a file that is neither."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TermDatesError(f"{path.name} is not UTF-8 text") from exc
    if path.suffix.lower() == ".csv":
        return _from_csv(text, path.name)
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TermDatesError(f"{path.name} is not JSON ({exc.msg}, line {exc.lineno}); "
                             "give a .json or .csv file") from exc
    bodies = body if isinstance(body, list) else [body]
    if not bodies or not all(isinstance(b, dict) for b in bodies):
        raise TermDatesError(f"{path.name}: expected an object (one authority's year) or a "
                             "list of them")
    return bodies


def _from_csv(text: str, name: str) -> list[dict[str, Any]]:
    rows = list(csv.reader(text.splitlines()))
    if not rows or tuple(c.strip().lower() for c in rows[0]) != CSV_HEADER:
        raise TermDatesError(f"{name}: the first line must be the header "
                             f"{','.join(CSV_HEADER)}")
    years: dict[tuple[str, str], dict[str, Any]] = {}
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(CSV_HEADER):
            raise TermDatesError(f"{name}, line {number}: {len(row)} columns, expected "
                                 f"{len(CSV_HEADER)}")
        authority, year, holiday, first, last = (cell.strip() for cell in row)
        body = years.setdefault((authority_key(authority), year), {
            "authority": authority, "academic_year": year, "holidays": []})
        body["holidays"].append({"name": holiday, "first_day": first, "last_day": last})
    if not years:
        raise TermDatesError(f"{name}: no holidays in the file")
    return list(years.values())


# ---- checking ------------------------------------------------------------------------------


def _iso(value: Any, where: str) -> str:
    """An ISO date from '2027-03-29' or '29/03/2027'."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    raise TermDatesError(f"{where}: {_shown(value)} is not a date (2027-03-29 or "
                         "29/03/2027)")


def _shown(value: Any, limit: int = 40) -> str:
    """A value from the file as a message shows it: escaped, and cut short."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return repr(text[:limit] + ("…" if len(text) > limit else ""))


def _unknown(body: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    extra = sorted(_shown(str(k)) for k in body if k not in allowed)
    if extra:
        raise TermDatesError(f"{where}: unknown field {', '.join(extra[:3])} "
                             f"(expected {', '.join(sorted(allowed))})")


def checked(body: Mapping[str, Any]) -> TermDatesData:
    """One authority's school year, checked: known fields only, dates that read, each
    holiday inside the year and none overlapping. The year covers 1 September to 31 August
    unless ``first_day``/``last_day`` say otherwise."""
    authority = body.get("authority")
    year = body.get("academic_year")
    where = f"{_shown(authority)}, {_shown(year, 10)}"
    _unknown(body, FIELDS, where)
    if not isinstance(authority, str) or not authority_key(authority):
        raise TermDatesError(f"{where}: name the local authority (\"authority\")")
    holidays = body.get("holidays")
    if not isinstance(holidays, list) or not holidays:
        raise TermDatesError(f"{where}: list the school holidays (\"holidays\")")
    if len(holidays) > MAX_HOLIDAYS:
        raise TermDatesError(f"{where}: {len(holidays)} holidays; at most {MAX_HOLIDAYS}")
    try:
        start = int(str(year)[:4])
    except ValueError:
        start = 0
    if not isinstance(year, str) or year != f"{start:04d}/{(start + 1) % 100:02d}":
        raise TermDatesError(f"{where}: the school year (\"academic_year\") is written like "
                             "2026/27")
    first = _iso(body.get("first_day") or f"{start}-09-01", f"{where}, first_day")
    last = _iso(body.get("last_day") or f"{start + 1}-08-31", f"{where}, last_day")
    found = []
    for number, holiday in enumerate(holidays, 1):
        at = f"{where}, holiday {number}"
        if not isinstance(holiday, dict):
            raise TermDatesError(f"{at}: expected an object with name, first_day, last_day")
        _unknown(holiday, HOLIDAY_FIELDS, at)
        at = f"{at} ({_shown(holiday.get('name'))})"
        found.append({"name": holiday.get("name"),
                      "first_day": _iso(holiday.get("first_day"), f"{at}, first_day"),
                      "last_day": _iso(holiday.get("last_day"), f"{at}, last_day")})
    try:
        data = TermDatesData.model_validate({
            "authority": " ".join(authority.split()), "academic_year": year,
            "first_day": first, "last_day": last, "holidays": found})
    except ValidationError as exc:
        problem = exc.errors()[0]
        place = ".".join(str(p) for p in problem["loc"])
        raise TermDatesError(f"{where}: {place} {problem['msg']}") from exc
    _check_days(data, where)
    return data


def _check_days(data: TermDatesData, where: str) -> None:
    first, last = dt.date.fromisoformat(data.first_day), dt.date.fromisoformat(data.last_day)
    if last < first or (last - first).days > 366:
        raise TermDatesError(f"{where}: the year runs from first_day to last_day, at most a "
                             "year (1 September to 31 August by default)")
    spans = []
    for holiday in data.holidays:
        at = f"{where}, {_shown(holiday.name)}"
        if not holiday.name.strip():
            raise TermDatesError(f"{at}: each holiday needs a name")
        start, end = (dt.date.fromisoformat(holiday.first_day),
                      dt.date.fromisoformat(holiday.last_day))
        if end < start:
            raise TermDatesError(f"{at}: it ends ({end}) before it starts ({start})")
        if start < first or end > last:
            raise TermDatesError(f"{at}: {start} to {end} is outside the year "
                                 f"({first} to {last})")
        spans.append((start, end, _shown(holiday.name)))
    spans.sort()
    for (_, end, name), (start, _, following) in pairwise(spans):
        if start <= end:
            raise TermDatesError(f"{where}: {name} and {following} overlap")


# ---- loading -------------------------------------------------------------------------------


def load(session: Session, bodies: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Check every authority's year first, then write them (each replacing that authority's
    year, if held). Returns (record id, what happened) for each: "loaded", "replaced" or
    "unchanged" (nothing written). ``TermDatesError``: nothing is written."""
    years = [checked(body) for body in bodies]
    ids = [term_dates_id(y.authority, y.academic_year) for y in years]
    if len(set(ids)) != len(ids):
        raise TermDatesError("the file gives one authority's school year twice")
    sequence.lock(session)
    done = []
    for record_id, year in zip(ids, years, strict=True):
        data = year.model_dump()
        held = store.live(session, TYPE, record_id)
        if held is not None and held.data == data:
            done.append((record_id, "unchanged"))
            continue
        store.put(session, TYPE, record_id, data, Placement())
        done.append((record_id, "replaced" if held is not None else "loaded"))
        log.info("term dates %s: %s", "replaced" if held is not None else "loaded", record_id)
    return done


def venue_authorities(session: Session) -> set[str]:
    """The local authorities the events' venues are in (as written on the events)."""
    names = session.scalars(select(Record.data["local_authority"].as_string()).where(
        Record.type == "event", Record.deleted == false()))
    return {" ".join(n.split()) for n in names if n and n.strip()}


def set_venue_authority(session: Session, venue: str, authority: str) -> int:
    """Record that ``venue`` is in ``authority``: every event held there gets it (and a new
    sequence number, so every laptop that sees the event pulls it). Returns how many
    events changed; ``LookupError`` when no event is at that venue."""
    name = " ".join(authority.split())
    if not name:
        raise TermDatesError("name the local authority")
    sequence.lock(session)
    events = [r for r in session.scalars(select(Record).where(
                  Record.type == "event", Record.deleted == false()))
              if r.data and " ".join(str(r.data.get("venue_name") or "").split())
              == " ".join(venue.split())]
    if not events:
        raise LookupError(f"no event is held at a venue called {venue[:100]!r}")
    changed = 0
    for event in events:
        assert event.data is not None
        if event.data.get("local_authority") == name:
            continue
        store.put(session, "event", event.id, event.data | {"local_authority": name},
                  Placement(group_id=event.group_id, event_id=event.event_id,
                            owner_id=event.owner_id, ref_id=event.ref_id,
                            private=event.private), current=event)
        changed += 1
    return changed
