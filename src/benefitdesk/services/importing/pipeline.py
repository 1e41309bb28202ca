"""One pass of an import: read every sheet, check every row, write — in one transaction.

The rows are written as they are read, inside a single transaction that is committed
only at the end: when the file itself is sound (see `reject`: rows fail, not files),
something changed and this is not a dry run — and, all-or-nothing, when no row was
rejected; otherwise it is rolled back. So a dry run reports exactly what the import
would do, a bad row leaves out that row only, and a process killed half-way leaves the
portfolio as it was (SQLite discards an uncommitted transaction).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benefitdesk.exchange.canonical import IMPORT_ORDER
from benefitdesk.exchange.errors import ExchangeError, Problem, column_letter
from benefitdesk.model import BatchKind
from benefitdesk.model.tables import now
from benefitdesk.progress import CancelCheck, Cancelled, Progress
from benefitdesk.services.importing import benefit_rows
from benefitdesk.services.importing import records as import_records
from benefitdesk.services.importing.batch import finish_batch, start_batch
from benefitdesk.services.importing.figures import CHUNK, FigureChange, FigureWriter
from benefitdesk.services.importing.mapping import ImportMapping
from benefitdesk.services.importing.parse import ValueNotes, parse_records
from benefitdesk.services.importing.parse_figures import (
    Figure,
    FigureStats,
    long_figures,
    wide_figures,
)
from benefitdesk.services.importing.plan import Ledger, code_key
from benefitdesk.services.importing.read import (
    Fixes,
    OpenSheet,
    file_sha256,
    open_sheets,
    sheet_sizes,
)
from benefitdesk.services.importing.rebaseline import Rebaseline, Rebaselines
from benefitdesk.services.importing.reject import RejectedSheet, read_rejects, split_errors
from benefitdesk.services.importing.sheets import DefinitionSheets
from benefitdesk.services.importing.skip import blank_rows, is_total
from benefitdesk.store import IntegrityError, Session, Store
from benefitdesk.store.queries.batches import earlier_imports_of

FIGURE_KINDS = frozenset({"measurements", "indicator_measurements"})
NO_ROWS = "the sheets recognised have no rows below their headers: there is nothing to import"
NOTHING_RECOGNISED = (
    "nothing in the file was recognised as a register, a plan or measurements (each "
    "sheet's reason is above); say what the sheets hold in a mapping file: "
    "benefitdesk import FILE --suggest-mapping OUT.toml writes one to start from"
)
#: Figures read between two progress reports (and checks for Cancel).
TICK = 5_000


class _Rollback(Exception):
    """Leave the transaction without committing it."""


@dataclass(frozen=True, slots=True)
class SheetSummary:
    name: str
    kind: str | None
    layout: str | None
    header_row: int | None
    rows: int = 0  # data rows read


@dataclass
class RunOutcome:
    sha256: str
    sheets: list[SheetSummary] = field(default_factory=list)
    ledger: Ledger = field(default_factory=lambda: Ledger(0))
    problems: list[Problem] = field(default_factory=list)
    people_added: list[str] = field(default_factory=list)
    projects_added: list[str] = field(default_factory=list)
    figure_changes: list[FigureChange] = field(default_factory=list)
    previous_batches: list[int] = field(default_factory=list)
    rows_read: int = 0
    batch_id: int | None = None  # set when committed
    benefit_ids: set[int] = field(default_factory=set)
    fatal: list[Problem] = field(default_factory=list)  # the file's own errors
    rejected_rows: int = 0
    rejects: list[RejectedSheet] = field(default_factory=list)
    rebaselines: list[Rebaseline] = field(default_factory=list)


def run_import(
    store: Store,
    path: str | os.PathLike[str],
    mapping: ImportMapping | None = None,
    *,
    commit: bool,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    all_or_nothing: bool = False,
    rebaseline: bool = False,
    fixes: Fixes | None = None,
) -> RunOutcome:
    """Import `path`; commit only when `commit`, the file is sound, something changed
    and (`all_or_nothing`) no row was rejected. `rebaseline`: write the changes to the
    baselines of approved benefits (see `rebaseline`). Raises ExchangeError when the
    file cannot be read at all."""
    p = Path(path)
    opened = open_sheets(p, mapping, fixes=fixes)
    sheets = opened.sheets
    outcome = RunOutcome(file_sha256(p))
    outcome.problems += opened.problems
    recognised = any(s.layout.kind for s in sheets)
    for sheet in sheets:
        found = sheet.layout.problems()
        if not recognised:  # nothing to import: each sheet's reason is why the import fails
            found = [dataclasses.replace(f, severity="error") for f in found]
        outcome.problems += found
    if not recognised:
        outcome.problems.append(Problem(p.name, None, NOTHING_RECOGNISED))
    sizes = sheet_sizes(p)
    total = sum(
        max(sizes.get(s.layout.sheet, 0) - (s.layout.header_row or 0), 0)
        for s in sheets
        if s.layout.kind
    )
    run = _Run(outcome, progress, cancelled, total, Rebaselines(p.name, rebaseline))
    try:
        with contextlib.suppress(_Rollback), store.transaction() as session:
            batch_id = _start_batch(session, p, outcome.sha256, store.user)
            run.write(session, batch_id, sheets)
            if recognised and not outcome.rows_read:
                outcome.problems.append(Problem(p.name, None, NO_ROWS))
            _rejects(p, outcome, fixes)
            if (
                not commit
                or outcome.fatal
                or (all_or_nothing and outcome.rejected_rows)
                or not run.changed()
            ):
                raise _Rollback
            _finish_batch(session, batch_id, outcome)
            outcome.batch_id = batch_id
    except IntegrityError as exc:
        raise ExchangeError(
            Problem(p.name, None, f"could not be written to the portfolio ({exc.orig})")
        ) from None
    return outcome


def _start_batch(session: Session, path: Path, sha256: str, user: str) -> int:
    return start_batch(
        session,
        kind=BatchKind.IMPORT,
        file_name=path.name,
        sha256=sha256,
        source=str(path.resolve()),
        user=user,
        label=path.name,
    )


def _rejects(path: Path, outcome: RunOutcome, fixes: Fixes | None) -> None:
    """Split the errors into rejected rows and the file's own; read the rejected rows."""
    header_rows = {s.name: s.header_row for s in outcome.sheets if s.kind and s.header_row}
    rows, outcome.fatal = split_errors(outcome.problems, header_rows)
    outcome.rejected_rows = len(rows)
    if rows and not outcome.fatal:
        outcome.rejects = read_rejects(path, rows, header_rows, fixes=fixes)


