"""Import workbooks and CSV files into a portfolio: one pipeline, read top to bottom.

`pipeline.run_import` calls the steps in this order, each a module of this package:

1. `read`     — the file checked and opened, its text encoding found, every sheet's rows;
2. `detect`   — what each sheet holds (its kind, header row, layout), or why it is skipped;
3. `mapping`  — the user's mapping file (sheet, header row, columns, value options);
4. `parse`, `parse_figures` — each cell read into a typed value, every problem at its
   cell; `skip` — blank, total and placeholder rows counted, not rejected;
5. `sheets`, `records` — each sheet kind validated (references, duplicates, the rules
   the forms apply, the approval gate);
6. `plan`     — each row matched to what the portfolio holds: new, changed (old → new),
   unchanged or rejected; `rebaseline` — an approved benefit's baseline, target or
   financial value changed only when confirmed, as a new plan version;
7. `write`, `figures` — the plan carried out, every change audited;
8. `reject`   — the rows left out, with their reasons (the file's own errors stop it);
9. `batch`    — the import batch recorded with its counts by fate and rejected rows;
   `undo` puts back what a batch replaced.

The functions below are what the command line, the import dialog and sync call:
`inspect_workbook` (what the dialog shows), `plan_import` (a dry run), `apply_import`
(the import, in one transaction and one batch, with progress and Cancel),
`import_file` (the command line's one pass) and `undo_import`.

Decisions (more in docs/import.md):

- **Rows, not files, fail**: a row with an error is left out (listed, and written to a
  rejects workbook on request) and every valid row imports; an error of the file itself
  (a mapping naming what it lacks, nothing recognised) writes nothing, and so does any
  error in all-or-nothing mode. Warnings (unknown columns, people added, rows without a
  value) are reported and the import goes on.
- **Re-importing the same file changes nothing** and records no batch: the result says
  `up_to_date`.
- **The approval gate applies to imported benefits**: a benefit imported as approved,
  tracking or realised (from draft, or new) with a definition error is an error at its
  row, as it would be in the form.
- Measurements keep the Source column when it says manual, import or sync (so an
  exported portfolio comes back the same); otherwise they are recorded as `import`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.exchange.rejects_workbook import RejectsSheet, write_rejects
from benefitdesk.progress import CancelCheck, Cancelled, Progress
from benefitdesk.services.changes import Change
from benefitdesk.services.importing.batch import finish_batch, start_batch
from benefitdesk.services.importing.figures import CHUNK, FigureChange, FigureWriter
from benefitdesk.services.importing.inspect import WorkbookInspection, mapping_from_inspection
from benefitdesk.services.importing.inspect import inspect_workbook as _inspect
from benefitdesk.services.importing.mapping import (
    ImportMapping,
    SheetMapping,
    load_mapping,
    save_mapping,
)
from benefitdesk.services.importing.pipeline import SheetSummary, run_import
from benefitdesk.services.importing.plan import FieldChange, RowChange, Tally, code_key
from benefitdesk.services.importing.read import Fixes, file_sha256
from benefitdesk.services.importing.rebaseline import Rebaseline
from benefitdesk.services.importing.reject import RejectedRow, RejectedSheet
from benefitdesk.services.importing.report import (
    ENTITY_LABELS,
    ImportPlan,
    ImportReport,
    ImportResult,
    make_report,
)
from benefitdesk.services.importing.undo import UndoResult, list_batches, undo_import
from benefitdesk.store import Store

__all__ = [
    "CHUNK",
    "ENTITY_LABELS",
    "Cancelled",
    "FieldChange",
    "FigureChange",
    "FigureWriter",
    "Fixes",
    "ImportMapping",
    "ImportPlan",
    "ImportReport",
    "ImportResult",
    "Rebaseline",
    "RejectedRow",
    "RejectedSheet",
    "RowChange",
    "SheetMapping",
    "SheetSummary",
    "Tally",
    "UndoResult",
    "WorkbookInspection",
    "apply_import",
    "code_key",
    "file_sha256",
    "finish_batch",
    "inspect_workbook",
    "list_batches",
    "load_mapping",
    "mapping_from_inspection",
    "plan_import",
    "save_mapping",
    "start_batch",
    "undo_import",
    "write_rejects_workbook",
]


def inspect_workbook(
    path: str | os.PathLike[str], mapping: ImportMapping | None = None
) -> WorkbookInspection:
    """What each sheet of `path` holds, as the import would read it (raises
    ExchangeError for a file that cannot be read)."""
    return _inspect(path, mapping)


def plan_import(
    store: Store,
    path: str | os.PathLike[str],
    mapping: ImportMapping | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    all_or_nothing: bool = False,
    rebaseline: bool = False,
    fixes: Fixes | None = None,
) -> ImportPlan:
    """A dry run of importing `path`: the import runs in a transaction that is rolled
    back, so the counts are exactly what `apply_import` would do now. `fixes`: cells
    the user corrected in the dialog, read in place of the file's."""
    started = time.perf_counter()
    p = Path(path)
    options = {"all_or_nothing": all_or_nothing, "rebaseline": rebaseline}
    outcome = run_import(
        store,
        p,
        mapping,
        commit=False,
        progress=progress,
        cancelled=cancelled,
        fixes=fixes,
        **options,
    )
    plan = make_report(ImportPlan, p, mapping, outcome, started, **options)
    assert isinstance(plan, ImportPlan)
    plan.fixes = dict(fixes or {})
    return plan


