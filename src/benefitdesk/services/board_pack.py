"""Export the board pack: the monthly workbook a PMO lead sends to the board.

The figures are the report's (``evaluate_snapshot``, the function behind
``report --json``) so the pack and the command line agree. The pack needs every
measurement, not only the last few the report reads, for its tables and charts; the
report's figures do not change because the contract only looks at the last N.

The file is written beside the target under a temporary name and renamed at the end,
so a failed or cancelled export never leaves a half-written workbook behind (and never
destroys the previous one).
"""

from __future__ import annotations

import os
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benefitdesk.analysis import (
    PlanCurve,
    Point,
    direction,
    fit_trend,
    forecast_window,
    is_defined,
    period_ends_between,
    plan_vertices,
    realisation,
    value_over_time,
)
from benefitdesk.analysis.types import BenefitInput, BenefitResult
from benefitdesk.exchange.boardpack import (
    ActionLine,
    BenefitView,
    BoardPackData,
    FindingLine,
    IndicatorLine,
    MeasurementLine,
    NoteLine,
    TrendPoint,
    step_count,
    write_board_pack,
)
from benefitdesk.progress import CancelCheck, Cancelled, Progress
from benefitdesk.services import inputs
from benefitdesk.services.checks import check_snapshot
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.report import Report, evaluate_snapshot
from benefitdesk.store import Store
from benefitdesk.store.snapshot import Snapshot, load_snapshot

OPEN_STATUSES = frozenset({"open", "in progress"})
#: The value-over-time chart looks this far back and ahead of the as-of date.
TREND_BACK_DAYS = 3 * 366
TREND_AHEAD_DAYS = 2 * 366
MAX_MONTHLY_POINTS = 60


@dataclass(frozen=True)
class BoardPackResult:
    path: Path
    as_of: date
    benefits: int
    sheets: int
    seconds: float


def _measurement_lines(b: BenefitInput, curve: PlanCurve | None) -> tuple[MeasurementLine, ...]:
    """Each actual against the plan at its date, by the contract's formulas."""
    defined = curve is not None and is_defined(b.baseline, b.baseline_date, b.target, b.target_date)
    lines = []
    for m in sorted(b.measurements, key=lambda p: p.date):
        planned = curve.at(m.date) if curve is not None else None
        variance_pct = realisation_pct = None
        if defined and planned is not None:
            assert b.baseline is not None and b.target is not None
            d = direction(b.baseline, b.target, b.dis_benefit)
            variance_pct = 100.0 * d * (m.value - planned) / abs(b.target - b.baseline)
            realisation_pct = 100.0 * realisation(m.value, b.baseline, b.target)
        lines.append(MeasurementLine(m.date, m.value, planned, variance_pct, realisation_pct))
    return tuple(lines)


def _forecast_line(
    b: BenefitInput, r: BenefitResult, as_of: date, window: int
) -> tuple[Point, ...]:
    """The fitted trend from the start of the forecast window to the target date."""
    if r.forecast_value is None or b.target_date is None or as_of >= b.target_date:
        return ()
    used = forecast_window(b.measurements, as_of, window)
    start = used[0].date
    return (Point(start, fit_trend(used).at(start)), Point(b.target_date, r.forecast_value))


def _original_plan(snapshot: Snapshot, b: Any, current: BenefitInput) -> tuple[Point, ...]:
    versions = snapshot.plans.get(b.id) or {}
    if len(versions) < 2:
        return ()
    original = inputs.points(inputs.original_plan(snapshot, b.id))
    return tuple(plan_vertices(replace(current, plan=original)))


def _status(value: Any) -> str:
    return (inputs.value_of(value) or "open").strip().lower()


def _trend(report: Report, benefit_inputs: list[BenefitInput]) -> list[TrendPoint]:
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


