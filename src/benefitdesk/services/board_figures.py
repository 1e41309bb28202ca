"""The board pack's figures beyond the report: exceptions, pace, decisions, movement.

Everything here is derived from the report (``evaluate_snapshot``, the function behind
``report --json``) and the snapshot it was computed from, with the contract's own
formulas from ``analysis/``; nothing is recomputed a second way. The rules that are
the pack's own (the order of exceptions, what counts as a re-baseline since the last
pack, which benefits are proposed for closure) are documented in
``docs/board-pack.md``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from benefitdesk.analysis import (
    PlanCurve,
    Point,
    direction,
    fit_trend,
    forecast_window,
    period_ends_between,
    plan_vertices,
    value_over_time,
)
from benefitdesk.analysis.forecast import MIN_FORECAST_POINTS
from benefitdesk.analysis.lines import MeasurementLine, measurement_lines
from benefitdesk.analysis.types import BenefitInput, BenefitResult, Status
from benefitdesk.exchange.boardpack import (
    ActionLine,
    BenefitView,
    ClosureProposal,
    IndicatorLine,
    Movement,
    NoteLine,
    Pace,
    Rebaseline,
    TrendPoint,
)
from benefitdesk.services import inputs
from benefitdesk.services.report import Report
from benefitdesk.store.snapshot import Snapshot

OPEN_STATUSES = frozenset({"open", "in progress"})
#: The value-over-time chart looks this far back and ahead of the as-of date.
TREND_BACK_DAYS = 3 * 366
TREND_AHEAD_DAYS = 2 * 366
MAX_MONTHLY_POINTS = 60
DAYS_PER_MONTH = 365.25 / 12
#: Lifecycles whose benefits may be proposed for closure, by rule.
OPEN_LIFECYCLES = frozenset({"approved", "tracking"})
TRACKED_LIFECYCLES = frozenset({"approved", "tracking", "realised"})


def _measurement_lines(b: BenefitInput, last: int | None = None) -> tuple[MeasurementLine, ...]:
    """Each actual (or the ``last`` few), oldest first, against the plan at its date."""
    ordered = sorted(b.measurements, key=lambda p: p.date)
    return tuple(measurement_lines(b, ordered[-last:] if last else ordered))


def _forecast_line(
    b: BenefitInput, r: BenefitResult, as_of: date, window: int
) -> tuple[Point, ...]:
    """The fitted trend from the start of the forecast window to the target date."""
    if r.forecast_value is None or b.target_date is None or as_of >= b.target_date:
        return ()
    used = forecast_window(b.measurements, as_of, window)
    start = used[0].date
    return (Point(start, fit_trend(used).at(start)), Point(b.target_date, r.forecast_value))


def pace(b: BenefitInput, curve: PlanCurve | None, as_of: date, window: int) -> Pace:
    """The forecast line's slope and the plan's over the same dates, a month, favourable
    direction positive (so a falling cost that should fall shows as improving)."""
    used = forecast_window(b.measurements, as_of, window)
    if len(used) < MIN_FORECAST_POINTS or b.baseline is None or b.target is None:
        return Pace(None, None, len(used))
    if b.baseline == b.target:
        return Pace(None, None, len(used))
    d = direction(b.baseline, b.target, b.dis_benefit)
    actual = d * fit_trend(used).slope * DAYS_PER_MONTH
    planned = None
    days = (used[-1].date - used[0].date).days
    if curve is not None and days > 0:
        planned = d * (curve.at(used[-1].date) - curve.at(used[0].date)) / days * DAYS_PER_MONTH
    return Pace(actual + 0.0, None if planned is None else planned + 0.0, len(used))


def _original_plan(snapshot: Snapshot, b: Any, current: BenefitInput) -> tuple[Point, ...]:
    versions = snapshot.plans.get(b.id) or {}
    if len(versions) < 2:
        return ()
    original = inputs.points(inputs.original_plan(snapshot, b.id))
    return tuple(plan_vertices(current._replace(plan=original)))


def _status(value: Any) -> str:
    return (inputs.value_of(value) or "open").strip().lower()


class ViewBuilder:
    """Builds :class:`BenefitView` objects for the benefits a pack shows in detail."""

    def __init__(self, report: Report, benefit_inputs: dict[int, BenefitInput]) -> None:
        self.report, self.inputs = report, benefit_inputs
        snap = report.snapshot
        self.notes: dict[int, list[Any]] = defaultdict(list)
        for note in snap.notes:
            if note.period <= report.as_of:
                self.notes[note.benefit_id].append(note)
        self.actions: dict[int, list[Any]] = defaultdict(list)
        for action in snap.actions:
            self.actions[action.benefit_id].append(action)

    def action_line(self, b: Any, action: Any) -> ActionLine:
        status = _status(action.status)
        due = action.due_date
        overdue = status in OPEN_STATUSES and due is not None and due < self.report.as_of
        owner = self.report.snapshot.person_name(action.owner_id)
        return ActionLine(
            b.code, b.title, action.title, owner, due, status, action.outcome, overdue
        )

    def view(self, b: Any, r: BenefitResult, history: bool = True) -> BenefitView:
        """The benefit's view; without ``history`` its measurement table holds only the
        latest figure (an exception block without a chart needs no more)."""
        snap, as_of = self.report.snapshot, self.report.as_of
        window = self.report.thresholds.forecast_window
        b_input = self.inputs[b.id]
        vertices = plan_vertices(b_input)
        curve = PlanCurve(vertices) if vertices else None
        project = snap.project_of(b)
        notes = tuple(
            NoteLine(b.code, b.title, n.period, inputs.value_of(n.cause) or "other", n.explanation)
            for n in self.notes.get(b.id, [])
        )
        indicators = tuple(
            IndicatorLine(b.code, i.name, i.unit, i.baseline, i.target, i.target_date, result)
            for i, result in zip(snap.indicators.get(b.id, []), r.indicators, strict=True)
        )
        return BenefitView(
            benefit=b,
            result=r,
            owner=snap.person_name(b.owner_id),
            project_code=project.code if project else None,
            project_name=project.name if project else None,
            realisation_start=inputs.realisation_start(b, project),
            measurements=_measurement_lines(b_input, None if history else 1),
            plan=tuple(vertices),
            original_plan=_original_plan(snap, b, b_input),
            forecast_line=_forecast_line(b_input, r, as_of, window),
            notes=notes,
            actions=tuple(self.action_line(b, a) for a in self.actions.get(b.id, [])),
            indicators=indicators,
            pace=pace(b_input, curve, as_of, window),
        )


def exception_order(r: BenefitResult) -> tuple[float, float, str]:
    """Most value at risk first; then the furthest behind plan; then by code."""
    behind = r.variance_pct if r.variance_pct is not None else 0.0
    return (-(r.at_risk_value or 0.0), behind, r.code)


def overdue_actions(builder: ViewBuilder) -> list[ActionLine]:
    """Open actions on counted benefits due before as-of: the ones ``overdue_actions``
    of the report counts, most overdue first."""
    report = builder.report
    lines = [
        builder.action_line(b, a)
        for b, r in zip(report.snapshot.benefits, report.benefits, strict=True)
        if r.counted
        for a in builder.actions.get(b.id, [])
    ]
    late = [a for a in lines if a.overdue]
    return sorted(late, key=lambda a: (a.due_date or date.max, a.benefit_code))


def rebaselines(
    report: Report, benefit_inputs: dict[int, BenefitInput], since: date
) -> list[Rebaseline]:
    """Plan versions after the first, saved after ``since`` and on or before as-of."""
    snap, found = report.snapshot, []
    for b in snap.benefits:
        versions = snap.plans.get(b.id) or {}
        if len(versions) < 2:
            continue
        current = benefit_inputs[b.id]
        now = plan_vertices(current)
        first = plan_vertices(current._replace(plan=inputs.points(versions[min(versions)])))
        for version in sorted(versions)[1:]:
            saved = snap.plan_created.get((b.id, version))
            day = _local_day(saved)
            if day is None or not since < day <= report.as_of:
                continue
            found.append(
                Rebaseline(
                    b.code,
                    b.title,
                    day,
                    version,
                    snap.plan_reasons.get((b.id, version)),
                    first[-1] if first else None,
                    now[-1] if now else None,
                )
            )
    return sorted(found, key=lambda r: (r.decided_on, r.benefit_code))


def _local_day(moment: datetime | None) -> date | None:
    """The day a timestamp fell on where the pack is made (stored times are UTC)."""
    if moment is None:
        return None
    return (moment.astimezone() if moment.tzinfo else moment).date()


def closures(report: Report) -> list[ClosureProposal]:
    """Benefits whose tracking can end: the tracking end has passed, or the target has
    been reached while the benefit is still approved or tracking."""
    snap, as_of, proposals = report.snapshot, report.as_of, []
    for b, r in zip(snap.benefits, report.benefits, strict=True):
        ended = b.tracking_end is not None and b.tracking_end <= as_of
        if r.lifecycle in TRACKED_LIFECYCLES and ended:
            reason, on = "tracking_ended", b.tracking_end
        elif r.lifecycle in OPEN_LIFECYCLES and r.status is Status.REALISED:
            reason, on = "target_reached", r.latest_date
        else:
            continue
        owner = snap.person_name(b.owner_id)
        proposals.append(
            ClosureProposal(b.code, b.title, owner, r.lifecycle, reason, on, r.realised_value)
        )
    return proposals


def movement(now: Report, previous: Report) -> Movement:
    """The previous pack's totals and the exceptions that came and went since."""
    flagged_now = {r.code for r in now.benefits if r.at_risk}
    flagged_then = {r.code for r in previous.benefits if r.at_risk}
    return Movement(
        since=previous.as_of,
        previous=previous.totals,
        new_exceptions=tuple(sorted(flagged_now - flagged_then)),
        resolved_exceptions=tuple(sorted(flagged_then - flagged_now)),
    )


