"""The chase list: per owner, what they owe this month, and the record of chasing them.

Overdue figures, overdue actions and definition errors of benefits being tracked are
the report's own "needs attention" items (``services.dashboard.attention_items``), so
the chase list and the dashboard can never disagree about who is late. To them it adds
what falls due without being late yet: figures whose period has ended, leading
indicator figures, and draft definitions waiting for their owner.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from benefitdesk.analysis.checks import Severity, check_definition
from benefitdesk.analysis.periods import is_overdue, next_due
from benefitdesk.analysis.types import DORMANT_LIFECYCLES, BenefitResult
from benefitdesk.model import ChaseRecord, flushed_id
from benefitdesk.present.attention import AttentionItem, AttentionKind
from benefitdesk.present.formats import day
from benefitdesk.services import inputs
from benefitdesk.services.changes import Change
from benefitdesk.services.dashboard import attention_items
from benefitdesk.services.report import Report, build_report
from benefitdesk.store import Store
from benefitdesk.store.queries.decisions import chases_of_benefit, last_chase_by_name

NO_OWNER = ""  # the group of items nobody owns: the PMO has to find an owner first


class OwedKind(StrEnum):
    """What an owner owes, in the order a message lists them."""

    OVERDUE_FIGURE = "overdue_figure"
    DUE_FIGURE = "due_figure"
    INDICATOR_FIGURE = "indicator_figure"
    OVERDUE_ACTION = "overdue_action"
    DEFINITION = "definition"


KIND_ORDER = {kind: n for n, kind in enumerate(OwedKind)}
#: What a collection workbook asks for.
FIGURE_KINDS = frozenset({OwedKind.OVERDUE_FIGURE, OwedKind.DUE_FIGURE, OwedKind.INDICATOR_FIGURE})
HEADINGS = {
    OwedKind.OVERDUE_FIGURE: "Overdue figures",
    OwedKind.DUE_FIGURE: "Figures due",
    OwedKind.INDICATOR_FIGURE: "Leading indicator figures due",
    OwedKind.OVERDUE_ACTION: "Overdue corrective actions",
    OwedKind.DEFINITION: "Benefit definitions to complete",
}
_ATTENTION_KINDS = {
    AttentionKind.OVERDUE_MEASUREMENT: OwedKind.OVERDUE_FIGURE,
    AttentionKind.OVERDUE_ACTION: OwedKind.OVERDUE_ACTION,
    AttentionKind.DEFINITION_ERROR: OwedKind.DEFINITION,
}


@dataclass(frozen=True, slots=True)
class Owed:
    """One thing an owner is asked for."""

    kind: OwedKind
    benefit_id: int
    code: str  # the benefit's code
    title: str  # the benefit's title
    what: str  # in plain words, e.g. "monthly figure overdue; last figure 31 Jul 2026"
    due: date | None
    indicator: str = ""  # "I-001 Weekly active users" for a leading indicator's figure

    @property
    def subject(self) -> str:
        """What the item is about, as a message names it."""
        if self.indicator:
            return f"{self.indicator} (leading indicator of {self.code})"
        return f"{self.code} {self.title}"

    def line(self) -> str:
        return f"{self.subject}: {self.what}"


@dataclass(frozen=True, slots=True)
class OwnerChase:
    """Everything one owner owes, and when they were last chased."""

    owner: str  # NO_OWNER for items nobody owns
    person_id: int | None
    email: str | None
    items: tuple[Owed, ...]
    last_chased: date | None = None

    def count(self, kind: OwedKind) -> int:
        return sum(1 for i in self.items if i.kind is kind)

    @property
    def first_name(self) -> str:
        return self.owner.split()[0] if self.owner.strip() else ""


@dataclass(frozen=True)
class ChaseList:
    as_of: date
    portfolio: str
    owners: list[OwnerChase]

    def owner(self, name: str) -> OwnerChase | None:
        wanted = name.casefold()
        return next((o for o in self.owners if o.owner.casefold() == wanted), None)


# -- building the list ----------------------------------------------------------------------


def _from_attention(item: AttentionItem) -> Owed:
    kind = _ATTENTION_KINDS[item.kind]
    what = item.reason
    if kind is OwedKind.OVERDUE_ACTION:
        what = f"action {item.reason} was due {day(item.when)}"
    elif kind is OwedKind.DEFINITION:
        what = f"definition cannot be measured: {item.reason}"
    return Owed(kind, item.benefit_id, item.code, item.title, what, item.when)


def _due_figure(benefit: Any, result: BenefitResult, as_of: date) -> Owed | None:
    """A figure whose period has ended, not yet overdue (overdue ones come from the report)."""
    if result.overdue or result.next_due is None or result.next_due >= as_of:
        return None
    frequency = inputs.value_of(benefit.frequency) or ""
    last = f"last figure {day(result.latest_date)}" if result.latest_date else "no figure yet"
    what = f"{frequency} figure for the period ending {day(result.next_due)}; {last}"
    return Owed(OwedKind.DUE_FIGURE, benefit.id, benefit.code, benefit.title, what, result.next_due)


def _indicator_figures(report: Report, benefit: Any, result: BenefitResult) -> list[Owed]:
    """Leading indicator figures whose period has ended (indicators follow their benefit's
    frequency when they have none, and count from their baseline date)."""
    snap = report.snapshot
    start = inputs.realisation_start(benefit, snap.project_of(benefit))
    latest = {i.code: i.latest_date for i in result.indicators}
    owed = []
    for indicator in snap.indicators.get(benefit.id, []):
        frequency = inputs.value_of(indicator.frequency) or inputs.value_of(benefit.frequency)
        begins = indicator.baseline_date or start
        last = latest.get(indicator.code)
        due = next_due(last, begins, frequency)
        if due is None or due >= report.as_of:
            continue
        late = ", overdue" if is_overdue(last, begins, frequency, report.as_of) else ""
        since = f"last figure {day(last)}" if last else "no figure yet"
        what = f"{frequency} figure for the period ending {day(due)}{late}; {since}"
        name = f"{indicator.code} {indicator.name}"
        kind = OwedKind.INDICATOR_FIGURE
        owed.append(Owed(kind, benefit.id, benefit.code, benefit.title, what, due, name))
    return owed


def _draft_definition(report: Report, benefit: Any) -> Owed | None:
    """A draft that cannot be approved until its owner supplies what is missing."""
    findings = check_definition(inputs.definition_input(report.snapshot, benefit))
    errors = [f.message for f in findings if f.severity is Severity.ERROR and f.rule != "no_owner"]
    if not errors:
        return None
    what = "draft definition to complete before approval: " + "; ".join(errors)
    return Owed(
        OwedKind.DEFINITION, benefit.id, benefit.code, benefit.title, what, benefit.defined_on
    )


def owed_items(report: Report) -> list[tuple[str, Owed]]:
    """(owner name, item) for everything owed at the report's date."""
    snap = report.snapshot
    owed = [
        (item.owner, _from_attention(item))
        for item in attention_items(report)
        if item.kind in _ATTENTION_KINDS  # at-risk benefits are the PMO's, not a debt
    ]
    for benefit, result in zip(snap.benefits, report.benefits, strict=True):
        owner = snap.person_name(benefit.owner_id) or NO_OWNER
        lifecycle = inputs.value_of(benefit.status) or "draft"
        if lifecycle == "draft":
            draft = _draft_definition(report, benefit)
            if draft is not None:
                owed.append((owner, draft))
            continue
        if not result.counted or lifecycle in DORMANT_LIFECYCLES:
            continue
        due = _due_figure(benefit, result, report.as_of)
        if due is not None:
            owed.append((owner, due))
        owed.extend((owner, item) for item in _indicator_figures(report, benefit, result))
    return owed