def board_pack_data(report: Report) -> BoardPackData:
    """Everything the workbook shows, computed once from the report's snapshot."""
    snap, as_of = report.snapshot, report.as_of
    window = report.thresholds.forecast_window
    notes_by: dict[int, list[Any]] = defaultdict(list)
    for note in snap.notes:
        if note.period <= as_of:
            notes_by[note.benefit_id].append(note)
    actions_by: dict[int, list[Any]] = defaultdict(list)
    for action in snap.actions:
        actions_by[action.benefit_id].append(action)

    views: list[BenefitView] = []
    benefit_inputs: list[BenefitInput] = []
    for b, r in zip(snap.benefits, report.benefits, strict=True):
        b_input = inputs.benefit_input(snap, b)
        benefit_inputs.append(b_input)
        vertices = plan_vertices(b_input)
        project = snap.project_of(b)
        notes = tuple(
            NoteLine(b.code, b.title, n.period, inputs.value_of(n.cause) or "other", n.explanation)
            for n in notes_by.get(b.id, [])
        )
        actions = tuple(
            ActionLine(
                b.code,
                b.title,
                a.title,
                snap.person_name(a.owner_id),
                a.due_date,
                _status(a.status),
                a.outcome,
                _status(a.status) in OPEN_STATUSES
                and a.due_date is not None
                and a.due_date < as_of,
            )
            for a in actions_by.get(b.id, [])
        )
        indicators = tuple(
            IndicatorLine(b.code, i.name, i.unit, i.baseline, i.target, i.target_date, result)
            for i, result in zip(snap.indicators.get(b.id, []), r.indicators, strict=True)
        )
        views.append(
            BenefitView(
                benefit=b,
                result=r,
                owner=snap.person_name(b.owner_id),
                project_code=project.code if project else None,
                project_name=project.name if project else None,
                realisation_start=inputs.realisation_start(b, project),
                measurements=_measurement_lines(b_input, PlanCurve(vertices) if vertices else None),
                plan=tuple(vertices),
                original_plan=_original_plan(snap, b, b_input),
                forecast_line=_forecast_line(b_input, r, as_of, window),
                notes=notes,
                actions=actions,
                indicators=indicators,
            )
        )

    findings = [
        FindingLine(f.code, f.title, f.lifecycle, str(x.severity), x.rule, x.message)
        for f in check_snapshot(snap)
        for x in f.findings
    ]
    settings = snap.settings
    return BoardPackData(
        name=settings.name if settings else "Portfolio",
        currency=(settings.currency if settings else None) or "GBP",
        as_of=as_of,
        amber_pct=report.thresholds.amber_pct,
        red_pct=report.thresholds.red_pct,
        totals=report.totals,
        benefits=views,
        trend=_trend(report, benefit_inputs),
        notes=[n for v in views if v.result.counted for n in v.notes],
        actions=[a for v in views if v.result.counted for a in v.actions],
        indicators=[i for v in views for i in v.indicators],
        findings=findings,
    )


def load_report(store: Store, as_of: date) -> Report:
    """The report with every measurement up to as-of loaded (charts need the history)."""
    with store.reading() as session:
        snapshot = load_snapshot(session, as_of=as_of)
    return evaluate_snapshot(snapshot, as_of)


def export_board_pack(
    store: Store,
    out_path: str | os.PathLike[str],
    as_of: date | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> BoardPackResult:
    """Write the board pack for ``as_of`` (default today) to ``out_path``.

    ``progress(done, total)`` is called after each step; when ``cancelled()`` returns
    true the export stops at the next step, removes its temporary file and raises
    :class:`Cancelled`. The target is replaced only by a complete workbook.
    """
    started = time.perf_counter()
    as_of = as_of or date.today()
    out = Path(out_path)
    if not out.parent.is_dir():
        raise ServiceError(f"The folder {out.parent} does not exist")

    def stop_if_cancelled() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("The board pack export was cancelled")

    stop_if_cancelled()
    data = board_pack_data(load_report(store, as_of))
    total = 1 + step_count(data)
    done = 1
    if progress is not None:
        progress(done, total)

    def tick() -> None:
        nonlocal done
        stop_if_cancelled()
        done = min(done + 1, total)
        if progress is not None:
            progress(done, total)

    # Beside the target, so the final rename stays on one file system.
    part = out.with_name(f".{out.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part")
    try:
        sheets = write_board_pack(data, part, tick)
        stop_if_cancelled()
        part.replace(out)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return BoardPackResult(
        path=out,
        as_of=as_of,
        benefits=len(data.benefits),
        sheets=sheets,
        seconds=time.perf_counter() - started,
    )