def _finish_batch(session: Session, batch_id: int, outcome: RunOutcome) -> None:
    tallies = outcome.ledger.tallies.values()
    finish_batch(
        session,
        batch_id,
        read=outcome.rows_read,
        added=sum(t.added for t in tallies),
        changed=sum(t.changed for t in tallies),
        unchanged=sum(t.unchanged for t in tallies),
        skipped=sum(t.skipped for t in tallies),
        rejected=outcome.rejected_rows,
        rejects=[(r, sheet.header) for sheet in outcome.rejects for r in sheet.rows],
    )


def _figure_notes(sheet: str, stats: FigureStats) -> list[Problem]:
    """Warnings for what a figures sheet held besides figures."""
    found = []
    if stats.empty:
        rows = "row has" if stats.empty == 1 else "rows have"
        message = f"{stats.empty:,} {rows} no value and were skipped"
        found.append(Problem(sheet, None, message, "warning"))
    if stats.skipped:
        rows = "row was" if stats.skipped == 1 else "rows were"
        found.append(Problem(sheet, None, f"{stats.skipped:,} total {rows} skipped", "warning"))
    if stats.foreign_sources:
        message = (
            f"{stats.foreign_sources:,} Source values other than manual, import or sync were "
            "read as import"
        )
        found.append(Problem(sheet, None, message, "warning"))
    return found


