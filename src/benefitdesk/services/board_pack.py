"""Export the board pack: the monthly workbook a PMO lead sends to the board.

The figures are the report's (``evaluate_snapshot``, the function behind
``report --json``) over the benefits in scope, so the pack and the command line agree.
Movement since the previous pack is the same report recomputed at the previous pack's
date from today's data (a pure function of the data at a date): the movement equals
the difference of ``report --as-of NOW`` and ``report --as-of SINCE``, and a figure
corrected after the last pack shows as corrected, not as a change. See
``docs/board-pack.md``.

The file is written beside the target under a temporary name and renamed at the end,
so a failed or cancelled export never leaves a half-written workbook behind (and never
destroys the previous one).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from benefitdesk.atomic import atomic_path
from benefitdesk.exchange.boardpack import (
    CHART_LIMIT,
    Appendix,
    BoardPackData,
    FindingLine,
    sheet_count,
    step_count,
    write_board_pack,
)
from benefitdesk.present.formats import day
from benefitdesk.progress import CancelCheck, Cancelled, Progress, stop_if_cancelled
from benefitdesk.services import inputs
from benefitdesk.services.board_figures import (
    TREND_BACK_DAYS,
    ViewBuilder,
    closures,
    exception_order,
    month_before,
    movement,
    overdue_actions,
    rebaselines,
    value_trend,
)
from benefitdesk.services.board_limits import APPENDIX_LIMIT, PAPERS, SHEET_WARNING
from benefitdesk.services.board_scope import (
    PackScope,
    benefit_ids_in_scope,
    drafts_left_out,
    resolve_scope,
    scope_snapshot,
)
from benefitdesk.services.checks import check_snapshot
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.report import Report, evaluate_snapshot
from benefitdesk.store import Store
from benefitdesk.store.snapshot import Snapshot, load_snapshot, measurement_history

__all__ = [
    "APPENDIX_LIMIT",
    "SHEET_WARNING",
    "BoardPackOptions",
    "BoardPackResult",
    "Cancelled",
    "PackScope",
    "TooManySheets",
    "export_board_pack",
]


@dataclass(frozen=True)
class BoardPackOptions:
    as_of: date | None = None  # default: today
    since: date | None = None  # the previous pack's date; default: a month before as-of
    scope: PackScope = field(default_factory=PackScope)
    appendix: bool | None = None  # None: on for up to APPENDIX_LIMIT benefits
    paper: str = "a4"

    def dates(self) -> tuple[date, date]:
        """(as-of, since), with their defaults, checked."""
        as_of = self.as_of or date.today()
        since = self.since or month_before(as_of)
        if since >= as_of:
            raise ServiceError(
                f"The previous pack's date ({day(since)}) must be before the pack's as-of "
                f"date ({day(as_of)})"
            )
        return as_of, since

    def with_appendix(self, benefits: int) -> bool:
        return benefits <= APPENDIX_LIMIT if self.appendix is None else self.appendix


@dataclass(frozen=True)
class BoardPackResult:
    path: Path
    as_of: date
    since: date
    benefits: int  # in scope
    exceptions: int
    sheets: int
    appendix: bool
    seconds: float


class TooManySheets(ServiceError):
    """The pack would have more sheets than a reader can use; ask before writing it."""

    def __init__(self, sheets: int, benefits: int) -> None:
        super().__init__(
            f"The pack would have {sheets:,} sheets (an appendix sheet for each of "
            f"{benefits:,} benefits)"
        )
        self.sheets, self.benefits = sheets, benefits


def planned_sheets(snapshot: Snapshot, options: BoardPackOptions) -> int:
    """How many sheets the pack of ``snapshot`` would have (for a warning beforehand)."""
    scope = resolve_scope(snapshot, options.scope)
    benefits = len(benefit_ids_in_scope(snapshot, scope))
    return sheet_count(benefits if options.with_appendix(benefits) else None)


def _detailed(report: Report, options: BoardPackOptions) -> set[int]:
    """Ids of the benefits shown with their whole history: the appendix's, or the
    exceptions that carry a chart."""
    pairs = zip(report.snapshot.benefits, report.benefits, strict=True)
    if options.with_appendix(len(report.benefits)):
        return {b.id for b, _ in pairs}
    flagged = sorted(((b, r) for b, r in pairs if r.at_risk), key=lambda p: exception_order(p[1]))
    return {b.id for b, _ in flagged[:CHART_LIMIT]}


def board_pack_data(
    now: Report, previous: Report | None, options: BoardPackOptions, drafts_left_out: int = 0
) -> BoardPackData:
    """Everything the workbook shows, from the report of the benefits in scope."""
    snap, as_of = now.snapshot, now.as_of
    # Each benefit's inputs, kept by the report (with the whole history where shown).
    benefit_inputs = {b.id: i for b, i in zip(snap.benefits, now.inputs, strict=True)}
    builder = ViewBuilder(now, benefit_inputs)
    pairs = list(zip(snap.benefits, now.benefits, strict=True))
    detailed = _detailed(now, options)
    flagged = sorted(((b, r) for b, r in pairs if r.at_risk), key=lambda p: exception_order(p[1]))
    exceptions = [builder.view(b, r, history=b.id in detailed) for b, r in flagged]
    appendix = None
    if options.with_appendix(len(pairs)):
        findings = [
            FindingLine(f.code, f.title, f.lifecycle, str(x.severity), x.rule, x.message)
            for f in check_snapshot(snap)
            for x in f.findings
        ]
        appendix = Appendix([builder.view(b, r) for b, r in pairs], findings)
    settings = snap.settings
    return BoardPackData(
        name=(settings.name if settings else None) or "Portfolio",
        currency=(settings.currency if settings else None) or "GBP",
        as_of=as_of,
        amber_pct=now.thresholds.amber_pct,
        red_pct=now.thresholds.red_pct,
        totals=now.totals,
        scope=options.scope.describe(),
        movement=movement(now, previous) if previous is not None else None,
        exceptions=exceptions,
        overdue_actions=overdue_actions(builder),
        rebaselines=rebaselines(now, benefit_inputs, previous.as_of) if previous else [],
        closures=closures(now),
        trend=value_trend(now, list(benefit_inputs.values())),
        appendix=appendix,
        paper=options.paper if options.paper in PAPERS else "a4",
        excluded={"draft": drafts_left_out} if drafts_left_out else {},
    )


@dataclass(frozen=True)
class PackReports:
    """The report at as-of and at the previous pack's date, over the benefits in scope."""

    now: Report  # its snapshot and inputs hold the whole history of the benefits shown in detail
    previous: Report
    options: BoardPackOptions  # dates filled in, names spelled as in the portfolio
    drafts_left_out: int


