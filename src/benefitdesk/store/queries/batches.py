"""What the import history shows: the batches, a sync batch's profile, and what one
batch changed (its audit entries, the figures it added, the rows it left out)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benefitdesk.model import (
    AuditEntry,
    ImportBatch,
    ImportReject,
    IndicatorMeasurement,
    Measurement,
    table_of,
)
from benefitdesk.store.queries.history import HistoryEntry

if TYPE_CHECKING:
    from benefitdesk.store.store import Store


class RejectRecord(NamedTuple):
    """A row a batch left out, as recorded with it: its header and cells as JSON lists."""

    id: int
    sheet: str
    row: int
    reason: str
    header: str
    cells: str


@dataclass(frozen=True)
class BatchChanges:
    entries: list[HistoryEntry]  # newest first, at most the limit asked for
    total_entries: int
    figures_added: dict[str, int] = field(default_factory=dict)  # table → rows still there
    rejects: list[RejectRecord] = field(default_factory=list)  # in the file's order


def batch_profiles(store: Store) -> dict[int, str]:
    """The profile of each batch a sync made, by batch id."""
    table = table_of(ImportBatch)
    query = select(table.c.id, table.c.profile).where(table.c.profile.is_not(None))
    with store.reading() as session:
        return {int(id_): str(profile) for id_, profile in session.execute(query)}


def batch_changes(store: Store, batch_id: int, limit: int) -> BatchChanges:
    """The audit entries written under ``batch_id`` (the import's and its undo's), and
    the figures that still carry the batch (new figures are not audited one by one)."""
    a = table_of(AuditEntry)
    where = (a.c.batch_id == batch_id) & (a.c.entity != ImportBatch.__tablename__)
    count = select(func.count()).select_from(a).where(where)
    query = select(*(a.c[f.name] for f in fields(HistoryEntry))).where(where)
    with store.reading() as session:
        total = int(session.execute(count).scalar_one())
        rows = session.execute(query.order_by(a.c.id.desc()).limit(limit))
        entries = [HistoryEntry(*row) for row in rows]
        added: dict[str, int] = {}
        for model in (Measurement, IndicatorMeasurement):
            t = table_of(model)
            counted = select(func.count()).select_from(t).where(t.c.batch_id == batch_id)
            figures = int(session.execute(counted).scalar_one())
            if figures:
                added[t.name] = figures
        r = table_of(ImportReject)
        rejected = select(r.c.id, r.c.sheet, r.c.row_number, r.c.reason, r.c.header, r.c.cells)
        rejects = [
            RejectRecord(*row)
            for row in session.execute(rejected.where(r.c.batch_id == batch_id).order_by(r.c.id))
        ]
    return BatchChanges(entries, total, added, rejects)


@dataclass(frozen=True)
class BatchInfo:
    """One import or sync batch as the import history lists it."""

    id: int
    kind: str
    file_name: str | None
    source: str | None
    created_at: datetime
    created_by: str | None
    rows_read: int
    rows_added: int
    rows_changed: int
    rows_unchanged: int
    undone_at: datetime | None
    rows_skipped: int = 0
    rows_rejected: int = 0


def list_batches(store: Store, limit: int = 200) -> list[BatchInfo]:
    """The most recent import and sync batches, newest first."""
    table = table_of(ImportBatch)
    with store.reading() as session:
        rows = session.execute(select(table).order_by(table.c.id.desc()).limit(limit))
        return [
            BatchInfo(
                r.id,
                getattr(r.kind, "value", r.kind),
                r.file_name,
                r.source,
                r.created_at,
                r.created_by,
                r.rows_read,
                r.rows_added,
                r.rows_changed,
                r.rows_unchanged,
                r.undone_at,
                r.rows_skipped,
                r.rows_rejected,
            )
            for r in rows
        ]


def earlier_imports_of(session: Session, sha256: str, batch_id: int) -> list[int]:
    """The batches before ``batch_id`` that imported the same file and are not undone."""
    table = table_of(ImportBatch)
    query = select(table.c.id).where(
        table.c.sha256 == sha256, table.c.id != batch_id, table.c.undone_at.is_(None)
    )
    return [int(i) for i in session.execute(query).scalars()]
