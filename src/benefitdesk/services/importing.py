"""Import workbooks and CSV files into a portfolio: inspect, dry run, apply, undo.

The GUI's import dialog works in these steps, each a function here:

1. `inspect_workbook(path)` — the sheets, what each seems to hold, its header row,
   the column → field mapping detected, unknown columns and a preview;
2. the user confirms or adjusts the mapping (`ImportMapping`; `save_mapping` keeps it
   for next month, `load_mapping` reads it back);
3. `plan_import(store, path, mapping)` — a dry run: what would be added, changed,
   left unchanged and rejected, per sheet kind, with every problem at its cell;
4. `apply_import(store, plan)` — the import itself, in one transaction and one import
   batch, with progress and Cancel;
5. `undo_import(store, batch_id)` — puts back what the import replaced.

Decisions:

- **Nothing is written when anything is wrong**: one error anywhere and the transaction
  is rolled back. Warnings (unknown columns, people added, rows without a value) are
  reported and the import goes on.
- **Re-importing the same file changes nothing** and records no batch: the result says
  `up_to_date`. An import that changes nothing is not worth an entry in the batch list
  (nor an undo that would do nothing).
- **The approval gate applies to imported benefits**: a benefit imported as approved,
  tracking or realised (from draft, or new) with a definition error is an error at its
  row, as it would be in the form. Importing it as draft silently would hide from the
  PMO lead that the register claims an approval the definition does not support.
- Measurements keep the Source column when it says manual, import or sync (so an
  exported portfolio comes back the same); otherwise they are recorded as `import`.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.exchange.importing import (
    ImportMapping,
    SheetMapping,
    WorkbookInspection,
    load_mapping,
    mapping_from_inspection,
    save_mapping,
)
from benefitdesk.exchange.importing import inspect_workbook as _inspect
from benefitdesk.progress import CancelCheck, Cancelled, Progress
from benefitdesk.services.changes import Change
from benefitdesk.services.import_figures import FigureChange, Tally
from benefitdesk.services.import_run import (
    RunOutcome,
    SheetSummary,
    file_sha256,
    run_import,
)
from benefitdesk.services.import_undo import UndoResult, list_batches, undo_import
from benefitdesk.services.import_upsert import FieldChange, RowChange
from benefitdesk.store import Store

__all__ = [
    "Cancelled",
    "FieldChange",
    "FigureChange",
    "ImportMapping",
    "ImportPlan",
    "ImportReport",
    "ImportResult",
    "RowChange",
    "SheetMapping",
    "SheetSummary",
    "Tally",
    "UndoResult",
    "WorkbookInspection",
    "apply_import",
    "inspect_workbook",
    "list_batches",
    "load_mapping",
    "mapping_from_inspection",
    "plan_import",
    "save_mapping",
    "undo_import",
]


#: Problems kept in a report; the counts stay exact beyond it.
MAX_PROBLEMS = 5_000

#: Sheet kinds in the order a summary lists them, with their names for people.
ENTITY_LABELS = {
    "settings": "settings",
    "people": "people",
    "projects": "projects",
    "benefits": "benefits",
    "indicators": "indicators",
    "stakeholders": "stakeholders",
    "plan_versions": "plan versions",
    "plan": "plan points",
    "measurements": "measurements",
    "indicator_measurements": "indicator measurements",
    "variance_notes": "variance notes",
    "actions": "actions",
    "activities": "activities",
}


@dataclass
class ImportReport:
    """What an import did, or would do."""

    path: Path
    sha256: str
    mapping: ImportMapping | None
    sheets: list[SheetSummary]
    counts: dict[str, Tally]  # by sheet kind (see ENTITY_LABELS)
    problems: list[Problem]  # errors and warnings, each at its place
    error_count: int
    warning_count: int
    people_added: list[str]
    changes: list[RowChange]  # a sample of the rows added or changed
    figure_changes: list[FigureChange]  # a sample of the measurements changed
    previous_batches: list[int]  # earlier, not undone, imports of the same file
    rows_read: int
    seconds: float
    benefit_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def total(self, what: str) -> int:
        """Sum of `added`, `changed`, `unchanged` or `rejected` over every kind."""
        return sum(getattr(t, what) for t in self.counts.values())

    @property
    def changes_anything(self) -> bool:
        return bool(self.total("added") or self.total("changed"))

    def count_lines(self) -> list[str]:
        lines = []
        for kind, name in ENTITY_LABELS.items():
            t = self.counts.get(kind)
            if t is None or not (t.added or t.changed or t.unchanged or t.rejected):
                continue
            parts = [f"{t.added:,} added", f"{t.changed:,} changed", f"{t.unchanged:,} unchanged"]
            if t.rejected:
                parts.append(f"{t.rejected:,} rejected")
            lines.append(f"{name}: " + ", ".join(parts))
        return lines


@dataclass
class ImportPlan(ImportReport):
    """A dry run: nothing was written."""


@dataclass
class ImportResult(ImportReport):
    """An import: committed when `batch_id` is set."""

    batch_id: int | None = None
    up_to_date: bool = False  # nothing to change: no batch recorded
    change: Change | None = None

    @property
    def committed(self) -> bool:
        return self.batch_id is not None


def inspect_workbook(
    path: str | os.PathLike[str], mapping: ImportMapping | None = None
) -> WorkbookInspection:
    """What each sheet of `path` holds, as the import would read it (raises
    ExchangeError for a file that cannot be read)."""
    return _inspect(path, mapping)


def _report(
    cls: type[ImportReport],
    path: Path,
    mapping: ImportMapping | None,
    outcome: RunOutcome,
    started: float,
) -> ImportReport:
    problems = outcome.problems
    errors = sum(1 for p in problems if p.is_error)
    if len(problems) > MAX_PROBLEMS:  # keep the errors first: they are what must be fixed
        problems = sorted(problems, key=lambda p: not p.is_error)[:MAX_PROBLEMS]
    return cls(
        path=path,
        sha256=outcome.sha256,
        mapping=mapping,
        sheets=outcome.sheets,
        counts=dict(outcome.ledger.tallies),
        problems=problems,
        error_count=errors,
        warning_count=len(outcome.problems) - errors,
        people_added=outcome.people_added,
        changes=outcome.ledger.changes,
        figure_changes=outcome.figure_changes,
        previous_batches=outcome.previous_batches,
        rows_read=outcome.rows_read,
        seconds=time.perf_counter() - started,
        benefit_ids=frozenset(outcome.benefit_ids),
    )


def plan_import(
    store: Store,
    path: str | os.PathLike[str],
    mapping: ImportMapping | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportPlan:
    """A dry run of importing `path`: the import runs in a transaction that is rolled
    back, so the counts are exactly what `apply_import` would do now."""
    started = time.perf_counter()
    p = Path(path)
    outcome = run_import(store, p, mapping, commit=False, progress=progress, cancelled=cancelled)
    plan = _report(ImportPlan, p, mapping, outcome, started)
    assert isinstance(plan, ImportPlan)
    return plan


def apply_import(
    store: Store,
    plan_or_path: ImportPlan | str | os.PathLike[str],
    mapping: ImportMapping | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportResult:
    """Import a file (or the file of a dry run, with its mapping). Committed only when
    there is no error; `result.batch_id` is then the batch to undo it by.

    A file that changed on disk since its dry run is refused: the user confirmed what
    the dry run showed, not what the file holds now.
    """
    started = time.perf_counter()
    if isinstance(plan_or_path, ImportPlan):
        p, mapping = plan_or_path.path, plan_or_path.mapping
        if not p.exists() or file_sha256(p) != plan_or_path.sha256:
            raise ExchangeError(
                Problem(p.name, None, "the file changed since it was checked; check it again")
            )
    else:
        p = Path(plan_or_path)
    outcome = run_import(store, p, mapping, commit=True, progress=progress, cancelled=cancelled)
    result = _report(ImportResult, p, mapping, outcome, started)
    assert isinstance(result, ImportResult)
    result.batch_id = outcome.batch_id
    result.up_to_date = result.ok and not result.changes_anything
    if outcome.batch_id is not None:
        result.change = Change(
            "import",
            (outcome.batch_id,),
            frozenset(outcome.benefit_ids),
            structural=True,
        )
    return result


def import_file(
    store: Store,
    path: str | os.PathLike[str],
    *,
    mapping_path: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """The command line's import: one pass, a dry run or the real thing."""
    mapping = load_mapping(mapping_path) if mapping_path is not None else None
    if dry_run:
        return plan_import(store, path, mapping, progress)
    return apply_import(store, path, mapping, progress)
