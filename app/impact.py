"""The impact of a partner's groups as the central service reports it (no Qt, read only).

The service writes one ``impact_report`` per group (kept whole on the laptop): the 360°
diagnostic (invited, completed, each leadership domain's mean at the start and the end),
destinations after the qualification and school-improvement outcomes, each as counts by
label. A part answered by fewer than ``MIN_EVALUATION_RESPONSES`` is *hidden*: the service
sends its number of responses only, and this module never passes on a figure of it, even
if one arrived.

- ``ImpactService.overview()``: one ``ImpactLine`` per group the laptop holds a report for
  (its code, qualification and intake), and one per intake summing its groups.
- An intake's sums take the shown parts only. A group hidden from a part is *left out* of
  that part's sum and the line says how many groups it leaves out, so no one reads a
  hidden group's figures by taking one total from another. A part hidden in every group of
  the intake is hidden there too.
- ``simulated``: the reference service made the figures up for the demo.

Which groups a person sees is the central service's scope: a partner lead's partner's
groups, a facilitator's own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.store import Store
from app.store.models import Group, Intake, OtherRecord
from protocol.fields import READING
from protocol.records import MIN_EVALUATION_RESPONSES, ImpactCount, ImpactReportData
from protocol.text import _

TYPE = "impact_report"


@dataclass(frozen=True)
class DomainMeans:
    """A 360° domain's mean rating (1–5) at the start and the end; None where not given."""

    label: str
    start: float | None
    end: float | None

    @property
    def change(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start


@dataclass(frozen=True)
class Diagnostic:
    """The 360° diagnostic of a group or an intake. ``domains`` is empty while hidden."""

    invited: int
    completed: int
    domains: tuple[DomainMeans, ...]
    hidden: bool
    left_out: int = 0  # an intake: groups whose means are hidden, not in ``domains``

    @property
    def mean_change(self) -> float | None:
        """The change of the domains' means, averaged over the domains with both."""
        changes = [c for d in self.domains if (c := d.change) is not None]
        return sum(changes) / len(changes) if changes else None


@dataclass(frozen=True)
class Counted:
    """Destinations or school-improvement outcomes: counts by label, of ``responses``.
    ``counts`` is empty (and ``responses`` 0 in an intake) while hidden."""

    responses: int
    counts: tuple[tuple[str, int], ...]
    hidden: bool
    left_out: int = 0  # an intake: groups hidden from these sums

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.counts)


@dataclass(frozen=True)
class ImpactLine:
    """One group's report, or one intake's sum of its groups'."""

    key: str  # the group's id, or the intake's
    label: str  # the group's code, or the intake's label
    qualification: str  # the group's qualification code ("" for an intake)
    intake_label: str
    groups: int
    candidates: int
    diagnostic: Diagnostic
    destinations: Counted
    improvements: Counted
    simulated: bool
    updated_at: str = ""


@dataclass(frozen=True)
class ImpactOverview:
    groups: tuple[ImpactLine, ...]  # by intake, then code
    intakes: tuple[ImpactLine, ...]  # by registration deadline

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def simulated(self) -> bool:
        return any(line.simulated for line in self.groups)


def hidden_words() -> str:
    return _("Fewer than {n} responses: hidden").format(n=MIN_EVALUATION_RESPONSES)


def hidden_short() -> str:
    """What a table cell says of a hidden part (its tooltip says ``hidden_words``)."""
    return _("Hidden (under {n})").format(n=MIN_EVALUATION_RESPONSES)


def left_out_words(n: int) -> str:
    """'Leaves out 1 group with fewer than 3 responses' ("" when none is left out)."""
    if n <= 0:
        return ""
    if n == 1:
        return _("Leaves out 1 group with fewer than {n} responses").format(
            n=MIN_EVALUATION_RESPONSES)
    return _("Leaves out {groups} groups with fewer than {n} responses").format(
        groups=n, n=MIN_EVALUATION_RESPONSES)


# ---- one group's report -------------------------------------------------------------------


def hidden(responses: int) -> bool:
    return responses < MIN_EVALUATION_RESPONSES


def group_line(report: ImpactReportData, code: str, qualification: str,
               intake_label: str) -> ImpactLine:
    """A group's line: the figures of a part answered by too few are dropped here, whatever
    arrived."""
    diagnostic_hidden = hidden(report.diagnostic_completed)
    domains = () if diagnostic_hidden else tuple(
        DomainMeans(d.label, d.start_mean, d.end_mean) for d in report.diagnostic_domains)
    return ImpactLine(
        key=report.group_id, label=code, qualification=qualification,
        intake_label=intake_label, groups=1, candidates=report.candidates,
        diagnostic=Diagnostic(report.diagnostic_invited, report.diagnostic_completed,
                              domains, diagnostic_hidden),
        destinations=_counted(report.destination_responses, report.destinations),
        improvements=_counted(report.improvement_responses, report.improvements),
        simulated=report.simulated, updated_at=report.updated_at)