def apply_import(
    store: Store,
    plan_or_path: ImportPlan | str | os.PathLike[str],
    mapping: ImportMapping | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    *,
    all_or_nothing: bool = False,
    rebaseline: bool = False,
) -> ImportResult:
    """Import a file (or the file of a dry run, with its mapping and options). The
    valid rows are committed unless the file itself is unsound (or, `all_or_nothing`,
    any row was rejected); `result.batch_id` is then the batch to undo it by.
    `rebaseline` confirms the re-baselines of approved benefits (see `rebaseline`).

    A file that changed on disk since its dry run is refused: the user confirmed what
    the dry run showed, not what the file holds now.
    """
    started = time.perf_counter()
    fixes: Fixes | None = None
    if isinstance(plan_or_path, ImportPlan):
        p, mapping = plan_or_path.path, plan_or_path.mapping
        all_or_nothing = plan_or_path.all_or_nothing
        rebaseline = plan_or_path.rebaseline
        fixes = plan_or_path.fixes
        if not p.exists() or file_sha256(p) != plan_or_path.sha256:
            raise ExchangeError(
                Problem(p.name, None, "the file changed since it was checked; check it again")
            )
    else:
        p = Path(plan_or_path)
    options = {"all_or_nothing": all_or_nothing, "rebaseline": rebaseline}
    outcome = run_import(
        store,
        p,
        mapping,
        commit=True,
        progress=progress,
        cancelled=cancelled,
        fixes=fixes,
        **options,
    )
    result = make_report(ImportResult, p, mapping, outcome, started, **options)
    assert isinstance(result, ImportResult)
    result.batch_id = outcome.batch_id
    result.up_to_date = not result.refused and not result.changes_anything
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
    all_or_nothing: bool = False,
    rebaseline: bool = False,
) -> ImportReport:
    """The command line's import: one pass, a dry run or the real thing."""
    mapping = load_mapping(mapping_path) if mapping_path is not None else None
    if dry_run:
        return plan_import(
            store, path, mapping, progress, all_or_nothing=all_or_nothing, rebaseline=rebaseline
        )
    return apply_import(
        store, path, mapping, progress, all_or_nothing=all_or_nothing, rebaseline=rebaseline
    )


def write_rejects_workbook(report: ImportReport, path: str | os.PathLike[str]) -> Path:
    """The rows `report` left out, in a workbook to fix and import again."""
    sheets = [
        RejectsSheet(s.name, s.top, [(r.cells, r.reason) for r in s.rows]) for s in report.rejects
    ]
    return write_rejects(path, sheets)