def _order(item: Owed) -> tuple[int, int, str]:
    return (KIND_ORDER[item.kind], item.due.toordinal() if item.due else 0, item.code)


def chase_list(report: Report, last_chased: dict[str, date] | None = None) -> ChaseList:
    """Per owner, what they owe at the report's date; owners by name, "no owner" last.

    ``last_chased`` maps an owner's name (case-folded) to the last day they were chased.
    """
    snap = report.snapshot
    people = {p.name: p for p in snap.people.values()}
    grouped: dict[str, list[Owed]] = defaultdict(list)
    for owner, item in owed_items(report):
        grouped[owner or NO_OWNER].append(item)
    chased = last_chased or {}
    owners = []
    for name in sorted(grouped, key=lambda n: (n == NO_OWNER, n.casefold())):
        person = people.get(name)
        owners.append(
            OwnerChase(
                owner=name,
                person_id=person.id if person else None,
                email=(person.email or None) if person else None,
                items=tuple(sorted(grouped[name], key=_order)),
                last_chased=chased.get(name.casefold()),
            )
        )
    settings = snap.settings
    return ChaseList(report.as_of, (settings.name if settings else "") or "Portfolio", owners)


def build_chase_list(store: Store, as_of: date | None = None) -> ChaseList:
    """The chase list of the portfolio at ``as_of`` (default today)."""
    return chase_list(build_report(store, as_of), last_chased(store))


# -- chasing --------------------------------------------------------------------------------


def last_chased(store: Store) -> dict[str, date]:
    """The last day each owner was chased, by case-folded name."""
    with store.reading() as session:
        rows = last_chase_by_name(session)
    latest: dict[str, date] = {}
    for name, chased_on in rows:
        key = name.casefold()
        if key not in latest or chased_on > latest[key]:
            latest[key] = chased_on
    return latest


def record_chase(
    store: Store, owners: Iterable[OwnerChase], *, on: date, via: str = "e-mail"
) -> Change:
    """Record that ``owners`` were chased ``on`` a day: one row per item asked for.

    Items nobody owns cannot be chased and are skipped.
    """
    records = [
        ChaseRecord(
            benefit_id=item.benefit_id,
            person_id=owner.person_id,
            person_name=owner.owner,
            email=owner.email,
            chased_on=on,
            what=((f"{item.indicator}: " if item.indicator else "") + item.what)[:500],
            via=via,
        )
        for owner in owners
        if owner.owner != NO_OWNER
        for item in owner.items
    ]
    with store.transaction() as session:
        session.add_all(records)
        session.flush()
        ids = tuple(flushed_id(r) for r in records)
    return Change("chase", ids, frozenset(r.benefit_id for r in records), structural=True)


@dataclass(frozen=True, slots=True)
class ChaseEntry:
    chased_on: date
    owner: str
    email: str | None
    what: str
    via: str
    by: str | None


def chase_history(store: Store, benefit_id: int) -> list[ChaseEntry]:
    """Every chase about one benefit, newest first."""
    with store.reading() as session:
        return [
            ChaseEntry(r.chased_on, r.person_name, r.email, r.what, r.via, r.created_by)
            for r in chases_of_benefit(session, benefit_id)
        ]


def owners_named(chase: ChaseList, names: Sequence[str]) -> list[OwnerChase]:
    """The owners of ``chase`` called ``names`` (any case), in the list's order."""
    wanted = {n.casefold() for n in names}
    return [o for o in chase.owners if o.owner.casefold() in wanted]
