"""What the dashboard shows, computed without Qt: attention items and value history.

The dashboard and the board pack both need the "needs attention" list and the value of
the portfolio over time; computing them here from a :class:`Report` keeps the two in
agreement and lets the rules be tested without a display.
"""

from __future__ import annotations

import calendar
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from benefitdesk.analysis.checks import Severity as FindingSeverity
from benefitdesk.analysis.checks import check_definition
from benefitdesk.analysis.money import planned_over_time, realised_over_time
from benefitdesk.analysis.portfolio import OPEN_ACTION_STATUSES
from benefitdesk.analysis.status import is_defined
from benefitdesk.analysis.types import (
    COUNTED_LIFECYCLES,
    BenefitInput,
    BenefitResult,
    RiskReason,
    Status,
)
from benefitdesk.present.attention import (
    AttentionItem,
    AttentionKind,
    Urgency,
    action_reason,
    behind_label,
    item_order,
    overdue_reason,
)
from benefitdesk.present.vocabulary import reason_phrases
from benefitdesk.services import inputs
from benefitdesk.services.report import Report
from benefitdesk.store import Store
from benefitdesk.store.snapshot import Snapshot, measurements_since


def portfolio_currency(report: Report) -> str:
    settings = report.snapshot.settings
    return (getattr(settings, "currency", None) or "GBP").upper()


# -- needs attention --------------------------------------------------------------------


def _action_status(status: Any) -> str:
    return (inputs.value_of(status) or "open").strip().lower().replace("_", " ")


def _benefit_items(
    report: Report, benefit: Any, result: BenefitResult, definitions: bool
) -> list[AttentionItem]:
    """The items one counted benefit contributes (actions apart)."""
    snap = report.snapshot
    errors = definition_errors(snap).get(benefit.id) if definitions else None
    if not (result.overdue or result.at_risk or errors):
        return []  # most benefits: nothing to make
    make = partial(
        AttentionItem,
        benefit_id=benefit.id,
        code=benefit.code,
        title=benefit.title,
        owner=snap.person_name(benefit.owner_id) or "",
    )
    items: list[AttentionItem] = []
    if result.overdue:
        frequency = inputs.value_of(benefit.frequency) or ""
        items.append(
            make(
                kind=AttentionKind.OVERDUE_MEASUREMENT,
                urgency=Urgency.MEDIUM,
                reason=overdue_reason(frequency, result.latest_date),
                when=result.next_due,
                when_label="due",
            )
        )
    phrases = reason_phrases(result, benefit.target_date, skip=(RiskReason.OVERDUE,))
    if result.at_risk and phrases:
        items.append(
            make(
                kind=AttentionKind.AT_RISK,
                urgency=Urgency.HIGH if result.status is Status.OFF_TRACK else Urgency.MEDIUM,
                reason="; ".join(phrases),
                when=result.latest_date,
                when_label="measured",
                label=behind_label(result),
            )
        )
    if errors:
        items.append(
            make(
                kind=AttentionKind.DEFINITION_ERROR,
                urgency=Urgency.HIGH,
                reason=errors,
                when=benefit.defined_on,
                when_label="defined",
            )
        )
    return items


#: The last snapshot's definition errors (``definition_errors``), held weakly.
_checked: tuple[weakref.ref[Snapshot], dict[int, str]] | None = None


def definition_errors(snap: Snapshot) -> dict[int, str]:
    """The definition errors of each approved or tracking benefit, by id, joined with
    "; ": checked once per snapshot (an edit brings a new one), not at every refresh
    of the list (7,800 definitions on the large portfolio)."""
    global _checked
    kept = _checked
    if kept is not None and kept[0]() is snap:
        return kept[1]
    errors: dict[int, str] = {}
    for benefit in snap.benefits:
        if (inputs.value_of(benefit.status) or "draft") not in ("approved", "tracking"):
            continue
        found = [
            f.message
            for f in check_definition(inputs.definition_input(snap, benefit))
            if f.severity is FindingSeverity.ERROR
        ]
        if found:
            errors[benefit.id] = "; ".join(found)
    _checked = (weakref.ref(snap), errors)
    return errors


def attention_items(report: Report, *, definitions: bool = True) -> list[AttentionItem]:
    """The "needs attention" list for ``report``, most urgent first, then oldest first.

    Only benefits that count in the portfolio totals (approved, tracking, realised,
    closed) appear, so the number of overdue measurements, benefits that need attention and
    overdue actions agrees with the totals; except that a benefit whose only
    reason is an overdue figure appears once, as an overdue measurement. Definition
    errors are listed for approved and tracking benefits: those are being measured
    against a definition that cannot work.
    """
    snap = report.snapshot
    items: list[AttentionItem] = []
    counted: dict[int, Any] = {}
    for benefit, result in zip(snap.benefits, report.benefits, strict=True):
        if result.counted:
            counted[benefit.id] = benefit
            items.extend(_benefit_items(report, benefit, result, definitions))
    for action in snap.actions:
        concerned = counted.get(action.benefit_id)
        if concerned is None or _action_status(action.status) not in OPEN_ACTION_STATUSES:
            continue
        if action.due_date is None or action.due_date >= report.as_of:
            continue
        owner = snap.person_name(action.owner_id) or snap.person_name(concerned.owner_id) or ""
        items.append(
            AttentionItem(
                AttentionKind.OVERDUE_ACTION,
                Urgency.MEDIUM,
                concerned.id,
                concerned.code,
                concerned.title,
                owner,
                action_reason(action.title, _action_status(action.status)),
                action.due_date,
                "due",
                ref=action.id,
            )
        )
    items.sort(key=item_order)
    return items


