"""Importing the sheets that hang off a benefit: stakeholders, plan, variance notes,
corrective actions and activities.

Their natural keys: a stakeholder is (benefit, person, role); a plan point is (benefit,
version, date), a row without a version belonging to version 1; a variance note is
(benefit, period, cause); an action or an activity is (benefit, title). Notes, actions
and activities may repeat their key (the app lets a benefit have two actions called
"Chase supplier"): the second row with a key matches the second such record, in the
order they were made, as an export lists them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from benefitdesk.model import (
    Activity,
    CorrectiveAction,
    PlanPoint,
    PlanVersion,
    Stakeholder,
    VarianceNote,
    table_of,
)
from benefitdesk.services.importing.parse import Record
from benefitdesk.services.importing.plan import Item, name_key
from benefitdesk.services.importing.sheets import DefinitionSheets
from benefitdesk.services.importing.validate import MAX_VERSION, plan_version
from benefitdesk.store.bulk import all_rows, rows_where_in


def _code(sheets: DefinitionSheets, benefit_id: int) -> str:
    return sheets.benefit_codes.get(benefit_id, str(benefit_id))


class Occurrences:
    """Keys that may repeat, made unique by their count: (key, 0), (key, 1), …"""

    def __init__(self) -> None:
        self.counts: dict[Any, int] = defaultdict(int)

    def __call__(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        n = self.counts[key]
        self.counts[key] = n + 1
        return (*key, n)


def stakeholders(sheets: DefinitionSheets, records: list[Record]) -> None:
    table = table_of(Stakeholder)
    existing = {
        (r.benefit_id, r.person_id, getattr(r.role, "value", r.role)): r
        for r in all_rows(sheets.session, table)
    }
    items: list[Item] = []
    seen: dict[tuple[int, int | None, Any], tuple[str, int]] = {}
    for record in records:
        benefit_id = None if record.failed else sheets.benefit_ref(record)
        if record.failed or benefit_id is None:
            sheets.reject("stakeholders", record)
            continue
        person_id = sheets.person(record, "person")
        role = record.values["role"]
        key = (benefit_id, person_id, role)
        name = "" if person_id is None else sheets.people.names.get(person_id, "")
        label = f"{_code(sheets, benefit_id)} {name} {role}"
        if not sheets.unique(record, "person", key, seen, f"{name} as {role}"):
            sheets.reject("stakeholders", record)
            continue
        items.append(Item(record, key, {}, label))
    sheets.up.upsert(
        "stakeholders",
        table,
        items,
        existing,
        fixed=lambda i: {"benefit_id": i.key[0], "person_id": i.key[1], "role": i.key[2]},
    )
    sheets.touched_benefits.update(i.key[0] for i in items)


def plan(sheets: DefinitionSheets, records: list[Record]) -> None:
    """Plan versions (with their reason) and their points."""
    versions: dict[tuple[int, int], list[Record]] = defaultdict(list)
    seen: dict[Any, int] = {}
    for record in records:
        benefit_id = None if record.failed else sheets.benefit_ref(record)
        version = plan_version(record)
        if not record.failed and version is None:
            given = record.values.get("version")
            sheets.error(record, "version", f"version {given} is not between 1 and {MAX_VERSION:,}")
        if record.failed or benefit_id is None or version is None:
            sheets.reject("plan", record)
            continue
        day = record.values["date"]
        what = f"{_code(sheets, benefit_id)} version {version} on {day.isoformat()}"
        if not sheets.unique(record, "date", (benefit_id, version, day), seen, what):
            sheets.reject("plan", record)
            continue
        versions[(benefit_id, version)].append(record)
    if not versions:
        return
    benefit_ids = sorted({b for b, _v in versions})
    pv, pp = table_of(PlanVersion), table_of(PlanPoint)
    old_versions = {
        (r.benefit_id, r.version): r
        for r in rows_where_in(sheets.session, pv, "benefit_id", benefit_ids)
    }
    version_items = []
    for (benefit_id, version), rows in versions.items():
        values = {}
        if rows[0].has("reason"):
            values["reason"] = next((r.values["reason"] for r in rows if r.values["reason"]), None)
        label = f"{_code(sheets, benefit_id)} v{version}"
        version_items.append(Item(rows[0], (benefit_id, version), values, label))
    version_ids = sheets.up.upsert(
        "plan_versions",
        pv,
        version_items,
        old_versions,
        fixed=lambda i: {"benefit_id": i.key[0], "version": i.key[1]},
    )
    ids = sorted(version_ids.values())
    old_points = {
        (r.plan_version_id, r.date): r
        for r in rows_where_in(sheets.session, pp, "plan_version_id", ids)
    }
    point_items = []
    for key, rows in versions.items():
        version_id = version_ids[key]
        for record in rows:
            day = record.values["date"]
            label = f"{_code(sheets, key[0])} v{key[1]} {day.isoformat()}"
            values = {"value": record.values["planned_value"]}
            point_items.append(Item(record, (version_id, day), values, label))
    sheets.up.upsert(
        "plan",
        pp,
        point_items,
        old_points,
        fixed=lambda i: {"plan_version_id": i.key[0], "date": i.key[1]},
    )
    sheets.touched_benefits.update(benefit_ids)


def variance_notes(sheets: DefinitionSheets, records: list[Record]) -> None:
    table = table_of(VarianceNote)
    old_key, new_key = Occurrences(), Occurrences()
    existing = {
        old_key((r.benefit_id, r.period, getattr(r.cause, "value", r.cause))): r
        for r in all_rows(sheets.session, table, order_by="id")
    }
    items = []
    for record in records:
        benefit_id = None if record.failed else sheets.benefit_ref(record)
        if record.failed or benefit_id is None:
            sheets.reject("variance_notes", record)
            continue
        period, cause = record.values["period"], record.values["cause"]
        key = new_key((benefit_id, period, cause))
        label = f"{_code(sheets, benefit_id)} {period.isoformat()} {cause}"
        values = {}
        if record.has("explanation"):
            values["explanation"] = record.values["explanation"] or ""
        items.append(Item(record, key, values, label))
    sheets.up.upsert(
        "variance_notes",
        table,
        items,
        existing,
        fixed=lambda i: {
            "benefit_id": i.key[0],
            "period": i.key[1],
            "cause": i.key[2],
            "explanation": i.values.get("explanation", ""),
        },
    )
    sheets.touched_benefits.update(i.key[0] for i in items)


def _titled(
    sheets: DefinitionSheets, kind: str, model: Any, records: list[Record], fields: tuple[str, ...]
) -> None:
    """Actions and activities: keyed by benefit and title (case and spacing forgiven)."""
    table = table_of(model)
    old_key, new_key = Occurrences(), Occurrences()
    existing = {
        old_key((r.benefit_id, name_key(r.title))): r
        for r in all_rows(sheets.session, table, order_by="id")
    }
    items = []
    titles: dict[Any, str] = {}
    for record in records:
        benefit_id = None if record.failed else sheets.benefit_ref(record)
        values = {f: record.values[f] for f in fields if record.has(f)}
        sheets.lengths(record, table, {"title": record.values.get("title")})
        if record.failed or benefit_id is None:
            sheets.reject(kind, record)
            continue
        title = " ".join(record.values["title"].split())
        key = new_key((benefit_id, name_key(title)))
        if record.has("owner"):
            values["owner_id"] = sheets.person(record, "owner")
        if (
            kind == "activities"
            and values.get("status") == "done"
            and not (
                values.get("done_date") or (record.has("done_date") is False and key in existing)
            )
        ):
            sheets.warn(record, "status", "done, but no done date is given")
        titles[key] = title
        items.append(Item(record, key, values, f"{_code(sheets, benefit_id)} {title}"))
    sheets.up.upsert(
        kind,
        table,
        items,
        existing,
        fixed=lambda i: {"benefit_id": i.key[0], "title": titles[i.key]},
    )
    sheets.touched_benefits.update(i.key[0] for i in items)


def actions(sheets: DefinitionSheets, records: list[Record]) -> None:
    fields = ("due_date", "done_date", "status", "outcome")
    _titled(sheets, "actions", CorrectiveAction, records, fields)


def activities(sheets: DefinitionSheets, records: list[Record]) -> None:
    fields = ("kind", "due_date", "done_date", "status")
    _titled(sheets, "activities", Activity, records, fields)
