"""The benefits sheet: validated against the forms' rules and the approval gate, matched
to the portfolio, planned and written.

A register without a code column is matched by title (and project): the first row
titled "Personnel trained" in project P-001 is the first such benefit of the portfolio
(in code order), the second the second, so importing the same file again changes
nothing. Rows that match no benefit get codes continuing the portfolio's numbering
(`B-001`, `B-002`, …), and the import says so.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from benefitdesk.analysis.checks import DefinitionInput, approval_errors, check_definition
from benefitdesk.model import Benefit, Lifecycle, Project, table_of
from benefitdesk.services.benefits import APPROVED_STATES
from benefitdesk.services.importing import plan_rows
from benefitdesk.services.importing import records as import_records
from benefitdesk.services.importing.parse import ReadOptions, Record, ValueNotes
from benefitdesk.services.importing.plan import Item, code_key, name_key
from benefitdesk.services.importing.validate import benefit_dates_and_target, next_code
from benefitdesk.store.bulk import all_rows

if TYPE_CHECKING:
    from benefitdesk.services.importing.sheets import DefinitionSheets

_DIRECT = frozenset(c.name for c in table_of(Benefit).c) - {"id", "code", "owner_id", "project_id"}


class _Titles:
    """Benefits of the portfolio by (title, project), in code order, handed out once
    each to the rows of a register without codes."""

    def __init__(self, rows: list[Any]) -> None:
        self.free: dict[tuple[str, int | None], list[Any]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: r.code):
            self.free[(name_key(row.title), row.project_id)].append(row)

    def take(self, title: str, project_id: int | None) -> Any | None:
        found = self.free.get((name_key(title), project_id))
        return found.pop(0) if found else None


def benefits(
    defs: DefinitionSheets,
    records: list[Record],
    plan: Mapping[int, dt.date] | None = None,
    options: ReadOptions | None = None,
    notes: ValueNotes | None = None,
) -> None:
    """Write the benefits of one sheet; `plan`: its period columns (targets by year)."""
    table = table_of(Benefit)
    rows = list(all_rows(defs.session, table))
    existing = {code_key(r.code): r for r in rows}
    titles = _Titles(rows)
    managers = {
        r.id: (r.manager_id, r.approval_date) for r in all_rows(defs.session, table_of(Project))
    }
    made: list[str] = []
    items = []
    plans: list[tuple[Record, list[Any]]] = []
    before = plan_rows.period_before(list(plan.values())) if plan else None
    for record in records:
        if defs.skip_repeated(record, "benefits"):
            continue
        if plan:
            assert options is not None and notes is not None
            planned = plan_rows.points(record, plan, options, notes, defs.problems)
            plan_rows.complete(record, planned, before)
            plans.append((record, planned))
        values = {f: record.values[f] for f in _DIRECT if record.has(f)}
        if record.has("project"):
            values["project_id"] = defs.project_ref(record)
        code = record.values.get("code")
        if code is None and not record.failed:
            old = titles.take(record.values.get("title") or "", values.get("project_id"))
            code = old.code if old is not None else next_code("B", set(existing) | defs.codes_used)
            if old is None:
                made.append(code)
            record.values["code"] = code
        defs.lengths(record, table, {"code": code})
        defs.lengths(record, table, values, "benefits")
        old = existing.get(code_key(code)) if code else None
        if not record.failed and code is not None:  # a code is made up for every sound row
            defs.rebaselines.check(record, code, values, old)
            _rules(defs, record, values, old, managers)
        if (
            record.failed
            or code is None
            or not defs.unique(record, "code", code_key(code), "benefits", code)
        ):
            defs.reject("benefits", record, code_key(code) if code else None)
            if code:
                defs.rebaselines.forget(code)
            continue
        defs.codes_used.add(code_key(code))
        if record.has("owner"):
            values["owner_id"] = defs.person(record, "owner")
        items.append(Item(record, code_key(code), values, code))
    ids = defs.up.upsert("benefits", table, items, existing, fixed=lambda i: {"code": i.label})
    for item in items:
        defs.benefit_ids[item.key] = ids[item.key]
        defs.benefit_codes[ids[item.key]] = item.label
    defs.touched_benefits.update(ids.values())
    defs.rebaselines.write(defs, ids)
    if made:
        defs.made_codes("benefits", records[0].sheet, made)
    written = {item.record.number for item in items}
    plan_records = [
        r
        for record, planned in plans
        if record.number in written
        for r in plan_rows.plan_records(record.values["code"], record, planned)
    ]
    if plan_records:
        import_records.plan(defs, plan_records)


def _rules(
    defs: DefinitionSheets,
    record: Record,
    values: dict[str, Any],
    old: Any,
    managers: dict[int, Any],
) -> None:
    """The rules the benefit form applies, and the approval gate. A row that would
    approve a benefit whose definition has errors (no owner, no frequency, target =
    baseline) comes in as a draft with its findings: definition problems are not
    parse errors. An approved benefit's row that breaks a form rule is rejected."""

    def get(name: str) -> Any:
        if name in values:
            return values[name]
        return getattr(old, name) if old is not None else None

    status = get("status") or Lifecycle.DRAFT
    previous = old.status if old is not None else None
    if status in APPROVED_STATES and previous not in APPROVED_STATES:
        errors = approval_errors(_findings(defs, record, get, managers))
        if errors:
            values["status"] = Lifecycle.DRAFT
            listing = "; ".join(e.message for e in errors)
            where = "status" if record.has("status") else None
            defs.warn(
                record,
                where,
                f"{record.values.get('code')} comes in as a draft, not {status}: {listing} "
                "(approve it once the definition is complete)",
            )
    benefit_dates_and_target(record, values, get, defs.error, defs.warn)


def _findings(
    defs: DefinitionSheets, record: Record, get: Any, managers: dict[int, Any]
) -> list[Any]:
    """The definition checks of the benefit as the row would leave it."""
    if record.has("owner"):
        owner = record.values.get("owner")
    else:
        owner_id = get("owner_id")
        owner = defs.people.names.get(owner_id) if owner_id else None
    project_id = get("project_id")
    manager, approved = managers.get(project_id, (None, None)) if project_id else (None, None)
    return check_definition(
        DefinitionInput(
            code=record.values.get("code") or "",
            owner=owner,
            project_manager=defs.people.names.get(manager) if manager else None,
            baseline=get("baseline"),
            baseline_date=get("baseline_date"),
            target=get("target"),
            target_date=get("target_date"),
            defined_on=get("defined_on"),
            project_approval_date=approved,
            indicator_count=1,  # a warning only; indicators may come later
            data_source=get("data_source"),
            automated=True,
            frequency=getattr(get("frequency"), "value", get("frequency")),
            measure=get("measure"),
            unit=get("unit"),
            maintain=getattr(get("kind"), "value", get("kind")) == "maintain",
            tolerance=get("tolerance"),
        )
    )
