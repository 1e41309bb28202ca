"""Rebaseline: an approved benefit's baseline is changed only when the user says so.

For a benefit that is approved, tracking or realised, a row that changes its baseline
value or date, target value or date, or financial value is a re-baseline. Each change
is listed (`B-002 baseline 62 → 62.5 (approved benefit)`); without confirmation
(`--rebaseline`, the dialog's confirmation step) those fields are left as they are and
the rest of the row imports. Confirmed, the fields are written and a new plan version
records why — its reason names the file — with the old plan's shape rescaled and its
end moved to the new target (`analysis.plan.rebaselined_plan`). When the benefit had
no plan yet, the plan it had (the default ramp) is kept first as version 1, so the
board can still compare the original baseline with the new one. Everything is written
under the import's batch, so undoing the import undoes the re-baseline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from benefitdesk.analysis.plan import plan_vertices, rebaselined_plan
from benefitdesk.analysis.types import BenefitInput, Point
from benefitdesk.exchange.headers import label
from benefitdesk.model import Benefit, PlanPoint, PlanVersion, Project, table_of
from benefitdesk.services.benefits import APPROVED_STATES
from benefitdesk.services.importing.parse import Record
from benefitdesk.services.importing.plan import Item, code_key, same
from benefitdesk.services.inputs import realisation_start
from benefitdesk.store.bulk import latest_plan, row_by_id

if TYPE_CHECKING:
    from benefitdesk.services.importing.sheets import DefinitionSheets

#: The fields an import may change on an approved benefit only with confirmation.
PROTECTED = (
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "financial_value",
    "tolerance",  # a maintain KPI's band: what "on track" means
)


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True, slots=True)
class Rebaseline:
    """One protected field an import changes (or would change)."""

    code: str
    field: str
    old: Any
    new: Any
    status: str
    sheet: str
    row: int

    def __str__(self) -> str:
        what = label("benefits", self.field).lower()
        return f"{self.code} {what} {_shown(self.old)} → {_shown(self.new)} ({self.status} benefit)"


@dataclass
class Rebaselines:
    """The re-baselines of one import: found as rows are checked, written if confirmed."""

    file_name: str
    confirmed: bool
    found: list[Rebaseline] = field(default_factory=list)
    _pending: dict[str, tuple[Record, Any]] = field(default_factory=dict)  # code → row, old

    def check(self, record: Record, code: str, values: dict[str, Any], old: Any) -> None:
        """List the protected fields `values` changes on an approved benefit `old`;
        without confirmation, take them out of `values`."""
        if old is None or old.status not in APPROVED_STATES:
            return
        status = getattr(old.status, "value", old.status)
        changed = [f for f in PROTECTED if f in values and not same(getattr(old, f), values[f])]
        for name in changed:
            self.found.append(
                Rebaseline(code, name, getattr(old, name), values[name], status, *_at(record))
            )
            if not self.confirmed:
                del values[name]
        if changed and self.confirmed:
            self._pending[code] = (record, old)

    def forget(self, code: str) -> None:
        """The row was rejected after all: it re-baselines nothing."""
        self.found[:] = [r for r in self.found if r.code != code]
        self._pending.pop(code, None)

    def write(self, defs: DefinitionSheets, ids: dict[str, int]) -> None:
        """A new plan version for each confirmed re-baseline (after the benefits are
        written: `ids` maps code keys to benefit ids)."""
        for code, (record, old) in self._pending.items():
            benefit_id = ids[code_key(code)]
            new = row_by_id(defs.session, table_of(Benefit), benefit_id)
            assert new is not None  # just written
            _new_version(defs, record, old, new, self._reason(code))
        self._pending.clear()

    def _reason(self, code: str) -> str:
        changes = "; ".join(str(r).split(" (")[0].removeprefix(f"{code} ") for r in self.found
                            if r.code == code)  # fmt: skip
        return f"Re-baselined by the import of {self.file_name}: {changes}"


def _at(record: Record) -> tuple[str, int]:
    return record.sheet, record.number


def _plan_of(defs: DefinitionSheets, benefit_id: int) -> tuple[int, tuple[Point, ...]]:
    """(the highest version number, the current plan's points)."""
    latest, rows = latest_plan(defs.session, benefit_id)
    if latest is None:
        return 0, ()
    return latest, tuple(Point(day, value) for day, value in rows)


def _input(defs: DefinitionSheets, row: Any, plan: tuple[Point, ...]) -> BenefitInput:
    project = None
    if row.project_id is not None:
        project = row_by_id(defs.session, table_of(Project), row.project_id)
    return BenefitInput(
        code=row.code,
        dis_benefit=False,
        baseline=row.baseline,
        baseline_date=row.baseline_date,
        target=row.target,
        target_date=row.target_date,
        realisation_start=realisation_start(row, project),
        frequency=None,
        financial_value=row.financial_value,
        lifecycle=str(row.status),
        plan=plan,
    )


def _new_version(defs: DefinitionSheets, record: Record, old: Any, new: Any, reason: str) -> None:
    latest, plan = _plan_of(defs, new.id)
    before = _input(defs, old, plan)
    versions: list[tuple[int, str | None, list[Point]]] = []
    if latest == 0 and before.target is not None:  # keep the plan it had as version 1
        latest = 1
        versions.append((1, "The plan before re-baselining", plan_vertices(before)[1:]))
    if None in (new.baseline, new.baseline_date, new.target, new.target_date):
        points = list(plan)  # nothing to move the plan to: the same points, a new reason
    else:
        points = rebaselined_plan(
            before, new.baseline, new.baseline_date, new.target, new.target_date
        )
    versions.append((latest + 1, reason, points))
    for version, why, vertices in versions:
        _write_version(defs, record, new, version, why, vertices)


def _write_version(
    defs: DefinitionSheets,
    record: Record,
    benefit: Any,
    version: int,
    reason: str | None,
    points: list[Point],
) -> None:
    pv, pp = table_of(PlanVersion), table_of(PlanPoint)
    item = Item(record, (benefit.id, version), {"reason": reason}, f"{benefit.code} v{version}")
    ids = defs.up.upsert(
        "plan_versions",
        pv,
        [item],
        {},
        fixed=lambda i: {"benefit_id": benefit.id, "version": version},
    )
    version_id = ids[item.key]
    name = f"{benefit.code} v{version}"
    items = [
        Item(record, (version_id, p.date), {"value": p.value}, f"{name} {p.date}") for p in points
    ]
    defs.up.upsert(
        "plan", pp, items, {}, fixed=lambda i: {"plan_version_id": i.key[0], "date": i.key[1]}
    )
