"""What an import did, or would do: counts by kind, problems at their places, samples
of the rows added and changed, for the command line and the import dialog."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benefitdesk.exchange.errors import Problem
from benefitdesk.services.changes import Change
from benefitdesk.services.importing.figures import FigureChange
from benefitdesk.services.importing.mapping import ImportMapping
from benefitdesk.services.importing.pipeline import RunOutcome, SheetSummary
from benefitdesk.services.importing.plan import RowChange, Tally
from benefitdesk.services.importing.rebaseline import Rebaseline
from benefitdesk.services.importing.reject import RejectedSheet

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
    projects_added: list[str] = field(default_factory=list)
    fatal: list[Problem] = field(default_factory=list)  # the file's own errors
    rejected_rows: int = 0  # data rows left out with an error
    rejects: list[RejectedSheet] = field(default_factory=list)  # their cells, by sheet
    rebaselines: list[Rebaseline] = field(default_factory=list)
    all_or_nothing: bool = False
    rebaseline: bool = False  # the re-baselines were confirmed

    @property
    def refused(self) -> bool:
        """Nothing can be written: the file is unsound, or all-or-nothing with a
        rejected row."""
        return bool(self.fatal) or (self.all_or_nothing and self.rejected_rows > 0)

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
        """Sum of `added`, `changed`, `unchanged`, `skipped` or `rejected` over every kind."""
        return sum(getattr(t, what) for t in self.counts.values())

    @property
    def changes_anything(self) -> bool:
        return bool(self.total("added") or self.total("changed"))

    def count_lines(self) -> list[str]:
        lines = []
        for kind, name in ENTITY_LABELS.items():
            t = self.counts.get(kind)
            if t is None or not (t.added or t.changed or t.unchanged or t.rejected or t.skipped):
                continue
            parts = [f"{t.added:,} added", f"{t.changed:,} changed", f"{t.unchanged:,} unchanged"]
            if t.skipped:
                parts.append(f"{t.skipped:,} skipped")
            if t.rejected:
                parts.append(f"{t.rejected:,} rejected")
            lines.append(f"{name}: " + ", ".join(parts))
        return lines


@dataclass
class ImportPlan(ImportReport):
    """A dry run: nothing was written. `fixes`: the cells corrected for it, which the
    import then reads too."""

    fixes: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportResult(ImportReport):
    """An import: committed when `batch_id` is set."""

    batch_id: int | None = None
    up_to_date: bool = False  # nothing to change: no batch recorded
    change: Change | None = None

    @property
    def committed(self) -> bool:
        return self.batch_id is not None


def make_report(
    cls: type[ImportReport],
    path: Path,
    mapping: ImportMapping | None,
    outcome: RunOutcome,
    started: float,
    *,
    all_or_nothing: bool = False,
    rebaseline: bool = False,
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
        projects_added=outcome.projects_added,
        fatal=outcome.fatal,
        rejected_rows=outcome.rejected_rows,
        rejects=outcome.rejects,
        rebaselines=outcome.rebaselines,
        all_or_nothing=all_or_nothing,
        rebaseline=rebaseline,
    )
