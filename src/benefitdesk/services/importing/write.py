"""Write: carry out an upsert plan, every insert and changed field audited under the
import's batch (which is what undo reads).

People named in a register who are not in the portfolio are added as they are met
(`People.ensure`), so that the rows naming them can refer to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from benefitdesk.model import Person, table_of
from benefitdesk.services.importing.parse import Record
from benefitdesk.services.importing.plan import (
    Item,
    Ledger,
    RowChange,
    UpsertPlan,
    name_key,
    plan_upsert,
    required_defaults,
)
from benefitdesk.store import Session, Table
from benefitdesk.store.audit import audit_rows
from benefitdesk.store.bulk import insert_row, insert_rows, some_columns, update_row

Fixed = Callable[[Item], dict[str, Any]]


def _audit_insert(entity: str, entity_id: int, label: str) -> dict[str, Any]:
    return {
        "action": "insert",
        "entity": entity,
        "entity_id": entity_id,
        "label": label,
        "field": None,
        "old": None,
        "new": label,
    }


class Writer:
    """Writes planned rows of one import into one session."""

    def __init__(self, session: Session, ledger: Ledger) -> None:
        self.session = session
        self.ledger = ledger

    def audit(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            audit_rows(self.session, rows, batch_id=self.ledger.batch_id)

    def upsert(
        self,
        kind: str,
        table: Table,
        items: Iterable[Item],
        existing: Mapping[Any, Any],
        *,
        fixed: Fixed | None = None,
    ) -> dict[Any, int]:
        """Plan the items against `existing`, then write the plan (see `write`)."""
        return self.write(table, plan_upsert(kind, table, items, existing, self.ledger), fixed)

    def write(self, table: Table, plan: UpsertPlan, fixed: Fixed | None = None) -> dict[Any, int]:
        """Insert the new items, update the changed ones; `fixed(item)` gives columns
        set on insert only (the key columns). Returns key → id for every item."""
        ids = dict(plan.unchanged)
        audit: list[dict[str, Any]] = []
        for change in plan.updates:
            ids[change.item.key] = change.row_id
            update_row(self.session, table, change.row_id, {c: new for c, _old, new in change.diff})
            audit += [
                {
                    "action": "update",
                    "entity": table.name,
                    "entity_id": change.row_id,
                    "label": change.item.label,
                    "field": f.field,
                    "old": f.old,
                    "new": f.new,
                }
                for f in change.field_changes()
            ]
        if plan.inserts:
            params = _same_keys(
                table, [{**item.values, **(fixed(item) if fixed else {})} for item in plan.inserts]
            )
            new_ids = insert_rows(self.session, table, params)
            for item, new_id in zip(plan.inserts, new_ids, strict=True):
                ids[item.key] = new_id
                audit.append(_audit_insert(table.name, new_id, item.label))
        self.audit(audit)
        return ids


def _same_keys(table: Table, params: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows to insert in one statement need the same columns: a column one row leaves
    out (a value that could not be read) takes its default there."""
    keys = set().union(*params)
    if all(len(p) == len(keys) for p in params):
        return params
    defaults = {k: required_defaults(table).get(k) for k in keys}
    return [{**defaults, **p} for p in params]


class People:
    """Names to ids; people named in a register who are not in the portfolio are added."""

    def __init__(self, session: Session, writer: Writer) -> None:
        self.session = session
        self.writer = writer
        self.ids: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for row in some_columns(session, table_of(Person), "id", "name"):
            self.ids[name_key(row.name)] = row.id
            self.names[row.id] = row.name
        self.added: list[str] = []

    def find(self, name: str) -> int | None:
        return self.ids.get(name_key(name))

    def ensure(self, name: str, record: Record) -> int:
        """The id of the person called `name`, added (and audited) when new."""
        found = self.find(name)
        if found is not None:
            return found
        clean = " ".join(name.split())
        person_id = insert_row(self.session, table_of(Person), {"name": clean})
        self.writer.audit([_audit_insert("person", person_id, clean)])
        self.added.append(clean)
        ledger = self.writer.ledger
        ledger.tally("people").added += 1
        ledger.note(RowChange("people", clean, "add", record.sheet, record.number))
        self.remember(clean, person_id)
        return person_id

    def remember(self, name: str, person_id: int) -> None:
        self.ids[name_key(name)] = person_id
        self.names[person_id] = name