class _Run:
    """The sheets of one file, written in dependency order."""

    def __init__(
        self,
        outcome: RunOutcome,
        progress: Progress | None,
        cancelled: CancelCheck | None,
        total: int,
        rebaselines: Rebaselines,
    ) -> None:
        self.outcome = outcome
        self.rebaselines = rebaselines
        self.progress = progress
        self.cancelled = cancelled
        self.total = total
        self.done = 0

    def changed(self) -> bool:
        return any(t.added or t.changed for t in self.outcome.ledger.tallies.values())

    def tick(self, rows: int) -> None:
        self.done += rows
        if self.cancelled is not None and self.cancelled():
            raise Cancelled("The import was cancelled; nothing was written.")
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))

    def write(self, session: Session, batch_id: int, sheets: list[OpenSheet]) -> None:
        outcome = self.outcome
        ledger = outcome.ledger = Ledger(batch_id)
        defs = DefinitionSheets(session, ledger, outcome.problems, self.rebaselines)
        outcome.rebaselines = self.rebaselines.found
        moment = now()

        def new_writer(indicators: bool) -> FigureWriter:
            return FigureWriter(
                session,
                indicators=indicators,
                batch_id=batch_id,
                user=session.info.get("user") or "",
                moment=moment,
                codes=defs.indicator_codes if indicators else defs.benefit_codes,
                tally=ledger.tally("indicator_measurements" if indicators else "measurements"),
                problems=outcome.problems,
                samples=outcome.figure_changes,
            )

        writers = {False: new_writer(False), True: new_writer(True)}
        summaries: dict[str, SheetSummary] = {}
        for kind in IMPORT_ORDER:
            for sheet in sheets:
                layout = sheet.layout
                if layout.kind != kind or (layout.columns is not None and not layout.columns.ok):
                    continue
                self.tick(0)
                if kind in FIGURE_KINDS:
                    rows = self._figures(sheet, defs, writers)
                else:
                    rows = self._records(sheet, defs)
                sheet.rows = iter(())  # let the sheet's cells go
                summaries[layout.sheet] = SheetSummary(
                    layout.sheet, kind, layout.layout, layout.header_row, rows
                )
                outcome.rows_read += rows
        for writer in writers.values():
            writer.flush()
        if self.progress is not None:
            self.progress(self.done, self.done)  # the file may hold fewer rows than it said
        self._finish(session, batch_id, sheets, summaries, defs, writers)

    def _records(self, sheet: OpenSheet, defs: DefinitionSheets) -> int:
        """Parse a sheet of records, then validate, plan and write them by kind."""
        layout = sheet.layout
        kind = str(layout.kind)
        notes = ValueNotes(layout.sheet)
        records = parse_records(
            kind,
            sheet.rows,
            layout.fields,
            self.outcome.problems,
            raw=frozenset({"value"}) if kind == "settings" else frozenset(),
            options=layout.options,
            notes=notes,
            tally=self.outcome.ledger.tally(kind),
            header_row=layout.header_row or 0,
            ledger=self.outcome.ledger,
        )
        handlers: dict[str, Callable[[list[Any]], None]] = {
            "settings": defs.settings,
            "people": defs.people_sheet,
            "projects": defs.projects,
            "benefits": lambda r: benefit_rows.benefits(
                defs, r, layout.plan_cols, layout.options, notes
            ),
            "indicators": defs.indicators,
            "stakeholders": lambda r: import_records.stakeholders(defs, r),
            "plan": lambda r: import_records.plan(defs, r),
            "variance_notes": lambda r: import_records.variance_notes(defs, r),
            "actions": lambda r: import_records.actions(defs, r),
            "activities": lambda r: import_records.activities(defs, r),
        }
        handlers[kind](records)
        self.outcome.problems += notes.problems()
        self.tick(len(records))
        return len(records)

    def _finish(
        self,
        session: Session,
        batch_id: int,
        sheets: list[OpenSheet],
        summaries: dict[str, SheetSummary],
        defs: DefinitionSheets,
        writers: dict[bool, FigureWriter],
    ) -> None:
        """What the run did, for the report: sheets, people and projects added, the
        benefits touched, earlier imports of the same file."""
        outcome = self.outcome
        outcome.sheets = [
            summaries.get(s.layout.sheet)
            or SheetSummary(s.layout.sheet, s.layout.kind, s.layout.layout, s.layout.header_row)
            for s in sheets
        ]
        outcome.people_added = defs.people.added
        outcome.projects_added = defs.projects_added
        outcome.benefit_ids = (
            defs.touched_benefits
            | writers[False].touched
            | {defs.indicator_benefit[i] for i in writers[True].touched}
        )
        outcome.previous_batches = earlier_imports_of(session, outcome.sha256, batch_id)

    def _figures(
        self, sheet: OpenSheet, defs: DefinitionSheets, writers: dict[bool, FigureWriter]
    ) -> int:
        layout = sheet.layout
        kind = str(layout.kind)
        header = layout.header
        assert header is not None
        options = layout.options
        stats = FigureStats(
            blank=options.blank,
            decimal=options.decimal,
            fy_start=options.fiscal_year_start,
            problems=self.outcome.problems,
        )
        figures: Iterator[Figure]
        if layout.columns is not None:
            fields = layout.columns.fields
            code_col = fields["benefit" if kind == "measurements" else "indicator"]
            notes, sources = "note" in fields, "source" in fields
            figures = long_figures(sheet.rows, kind, fields, stats)
        else:
            assert layout.wide is not None
            code_col, notes, sources = layout.wide.layout.key_col, False, False
            figures = wide_figures(sheet.rows, kind, layout.wide.layout, stats)
        first = header.first_column - 1

        def locate(row: int, col: int) -> str:
            return f"{column_letter(first + col)}{row}"

        for writer in writers.values():
            writer.start_sheet(layout.sheet, notes=notes, sources=sources, locate=locate)
        tally = self.outcome.ledger.tally(kind)
        # code → (the writer's pending list, owner id), or None for an unknown code
        targets: dict[str, tuple[list[Any], int] | None] = {}
        problems = self.outcome.problems
        chunk = CHUNK
        reported = header.number  # progress counts sheet rows, as the file's size does
        count = 0
        unknown_row = 0
        for figure in figures:
            code = figure[0]
            target = targets.get(code)
            if target is None and code not in targets:
                target = targets[code] = self._target(code, kind, defs, writers)
            if target is None:
                if is_total(code):  # a total row: skipped, once per row
                    stats.skipped += figure[5] != unknown_row
                elif figure[5] != unknown_row:  # a wide row: once, not once per period
                    message = self._unknown(code, kind, defs)
                    problems.append(Problem(layout.sheet, locate(figure[5], code_col), message))
                    tally.rejected += 1
                unknown_row = figure[5]
                continue
            pending = target[0]
            pending.append((target[1], figure))
            if len(pending) >= chunk:
                writers[pending is writers[True].pending].flush()
            count += 1
            if count >= TICK:
                count = 0
                self.tick(figure[5] - reported)
                reported = figure[5]
        self.tick(max(header.number + stats.rows - reported, 0))
        tally.rejected += stats.failed
        tally.skipped += (
            stats.empty + stats.skipped + blank_rows(header.number, stats.last_row, stats.rows)
        )
        problems += _figure_notes(layout.sheet, stats)
        return stats.rows

    @staticmethod
    def _target(
        code: str, kind: str, defs: DefinitionSheets, writers: dict[bool, FigureWriter]
    ) -> tuple[list[Any], int] | None:
        key = code_key(code)
        if kind == "measurements":
            found = defs.benefit_ids.get(key)
            if found is not None:
                return writers[False].pending, found
        found = defs.indicator_ids.get(key)
        return (writers[True].pending, found) if found is not None else None

    @staticmethod
    def _unknown(code: str, kind: str, defs: DefinitionSheets) -> str:
        key = code_key(code)
        if key in defs.rejected["benefits"] or key in defs.rejected["indicators"]:
            return f'"{code}" is not imported: its row on Benefits or Indicators has problems'
        what = "benefit or indicator" if kind == "measurements" else "indicator"
        return f'unknown {what} "{code}"'
