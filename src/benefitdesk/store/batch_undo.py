"""Undoing an import batch, in the database: what it did, read back from the audit log
and from the figures that carry its batch id, and the statements that take it back.

The service (services/importing/undo.py) decides whether an undo may go ahead; this
module reads and writes the rows. Tables are handled through SQLAlchemy's metadata, so
a table added to the model is undone without a change here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, bindparam, delete, func, or_, select, update
from sqlalchemy import types as satypes
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from benefitdesk.model import AuditEntry, ImportBatch, table_of
from benefitdesk.model.tables import now
from benefitdesk.store.audit import IGNORED, as_text

FIGURE_TABLES = ("measurement", "indicator_measurement")
_IN_CHUNK = 500
#: An audit row to write, as ``store.audit.audit_rows`` takes it.
AuditRow = dict[str, Any]


def _tables() -> dict[str, Table]:
    return dict(SQLModel.metadata.tables)


def _from_text(column: Any, text: str | None) -> Any:
    """An audited value (stored as text) back in its column's type."""
    if text is None:
        return None
    kind = column.type
    if isinstance(kind, satypes.Enum):
        return text
    if isinstance(kind, satypes.DateTime):
        return dt.datetime.fromisoformat(text)
    if isinstance(kind, satypes.Date):
        return dt.date.fromisoformat(text)
    if isinstance(kind, satypes.Integer):
        return int(text)
    if isinstance(kind, satypes.Float):
        return float(text)
    if isinstance(kind, satypes.Boolean):
        return text == "True"
    return text


@dataclass
class BatchWork:
    """What a batch did: the old values of the fields it changed, the rows it added."""

    batch_id: int
    marker: int
    updates: dict[tuple[str, int], dict[str, str | None]] = field(default_factory=dict)
    labels: dict[tuple[str, int], str | None] = field(default_factory=dict)
    inserts: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


def _undone_batches(session: Session) -> set[int]:
    table = table_of(ImportBatch)
    return set(session.execute(select(table.c.id).where(table.c.undone_at.is_not(None))).scalars())


def read_work(session: Session, batch: Any) -> BatchWork:
    a = table_of(AuditEntry)
    marker = session.execute(select(func.min(a.c.id)).where(a.c.batch_id == batch.id)).scalar()
    work = BatchWork(batch.id, marker if marker is not None else -1)
    query = (
        select(a.c.action, a.c.entity, a.c.entity_id, a.c.field, a.c.old, a.c.label)
        .where(a.c.batch_id == batch.id, a.c.action.in_(("insert", "update")))
        .order_by(a.c.id)
    )
    for action, entity, entity_id, name, old, label in session.execute(query):
        if entity == ImportBatch.__tablename__ or entity_id is None:
            continue
        if action == "insert":
            work.inserts[entity].add(entity_id)
        elif name not in IGNORED:
            work.updates.setdefault((entity, entity_id), {}).setdefault(name, old)
        work.labels.setdefault((entity, entity_id), label)
    return work


def later_changes(session: Session, work: BatchWork, batch: Any) -> list[str]:
    """Changes made after the batch to rows it wrote, by anyone but undone imports."""
    a = table_of(AuditEntry)
    later = a.alias("later")
    mine = a.alias("mine")
    ignored = _undone_batches(session) | {work.batch_id}
    not_ours = or_(later.c.batch_id.is_(None), later.c.batch_id.not_in(sorted(ignored)))
    after = later.c.id > work.marker if work.marker >= 0 else later.c.at > batch.created_at
    found = list(
        session.execute(
            select(later.c.label, later.c.field, later.c.at, later.c.user, later.c.batch_id)
            .join(
                mine,
                and_(mine.c.entity == later.c.entity, mine.c.entity_id == later.c.entity_id),
            )
            .where(mine.c.batch_id == work.batch_id, after, not_ours, later.c.action != "insert")
            .distinct()
            .limit(5)
        )
    )
    tables = _tables()
    for name in FIGURE_TABLES:
        figures = tables[name]
        found += session.execute(
            select(later.c.label, later.c.field, later.c.at, later.c.user, later.c.batch_id)
            .join(figures, and_(later.c.entity == name, later.c.entity_id == figures.c.id))
            .where(figures.c.batch_id == work.batch_id, after, not_ours, later.c.action != "insert")
            .limit(5)
        ).all()
    lines = []
    for label, name, at, user, other in found[:5]:
        who = f"import #{other}" if other else (user or "someone")
        what = f"{label or 'a row'}" + (f" ({name})" if name else "")
        lines.append(f"{what}, by {who} on {at:%Y-%m-%d}")
    return lines


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + _IN_CHUNK] for i in range(0, len(ids), _IN_CHUNK)]