# -- value over time ------------------------------------------------------------------


def month_ends(as_of: date, count: int = 24) -> list[date]:
    """The last ``count`` month ends on or before as-of, then as-of itself.

    Ending on as-of makes the last point equal the dashboard's cards.
    """
    year, month = as_of.year, as_of.month
    ends: list[date] = []
    while len(ends) < count:
        end = date(year, month, calendar.monthrange(year, month)[1])
        if end <= as_of:
            ends.append(end)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    ends.reverse()
    if ends[-1] != as_of:
        ends.append(as_of)
    return ends


ValuePoints = list[tuple[date, float, float]]
#: Up to this many benefits, the value over time's read names them (SQLite allows
#: 32,766 parameters in a query, PostgreSQL 65,535).
MAX_NAMED_BENEFITS = 30_000
Contribution = tuple[tuple[float, ...], tuple[float, ...]]  # (planned, realised) per date


@dataclass(frozen=True)
class ValueHistory:
    """Planned-to-date and realised value at each date, kept per benefit.

    Keeping each benefit's contribution lets an edit to one benefit re-read just that
    benefit (``updated``) instead of the whole measurement history again.
    """

    as_of: date
    dates: tuple[date, ...]
    contributions: dict[int, Contribution]

    def points(self) -> ValuePoints:
        planned = [0.0] * len(self.dates)
        realised = [0.0] * len(self.dates)
        for p, r in self.contributions.values():
            for k in range(len(self.dates)):
                planned[k] += p[k]
                realised[k] += r[k]
        return list(zip(self.dates, planned, realised, strict=True))

    def updated(
        self, store: Store, report: Report, benefit_ids: set[int], check: Callable[[], None]
    ) -> ValueHistory:
        """This history with ``benefit_ids`` re-read (``report`` already holds the edit)."""
        fresh = _contributions(store, report, self.dates, benefit_ids, check)
        merged = {k: v for k, v in self.contributions.items() if k not in benefit_ids}
        merged.update(fresh)
        return ValueHistory(self.as_of, self.dates, merged)


def _contributions(
    store: Store,
    report: Report,
    dates: Sequence[date],
    benefit_ids: set[int] | None,
    check: Callable[[], None],
) -> dict[int, Contribution]:
    """Each counted benefit's planned and realised value at each date.

    Planned value comes from the plans the report evaluated, realised value from the
    measurements since the first date (and the last one before it), both by the
    contract's money rule (``analysis.money``).
    """
    measurable: dict[int, BenefitInput] = {}
    out: dict[int, Contribution] = {}
    for n, (benefit, b) in enumerate(zip(report.snapshot.benefits, report.inputs, strict=True)):
        if benefit_ids is not None and benefit.id not in benefit_ids:
            continue
        if n % 1000 == 0:
            check()
        if b.lifecycle not in COUNTED_LIFECYCLES or b.financial_value is None:
            continue
        out[benefit.id] = (tuple(planned_over_time(b, dates)), (0.0,) * len(dates))
        if is_defined(b.baseline, b.baseline_date, b.target, b.target_date):
            measurable[benefit.id] = b
    check()
    # Only the benefits whose figures count here (a quarter fewer rows on the large
    # demo), named in the query while the list stays well inside a database's limit on
    # parameters.
    wanted = set(measurable) if len(measurable) <= MAX_NAMED_BENEFITS else benefit_ids
    with store.reading() as session:
        history = measurements_since(session, dates[0], dates[-1], wanted)
    check()
    for benefit_id, b in measurable.items():
        group = history.get(benefit_id)
        if group:
            realised = realised_over_time(b, dates, group)
            out[benefit_id] = (out[benefit_id][0], tuple(realised))
    return out


def build_value_history(
    store: Store, report: Report, months: int = 24, check: Callable[[], None] = lambda: None
) -> ValueHistory:
    """Value over time at the last ``months`` month ends and as-of, for ``report``.

    Reads the measurements of the last ``months`` (a few tenths of a second on
    1,000,000 measurements): run it off the GUI thread. ``check`` is called now and
    then and may raise to cancel.
    """
    dates = tuple(month_ends(report.as_of, months))
    return ValueHistory(report.as_of, dates, _contributions(store, report, dates, None, check))
