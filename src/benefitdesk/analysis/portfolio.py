"""Portfolio totals for the dashboard and the board pack's executive summary.

Totals are built from per-benefit results so a portfolio figure always equals the sum
of the figures shown for its benefits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from operator import attrgetter

from benefitdesk.analysis.money import planned_over_time, realised_over_time
from benefitdesk.analysis.types import (
    COUNTED_LIFECYCLES,
    ActionInput,
    BenefitInput,
    BenefitResult,
    PortfolioTotals,
    ProjectInput,
    Status,
    Thresholds,
    VarianceNoteInput,
)
from benefitdesk.enums import OPEN_ACTION_STATUSES, Lifecycle, ProjectStatus

__all__ = ["OPEN_ACTION_STATUSES", "portfolio_totals", "value_over_time"]

RAG_KEYS: tuple[str, ...] = ("red", "amber", "green", "none")
GO_LIVE_KEYS: tuple[str, ...] = ("on_time", "late", "pending", "overdue")
#: Lifecycles reported apart from the totals; others not counted are added when seen.
EXCLUDED_KEYS: tuple[str, ...] = (Lifecycle.DRAFT.value, Lifecycle.CANCELLED.value)
UNEXPLAINED = "unexplained"


def _sum(values: Iterable[float | None]) -> float:
    """Sum, with a missing figure counting as zero."""
    return sum([v for v in values if v is not None], 0.0)


def _total(results: Sequence[BenefitResult], field: str) -> float:
    """The sum of one money field over ``results`` (a missing figure counts as zero)."""
    return _sum(map(attrgetter(field), results))


def _action_status(status: str) -> str:
    """Accept "in progress", "in_progress" and "In Progress" alike."""
    return status.strip().lower().replace("_", " ")


def _go_live(project: ProjectInput, as_of: date) -> str | None:
    """Which go-live bucket a project falls in; a cancelled project is in none.

    A project live without a planned date could not be late, so it counts as on time.
    """
    if project.status.strip().lower() == ProjectStatus.CANCELLED:
        return None
    planned, actual = project.planned_go_live, project.actual_go_live
    if actual is not None:
        return "late" if planned is not None and actual > planned else "on_time"
    if planned is not None and planned < as_of:
        return "overdue"
    return "pending"


def _latest_causes(notes: Sequence[VarianceNoteInput]) -> dict[str, str]:
    """Each benefit's cause from its latest note by period (later input wins a tie)."""
    latest: dict[str, VarianceNoteInput] = {}
    for note in notes:
        current = latest.get(note.benefit_code)
        if current is None or note.period >= current.period:
            latest[note.benefit_code] = note
    return {code: note.cause for code, note in latest.items()}


def portfolio_totals(
    results: Sequence[BenefitResult],
    projects: Sequence[ProjectInput],
    actions: Sequence[ActionInput],
    notes: Sequence[VarianceNoteInput],
    as_of: date,
) -> PortfolioTotals:
    """The portfolio's figures at as-of (docs/contract.md, "The portfolio").

    Money, counts, actions and variance notes cover counted benefits only (approved,
    tracking, realised, closed); draft and cancelled benefits are reported apart.
    Projects count in full. Notes dated after as-of are ignored.
    """
    counted = [r for r in results if r.counted]
    counted_codes = {r.code for r in counted}

    status_counts = dict.fromkeys((s.value for s in Status), 0)
    for status, count in Counter(map(attrgetter("status"), counted)).items():
        status_counts[status.value] = count

    open_actions = [
        a
        for a in actions
        if a.benefit_code in counted_codes and _action_status(a.status) in OPEN_ACTION_STATUSES
    ]
    overdue_actions = [a for a in open_actions if a.due_date is not None and a.due_date < as_of]

    projects_by_rag = dict.fromkeys(RAG_KEYS, 0)
    for p in projects:
        rag = (p.delivery_rag or "none").strip().lower()
        projects_by_rag[rag if rag in projects_by_rag else "none"] += 1
    go_live = dict.fromkeys(GO_LIVE_KEYS, 0)
    for p in projects:
        bucket = _go_live(p, as_of)
        if bucket is not None:
            go_live[bucket] += 1

    known_notes = [n for n in notes if n.period <= as_of and n.benefit_code in counted_codes]
    variance_by_cause = dict(Counter(n.cause for n in known_notes))
    causes = _latest_causes(known_notes)
    at_risk_value_by_cause: dict[str, float] = {}
    for r in counted:
        if r.at_risk and r.at_risk_value:
            cause = causes.get(r.code, UNEXPLAINED)
            at_risk_value_by_cause[cause] = at_risk_value_by_cause.get(cause, 0.0) + r.at_risk_value

    excluded_counts = dict.fromkeys(EXCLUDED_KEYS, 0)
    excluded_value = dict.fromkeys(EXCLUDED_KEYS, 0.0)
    for r in results:
        if not r.counted:
            key = r.lifecycle or "unknown"
            excluded_counts[key] = excluded_counts.get(key, 0) + 1
            excluded_value[key] = excluded_value.get(key, 0.0) + (r.committed_value or 0.0)

    return PortfolioTotals(
        as_of=as_of,
        investment=_sum(p.budget for p in projects),
        actual_cost=_sum(p.actual_cost for p in projects),
        committed_value=_total(counted, "committed_value"),
        planned_to_date_value=_total(counted, "planned_to_date_value"),
        realised_value=_total(counted, "realised_value"),
        at_risk_value=_total(counted, "at_risk_value"),
        at_risk_count=sum(map(attrgetter("at_risk"), counted)),
        status_counts=status_counts,
        open_actions=len(open_actions),
        overdue_actions=len(overdue_actions),
        overdue_measurements=sum(map(attrgetter("overdue"), counted)),
        benefit_count=len(counted),
        projects_by_rag=projects_by_rag,
        go_live=go_live,
        variance_by_cause=variance_by_cause,
        at_risk_value_by_cause=at_risk_value_by_cause,
        excluded_counts=excluded_counts,
        excluded_committed_value=excluded_value,
    )


def value_over_time(
    benefits: Sequence[BenefitInput],
    dates: Sequence[date],
    thresholds: Thresholds | None = None,
) -> list[tuple[date, float, float]]:
    """(date, planned-to-date value, realised value) of counted benefits at each date.

    Gives the same money figures as :func:`evaluate_benefit` at each date, but builds
    each benefit's plan and measurement index once and skips status, forecast and
    indicators, so 1,000 benefits × 24 dates stays well under a second. Planned and
    realised value do not depend on the tolerances; ``thresholds`` is accepted so
    callers can pass the portfolio settings uniformly.
    """
    planned = [0.0] * len(dates)
    realised = [0.0] * len(dates)
    for b in benefits:
        if b.lifecycle not in COUNTED_LIFECYCLES:
            continue
        for k, (p, r) in enumerate(
            zip(planned_over_time(b, dates), realised_over_time(b, dates), strict=True)
        ):
            planned[k] += p
            realised[k] += r
    return [(d, p + 0.0, r + 0.0) for d, p, r in zip(dates, planned, realised, strict=True)]
