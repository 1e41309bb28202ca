"""Plan changes: each row matched to what the portfolio holds, and its fate decided.

Rows are matched by their natural key (a code, a name, a benefit and a title, …).
Only the columns present in the sheet are compared: a register without a Notes column
leaves the notes alone, while an empty cell in a present column means "not set". The
plan says, per row, whether it is new, changes some fields (old → new) or is unchanged;
`write` then carries it out. Rows rejected earlier (by `parse` or `validate`) are
counted in the same `Ledger`, so every row's fate is accounted for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from benefitdesk.services.importing.parse import Record
from benefitdesk.store import Table
from benefitdesk.store.audit import as_text


def name_key(text: str) -> str:
    """People and titles match ignoring case and spacing."""
    return " ".join(text.split()).casefold()


def code_key(text: str) -> str:
    return text.strip().casefold()


@dataclass(slots=True)
class Tally:
    """Rows by fate, for one sheet kind."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0  # blank, total and placeholder rows (see `skip`)


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
    action: str  # add | change | unchanged | skip
    sheet: str
    row: int
    fields: tuple[FieldChange, ...] = ()
    reason: str = ""  # why a row is skipped


@dataclass(slots=True)
class Item:
    """A row ready to upsert: its key, the columns to write, and a label for the log."""

    record: Record
    key: Any
    values: dict[str, Any]
    label: str


@dataclass
class Ledger:
    """What an import did (or would do), shared by every step."""

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


@dataclass(frozen=True, slots=True)
class Update:
    """An existing row to change: its id and the fields that differ (old, new)."""

    item: Item
    row_id: int
    diff: tuple[tuple[str, Any, Any], ...]

    def field_changes(self) -> tuple[FieldChange, ...]:
        return tuple(FieldChange(c, as_text(o), as_text(n)) for c, o, n in self.diff)


@dataclass(slots=True)
class UpsertPlan:
    """The fate of every item of one sheet kind."""

    kind: str
    inserts: list[Item] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: dict[Any, int] = field(default_factory=dict)  # key → id


def same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    return bool(old == new)


def required_defaults(table: Table) -> dict[str, Any]:
    """Columns that cannot be empty but have a default, with that default."""
    found = {}
    for column in table.c:
        default = getattr(column.default, "arg", None)
        if not column.nullable and default is not None and not callable(default):
            found[column.name] = default
    return found


def plan_upsert(
    kind: str, table: Table, items: Iterable[Item], existing: Mapping[Any, Any], ledger: Ledger
) -> UpsertPlan:
    """Match `items` to `existing` rows (objects with an `id` and the table's columns)
    and decide each one's fate; the counts go to `ledger` under `kind`."""
    plan = UpsertPlan(kind)
    tally = ledger.tally(kind)
    required = required_defaults(table)
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
            plan.inserts.append(item)
            continue
        diff = tuple(
            (column, getattr(old, column), new)
            for column, new in item.values.items()
            if not same(getattr(old, column), new)
        )
        if not diff:
            plan.unchanged[item.key] = old.id
            tally.unchanged += 1
            record = item.record
            ledger.note(RowChange(kind, item.label, "unchanged", record.sheet, record.number))
            continue
        update = Update(item, old.id, diff)
        plan.updates.append(update)
        tally.changed += 1
        record, fields = item.record, update.field_changes()
        ledger.note(RowChange(kind, item.label, "change", record.sheet, record.number, fields))
    tally.added += len(plan.inserts)
    for item in plan.inserts:
        ledger.note(RowChange(kind, item.label, "add", item.record.sheet, item.record.number))
    return plan