def _counted(responses: int, counts: Iterable[ImpactCount]) -> Counted:
    if hidden(responses):
        return Counted(responses, (), True)
    return Counted(responses, tuple((c.label, c.count) for c in counts), False)


# ---- an intake's sums -----------------------------------------------------------------


def intake_line(key: str, label: str, lines: Sequence[ImpactLine]) -> ImpactLine:
    """The sum of an intake's group lines: shown parts only, the hidden ones left out and
    counted."""
    return ImpactLine(
        key=key, label=label, qualification="", intake_label=label, groups=len(lines),
        candidates=sum(line.candidates for line in lines),
        diagnostic=_sum_diagnostics([line.diagnostic for line in lines]),
        destinations=_sum_counted([line.destinations for line in lines]),
        improvements=_sum_counted([line.improvements for line in lines]),
        simulated=any(line.simulated for line in lines))


def _sum_counted(parts: Sequence[Counted]) -> Counted:
    shown = [p for p in parts if not p.hidden]
    left_out = len(parts) - len(shown)
    if not shown:
        return Counted(0, (), True, left_out)
    totals: dict[str, int] = {}
    for part in shown:
        for label, n in part.counts:
            totals[label] = totals.get(label, 0) + n
    return Counted(sum(p.responses for p in shown), tuple(totals.items()), False, left_out)


def _sum_diagnostics(parts: Sequence[Diagnostic]) -> Diagnostic:
    """Invited and completed summed over every group (they are not hidden figures); the
    domain means over the shown groups only, each weighted by its completed diagnostics."""
    shown = [p for p in parts if not p.hidden]
    invited = sum(p.invited for p in parts)
    completed = sum(p.completed for p in parts)
    left_out = len(parts) - len(shown)
    if not shown:
        return Diagnostic(invited, completed, (), True, left_out)
    weights: dict[str, list[tuple[float | None, float | None, int]]] = defaultdict(list)
    for part in shown:
        for domain in part.domains:
            weights[domain.label].append((domain.start, domain.end, part.completed))
    domains = tuple(DomainMeans(label, _weighted([(s, w) for s, _e, w in rows]),
                                _weighted([(e, w) for _s, e, w in rows]))
                    for label, rows in weights.items())
    return Diagnostic(invited, completed, domains, False, left_out)


def _weighted(values: Sequence[tuple[float | None, int]]) -> float | None:
    known = [(v, w) for v, w in values if v is not None and w > 0]
    weight = sum(w for _v, w in known)
    return sum(v * w for v, w in known) / weight if weight else None


# ---- the service --------------------------------------------------------------------


class ImpactService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def overview(self) -> ImpactOverview:
        """Every group this laptop holds a report for, and each intake's sums."""
        with self.store.read() as session:
            return read_overview(session)


def read_overview(session: Session) -> ImpactOverview:
    groups = {g.id: g for g in session.scalars(select(Group))}
    intakes = {i.id: i for i in session.scalars(select(Intake))}
    by_intake: dict[str, list[ImpactLine]] = defaultdict(list)
    for data in session.scalars(select(OtherRecord.data).where(OtherRecord.type == TYPE)):
        try:
            report = ImpactReportData.model_validate(data or {}, context=READING)
        except ValueError:
            continue  # a record this version cannot read: not shown rather than wrong
        group = groups.get(report.group_id)
        if group is None:
            continue  # out of this person's groups (or not arrived yet)
        intake = intakes.get(report.intake_id or group.intake_id) or intakes.get(
            group.intake_id)
        label = intake.label if intake is not None else ""
        by_intake[intake.id if intake is not None else ""].append(
            group_line(report, group.code, group.qualification_code, label))

    def deadline(intake_id: str) -> str:
        intake = intakes.get(intake_id)
        return intake.registration_deadline if intake is not None else "9999"

    order = sorted(by_intake, key=lambda i: (deadline(i), i))
    lines = tuple(line for i in order
                  for line in sorted(by_intake[i], key=lambda g: g.label))
    sums = tuple(intake_line(i, by_intake[i][0].intake_label or _("Intake not known"),
                             by_intake[i]) for i in order)
    return ImpactOverview(lines, sums)

