"""What a write or a sync changed, so each page re-reads only what concerns it.

A write made on this laptop, and every sync, says what it changed as one ``Changes`` value;
the window hands it to every page at once, and each page looks at the flags it shows and
refreshes, or not. No page needs to know who else wrote, and the window needs to know
nobody's refresh.

The flags name what the pages show, not tables:

- ``marks``: attendance marks, walk-ins and register submissions (the register's rows and
  every count of who attended);
- ``notes``: notes about people on a register;
- ``dates``: event dates chosen, proposed, confirmed or refused, and school term dates;
- ``catalogue``: qualifications, partners, intakes, people, groups, events, candidates,
  enrolments and who facilitates what;
- ``forms``: QA forms, their templates, and which facilitators a QA lead looks after;
- ``reports``: evaluation summaries, and what the central service reports of each
  candidate's year and each group's impact;
- ``recruitment``: applications, registration windows, the recruitment rules, viability
  decisions and the partner's profile (the pipeline, the allocation code's page);
- ``outbox``: what waits to be sent changed other than by a save (a sync sent some, a change
  was retried or discarded): pages that say "waiting for the central service" or "needs
  attention" re-read (a save says what it saved, and those pages look at that);
- ``backups``: this laptop's backups (taken, skipped, taken again after a purge).

And one flag about where a change comes from, not what it is: ``local`` says it was saved
on this laptop and the next sync should send it soon.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from app.domain import SyncReport


@dataclass(frozen=True)
class Changes:
    """What changed; combine two with ``|``; true when anything did."""

    marks: bool = False
    notes: bool = False
    dates: bool = False
    catalogue: bool = False
    forms: bool = False
    reports: bool = False
    recruitment: bool = False
    outbox: bool = False
    backups: bool = False
    local: bool = False

    EVERYTHING: ClassVar[Changes]  # after signing in, or a purge: re-read everything
    NOTHING: ClassVar[Changes]

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name)
                          for f in dataclasses.fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in dataclasses.fields(self))

    def touches(self, concerns: Changes) -> bool:
        """Whether any of what changed is among ``concerns`` (what a page shows); where a
        change was made (``local``) concerns no page."""
        return any(getattr(self, f.name) and getattr(concerns, f.name)
                   for f in dataclasses.fields(self) if f.name != "local")

    @classmethod
    def saved_here(cls, **what: bool) -> Changes:
        """A write made on this laptop, to be sent soon (``local``), and what it changed:
        ``Changes.saved_here(marks=True)``."""
        return cls(local=True, **what)


Changes.EVERYTHING = Changes(marks=True, notes=True, dates=True, catalogue=True, forms=True,
                             reports=True, recruitment=True, outbox=True, backups=True)
Changes.NOTHING = Changes()

# Which flag each record type of the wire sets when a sync brings it in.
_MARKS = Changes(marks=True)
_CATALOGUE = Changes(catalogue=True)
_FORMS = Changes(forms=True)
_DATES = Changes(dates=True)
BY_RECORD_TYPE: dict[str, Changes] = {
    "qualification": _CATALOGUE,
    "partner": _CATALOGUE,
    "intake": _CATALOGUE,
    "user": _CATALOGUE,
    "group": _CATALOGUE,
    "event": _CATALOGUE | _DATES,
    "candidate": _CATALOGUE,
    "enrolment": _CATALOGUE,
    "assignment": _CATALOGUE,
    "attendance": _MARKS,
    "register_submission": _MARKS,
    "walk_in": _MARKS,
    "note": Changes(notes=True),
    "form_template": _FORMS,
    "qa_visit": _FORMS,
    "coaching_conversation": _FORMS,
    "self_assessment": _FORMS,
    "qa_assignment": _FORMS,
    "evaluation_summary": Changes(reports=True),
    "event_date_choice": _DATES,
    "term_dates": _DATES,
    # a deferral or withdrawal changes who is markable on registers and who counts
    "training_status_reasons": _CATALOGUE,
    "training_status_request": _CATALOGUE | _MARKS,
    "training_status": _CATALOGUE | _MARKS,
    # the central service's figures for the progress view and the partner's impact
    "participant_progress": Changes(reports=True),
    "declaration": Changes(reports=True),
    "impact_report": Changes(reports=True),
    # recruitment (issue 16); a decision carried out moves candidates and closes groups
    "application": Changes(recruitment=True),
    "registration_window": Changes(recruitment=True),
    "recruitment_rules": Changes(recruitment=True),
    "viability_decision_request": Changes(recruitment=True) | _CATALOGUE,
    "viability_decision": Changes(recruitment=True) | _CATALOGUE | _MARKS,
    "partner_profile_request": Changes(recruitment=True) | _CATALOGUE,
}


def of_record_types(types: Iterable[str]) -> Changes:
    """What records of these types change; a type this laptop does not know (from a newer
    central service) may change anything."""
    changes = Changes.NOTHING
    for record_type in types:
        changes |= BY_RECORD_TYPE.get(record_type, Changes.EVERYTHING)
    return changes


def of_sync(report: SyncReport) -> Changes:
    """What a finished sync changed on this laptop: the types it pulled; what waits to be
    sent, when it sent anything; everything, when it purged (a group gone takes its
    people, marks, forms and backups with it)."""
    if report.purged:
        return Changes.EVERYTHING
    changes = of_record_types(report.pulled_types)
    if report.pushed or report.duplicates or report.rejected:
        changes |= Changes(outbox=True)
    return changes


# A change that needed attention was retried (it goes with the next sync) or discarded (the
# laptop goes back to what it had before it: a mark, a note, a date or a form).
RETRIED_OR_DISCARDED = Changes(marks=True, notes=True, dates=True, forms=True, outbox=True,
                               local=True)

# A sync that failed part-way may have sent some changes (and pulled some pages, each
# committed whole); what waits to be sent is what certainly moved.
AFTER_FAILED_SYNC = Changes(outbox=True)