def load_reports(store: Store, options: BoardPackOptions) -> PackReports:
    """Both reports, reading only the measurements they and the value chart need.

    The reports need the last N measurements up to their dates and the value chart
    the months it shows, not years of history: everything after the earlier of the
    previous pack's date and the chart's start is read, with the last N before it
    (for the 10,000-benefit portfolio a third of its million measurements). The
    benefits shown in detail (the appendix, or the charted exceptions) then get their
    whole history. Each report looks only at what was measured by its own date.
    """
    as_of, since = options.dates()
    start = min(since, as_of - timedelta(days=TREND_BACK_DAYS))
    window = store.settings().forecast_window
    with store.reading() as session:
        full = load_snapshot(session, as_of=as_of, recent=max(window, 1), since=start)
    scope = resolve_scope(full, options.scope)
    scoped = scope_snapshot(full, scope)
    resolved = replace(options, as_of=as_of, since=since, scope=scope)
    benefit_inputs = [inputs.benefit_input(scoped, b) for b in scoped.benefits]
    now = evaluate_snapshot(scoped, as_of, benefit_inputs)
    detailed = _detailed(now, resolved)
    if detailed:
        with store.reading() as session:
            history = measurement_history(session, detailed, as_of)
        shown = replace(scoped, measurements={**scoped.measurements, **history})
        shown_inputs = [
            inputs.benefit_input(shown, b) if b.id in detailed else kept
            for b, kept in zip(shown.benefits, now.inputs, strict=True)
        ]
        now = replace(now, snapshot=shown, inputs=shown_inputs)
    previous = evaluate_snapshot(scoped, since, benefit_inputs)
    return PackReports(now, previous, resolved, drafts_left_out(full, scope))


def export_board_pack(
    store: Store,
    out_path: str | os.PathLike[str],
    options: BoardPackOptions | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    max_sheets: int | None = SHEET_WARNING,
) -> BoardPackResult:
    """Write the board pack to ``out_path``.

    ``progress(done, total)`` is called after each sheet; when ``cancelled()`` returns
    true the export stops at the next sheet and raises :class:`Cancelled`, leaving no
    file behind. A pack of more than ``max_sheets`` sheets raises
    :class:`TooManySheets` before anything is written (``None``: no limit).
    """
    started = time.perf_counter()
    options = options or BoardPackOptions()
    out = Path(out_path)
    if not out.parent.is_dir():
        raise ServiceError(f"The folder {out.parent} does not exist")
    what = "The board pack export"
    stop_if_cancelled(cancelled, what)
    reports = load_reports(store, options)
    now, previous = reports.now, reports.previous
    benefits = len(now.benefits)
    sheets = sheet_count(benefits if options.with_appendix(benefits) else None)
    if max_sheets is not None and sheets > max_sheets:
        raise TooManySheets(sheets, benefits)
    stop_if_cancelled(cancelled, what)
    data = board_pack_data(now, previous, reports.options, reports.drafts_left_out)
    total = 1 + step_count(data)
    done = 1
    if progress is not None:
        progress(done, total)

    def tick() -> None:
        nonlocal done
        stop_if_cancelled(cancelled, what)
        done = min(done + 1, total)
        if progress is not None:
            progress(done, total)

    try:
        with atomic_path(out) as part:
            written = write_board_pack(data, part, tick)
            stop_if_cancelled(cancelled, what)
    except OSError as exc:  # named after the file the user chose, not the temporary one
        raise OSError(exc.errno, exc.strerror or str(exc), str(out)) from exc
    return BoardPackResult(
        path=out,
        as_of=now.as_of,
        since=previous.as_of,
        benefits=benefits,
        exceptions=len(data.exceptions),
        sheets=written,
        appendix=data.appendix is not None,
        seconds=time.perf_counter() - started,
    )