def restore_values(session: Session, work: BatchWork) -> tuple[dict[str, int], list[AuditRow]]:
    tables = _tables()
    restored: dict[str, int] = defaultdict(int)
    audit: list[AuditRow] = []
    by_table: dict[str, dict[int, dict[str, str | None]]] = defaultdict(dict)
    for (entity, entity_id), fields in work.updates.items():
        if entity_id not in work.inserts.get(entity, ()):
            by_table[entity][entity_id] = fields
    for entity, rows in by_table.items():
        table = tables[entity]
        current: dict[int, Any] = {}
        for chunk in _chunks(sorted(rows)):
            current.update(
                {r.id: r for r in session.execute(select(table).where(table.c.id.in_(chunk)))}
            )
        groups: dict[tuple[str, ...], list[AuditRow]] = defaultdict(list)
        for entity_id, fields in rows.items():
            row = current.get(entity_id)
            if row is None:
                continue
            values = {name: _from_text(table.c[name], old) for name, old in fields.items()}
            groups[tuple(sorted(values))].append({"_id": entity_id, **values})
            for name, value in values.items():
                audit.append(
                    {
                        "action": "update",
                        "entity": entity,
                        "entity_id": entity_id,
                        "label": work.labels.get((entity, entity_id)),
                        "field": name,
                        "old": as_text(getattr(row, name)),
                        "new": as_text(value),
                    }
                )
            restored[entity] += 1
        for names, params in groups.items():
            statement = (
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values({n: bindparam(n) for n in names})
            )
            session.connection().execute(statement, params)
    return dict(restored), audit


def dependents(session: Session, work: BatchWork) -> list[str]:
    """Rows not written by the batch that refer to rows it added: deleting those would
    take later work with them, or leave it pointing at nothing."""
    tables = _tables()
    for entity, ids in work.inserts.items():
        parent = tables[entity]
        for child in tables.values():
            if child.name == ImportBatch.__tablename__:
                continue
            mine = work.inserts.get(child.name, set())
            for fk in child.foreign_keys:
                if fk.column.table is not parent:
                    continue
                for chunk in _chunks(sorted(ids)):
                    query = select(child.c.id, fk.parent).where(fk.parent.in_(chunk))
                    if child.name in FIGURE_TABLES:
                        query = query.where(
                            or_(child.c.batch_id.is_(None), child.c.batch_id != work.batch_id)
                        )
                    for child_id, parent_id in session.execute(query):
                        if child_id not in mine:
                            label = work.labels.get((entity, parent_id)) or entity
                            what = child.name.replace("_", " ")
                            return [f"{label}, which it added, is used by a {what} added since"]
    return []


def delete_rows(session: Session, work: BatchWork) -> tuple[dict[str, int], list[AuditRow]]:
    tables = _tables()
    deleted: dict[str, int] = {}
    audit: list[AuditRow] = []
    for name in FIGURE_TABLES:
        table = tables[name]
        statement = delete(table).where(table.c.batch_id == work.batch_id)
        count = session.connection().execute(statement).rowcount
        if count:
            deleted[name] = count
            audit.append(
                {
                    "action": "delete",
                    "entity": name,
                    "entity_id": None,
                    "label": f"{count:,} rows of import #{work.batch_id}",
                    "field": None,
                    "old": None,
                    "new": None,
                }
            )
    for table in reversed(SQLModel.metadata.sorted_tables):
        ids = sorted(work.inserts.get(table.name, ()))
        if not ids:
            continue
        for chunk in _chunks(ids):
            rows = list(session.execute(select(table).where(table.c.id.in_(chunk))))
            for row in rows:
                values = {
                    c.name: as_text(getattr(row, c.name)) for c in table.c if c.name not in IGNORED
                }
                audit.append(
                    {
                        "action": "delete",
                        "entity": table.name,
                        "entity_id": row.id,
                        "label": work.labels.get((table.name, row.id)),
                        "field": None,
                        "old": json.dumps(values),
                        "new": None,
                    }
                )
            session.execute(delete(table).where(table.c.id.in_(chunk)))
            deleted[table.name] = deleted.get(table.name, 0) + len(rows)
    return deleted, audit


def benefits_of(work: BatchWork) -> frozenset[int]:
    """Benefits whose data the undo touched, for the views to refresh."""
    found: set[int] = set(work.inserts.get("benefit", ()))
    found |= {i for (e, i) in work.updates if e == "benefit"}
    return frozenset(found)


def batch_row(session: Session, batch_id: int) -> Any:
    """The batch's row, or None."""
    table = table_of(ImportBatch)
    return session.execute(select(table).where(table.c.id == batch_id)).first()


def figure_benefits(session: Session, batch_id: int) -> set[int]:
    """The benefits whose measurements the batch added."""
    figures = _tables()["measurement"]
    query = select(figures.c.benefit_id).where(figures.c.batch_id == batch_id).distinct()
    return set(session.execute(query).scalars())


def mark_undone(session: Session, batch: Any) -> AuditRow:
    """Stamp the batch as undone now; return the audit row that says so."""
    table = table_of(ImportBatch)
    stamp = now()
    session.execute(update(table).where(table.c.id == batch.id).values(undone_at=stamp))
    return {
        "action": "update",
        "entity": table.name,
        "entity_id": batch.id,
        "label": batch.file_name,
        "field": "undone_at",
        "old": None,
        "new": as_text(stamp),
    }