def value_trend(report: Report, benefit_inputs: list[BenefitInput]) -> list[TrendPoint]:
    """Month ends around the as-of date (quarter ends when that makes too many points)."""
    as_of = report.as_of
    valued = [
        b
        for b, r in zip(benefit_inputs, report.benefits, strict=True)
        if r.counted and b.financial_value is not None and b.baseline_date and b.target_date
    ]
    if not valued:
        return []
    first = max(
        min(b.baseline_date for b in valued if b.baseline_date), as_of - timedelta(TREND_BACK_DAYS)
    )
    last = min(
        max(b.target_date for b in valued if b.target_date), as_of + timedelta(TREND_AHEAD_DAYS)
    )
    first, last = min(first, as_of), max(last, as_of)
    dates = period_ends_between(first, last, "monthly")
    if len(dates) > MAX_MONTHLY_POINTS:
        dates = period_ends_between(first, last, "quarterly")
    dates = sorted({*dates, as_of})
    values = value_over_time(benefit_inputs, dates, report.thresholds)
    return [TrendPoint(d, p, r if d <= as_of else None) for d, p, r in values]


def month_before(day: date) -> date:
    """The same day a month earlier (the last day of that month when it is shorter, or
    when ``day`` is the last of its own month): the default date of the previous pack."""
    first = day.replace(day=1)
    previous_last = first - timedelta(days=1)
    if (day + timedelta(days=1)).month != day.month:
        return previous_last
    return previous_last.replace(day=min(day.day, previous_last.day))
