"""Upserts of the small sheets' rows, audited under the import's batch.

Rows are matched to what the portfolio holds by their natural key (a code, a name, a
benefit and a title, …). Only the columns present in the sheet are compared and
written: a register without a Notes column leaves the notes alone, while an empty
cell in a present column means "not set". Every insert and every changed field goes
to the audit log with the batch id, which is what undo reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from benefitdesk.exchange.importing import Record
from benefitdesk.model import Person
from benefitdesk.services.import_figures import Tally
from benefitdesk.store.audit import as_text, audit_rows


def name_key(text: str) -> str:
    """People and titles match ignoring case and spacing."""
    return " ".join(text.split()).casefold()


def code_key(text: str) -> str:
    return text.strip().casefold()


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row an import adds or changes, for the dry-run listing."""

    entity: str
    key: str
    action: str  # add | change
    sheet: str
    row: int
    fields: tuple[FieldChange, ...] = ()


@dataclass(slots=True)
class Item:
    """A row ready to upsert: its key, the columns to write, and a label for the log."""

    record: Record
    key: Any
    values: dict[str, Any]
    label: str


@dataclass
class Ledger:
    """What an import did (or would do), shared by every writer."""

    batch_id: int
    tallies: dict[str, Tally] = field(default_factory=dict)
    changes: list[RowChange] = field(default_factory=list)
    per_entity_limit: int = 500
    _listed: dict[str, int] = field(default_factory=dict)

    def tally(self, entity: str) -> Tally:
        return self.tallies.setdefault(entity, Tally())

    def note(self, change: RowChange) -> None:
        listed = self._listed.get(change.entity, 0)
        if listed < self.per_entity_limit:
            self.changes.append(change)
            self._listed[change.entity] = listed + 1


def _required_defaults(table: Table) -> dict[str, Any]:
    """Columns that cannot be empty but have a default, with that default."""
    found = {}
    for column in table.c:
        default = getattr(column.default, "arg", None)
        if not column.nullable and default is not None and not callable(default):
            found[column.name] = default
    return found


def same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    return bool(old == new)


class Upserter:
    """Generic upsert of items into one table."""

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
        fixed: Callable[[Item], dict[str, Any]] | None = None,
    ) -> dict[Any, int]:
        """Insert items whose key is not in `existing` (rows with an `id` and the table's
        columns), update those that differ. `fixed(item)` gives columns set on insert
        only (the key columns). Returns key → id for every item. `kind` is the sheet kind
        the counts are kept under; the audit names the table."""
        entity = table.name
        tally = self.ledger.tally(kind)
        ids: dict[Any, int] = {}
        inserts: list[Item] = []
        audit: list[dict[str, Any]] = []
        required = _required_defaults(table)
        for item in items:
            for column, default in required.items():
                # A blank cell in a column that cannot be empty means "as it was" (on an
                # insert: the default, e.g. a benefit's status is draft).
                if column in item.values and item.values[column] is None:
                    item.values[column] = default if item.key not in existing else None
                    if item.values[column] is None:
                        del item.values[column]
            old = existing.get(item.key)
            if old is None:
                inserts.append(item)
                continue
            ids[item.key] = old.id
            diff = [
                (column, getattr(old, column), new)
                for column, new in item.values.items()
                if not same(getattr(old, column), new)
            ]
            if not diff:
                tally.unchanged += 1
                continue
            self.session.execute(
                update(table).where(table.c.id == old.id).values({c: n for c, _, n in diff})
            )
            changes = tuple(FieldChange(c, as_text(o), as_text(n)) for c, o, n in diff)
            audit += [
                {
                    "action": "update",
                    "entity": entity,
                    "entity_id": old.id,
                    "label": item.label,
                    "field": change.field,
                    "old": change.old,
                    "new": change.new,
                }
                for change in changes
            ]
            tally.changed += 1
            record = item.record
            self.ledger.note(
                RowChange(kind, item.label, "change", record.sheet, record.number, changes)
            )
        if inserts:
            params = [{**item.values, **(fixed(item) if fixed else {})} for item in inserts]
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            new_ids = list(self.session.execute(statement, params).scalars())
            for item, new_id in zip(inserts, new_ids, strict=True):
                ids[item.key] = new_id
                audit.append(
                    {
                        "action": "insert",
                        "entity": entity,
                        "entity_id": new_id,
                        "label": item.label,
                        "field": None,
                        "old": None,
                        "new": item.label,
                    }
                )
                self.ledger.note(
                    RowChange(kind, item.label, "add", item.record.sheet, item.record.number)
                )
            tally.added += len(inserts)
        self.audit(audit)
        return ids


class People:
    """Names to ids; people named in a register who are not in the portfolio are added."""

    def __init__(self, session: Session, upserter: Upserter) -> None:
        self.session = session
        self.upserter = upserter
        table = Person.__table__
        self.ids: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for row in session.execute(select(table.c.id, table.c.name)):
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
        table = Person.__table__
        person_id = int(
            self.session.execute(insert(table).values(name=clean).returning(table.c.id)).scalar()
        )
        self.upserter.audit(
            [
                {
                    "action": "insert",
                    "entity": "person",
                    "entity_id": person_id,
                    "label": clean,
                    "field": None,
                    "old": None,
                    "new": clean,
                }
            ]
        )
        self.ledger_add(clean, record)
        self.ids[name_key(clean)] = person_id
        self.names[person_id] = clean
        return person_id

    def ledger_add(self, name: str, record: Record) -> None:
        self.added.append(name)
        self.upserter.ledger.tally("people").added += 1
        self.upserter.ledger.note(RowChange("people", name, "add", record.sheet, record.number))

    def remember(self, name: str, person_id: int) -> None:
        self.ids[name_key(name)] = person_id
        self.names[person_id] = name
