"""The demo's school term dates: one typical English authority's 2026/27 year
(``resources/term_dates/``, the file format ``npq-server load-term-dates`` reads), loaded by
the same loader an operator uses. The demo partner's venue (Halifax) is in Calderdale; the
other partners' venues are in authorities with no term dates held, so their pickers say
that school holidays are not checked."""

from __future__ import annotations

from sqlalchemy.orm import Session

from resources import resource_path
from server.services.term_dates import load, read_file

DEMO_TERM_DATES = ("calderdale-2026-27.json",)


def seed_term_dates(session: Session) -> None:
    load(session, [body for name in DEMO_TERM_DATES
                   for body in read_file(resource_path("term_dates", name))])
