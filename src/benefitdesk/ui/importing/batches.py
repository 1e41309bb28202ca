"""What the import history shows beyond `list_batches`: a sync batch's profile, and
what one batch changed (its audit entries and the figures it added).

Qt-free reads of the store. They belong with `services.import_undo.list_batches`
(which has no `profile` and no per-batch audit reader yet); they live here until the
import service offers them, and move there unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benefitdesk.model import (
    AuditEntry,
    ImportBatch,
    ImportReject,
    IndicatorMeasurement,
    Measurement,
)
from benefitdesk.services.history import HistoryEntry
from benefitdesk.services.importing import list_batches
from benefitdesk.services.importing.undo import BatchInfo
from benefitdesk.store import Store

#: Audit entries listed per batch at most (a big import changes thousands of figures).
MAX_ENTRIES = 5_000


@dataclass(frozen=True)
class BatchRow:
    info: BatchInfo
    profile: str | None

    @property
    def id(self) -> int:
        return self.info.id


@dataclass(frozen=True)
class RejectRow:
    """A row the batch left out, as recorded with it."""

    id: int
    sheet: str
    row: int
    reason: str
    cells: str  # the row's cells, "header: value" joined


@dataclass(frozen=True)
class BatchDetails:
    batch_id: int
    entries: list[HistoryEntry]  # newest first, at most MAX_ENTRIES
    total_entries: int
    figures_added: dict[str, int] = field(default_factory=dict)  # table → rows still there
    rejects: list[RejectRow] = field(default_factory=list)


def _cells(header: str, cells: str) -> str:
    names, values = json.loads(header), json.loads(cells)
    pairs = [(names[i] if i < len(names) else "", _text(v)) for i, v in enumerate(values)]
    return "; ".join(f"{n}: {v}" if n else v for n, v in pairs if v)


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else repr(value)
    return "" if value is None else str(value)


def _rejects(session: Session, batch_id: int) -> list[RejectRow]:
    table = ImportReject.__table__
    query = select(table).where(table.c.batch_id == batch_id).order_by(table.c.id)
    return [
        RejectRow(r.id, r.sheet, r.row_number, r.reason, _cells(r.header, r.cells))
        for r in session.execute(query)
    ]


def batch_rows(store: Store, limit: int = 500) -> list[BatchRow]:
    """The most recent import and sync batches, newest first, with their profile."""
    infos = list_batches(store, limit)
    table = ImportBatch.__table__
    with store.reading() as session:
        profiles = dict(
            session.execute(
                select(table.c.id, table.c.profile).where(table.c.profile.is_not(None))
            ).all()
        )
    return [BatchRow(info, profiles.get(info.id)) for info in infos]


def batch_details(store: Store, batch_id: int, limit: int = MAX_ENTRIES) -> BatchDetails:
    """The audit entries written under `batch_id` (the import's and its undo's), and the
    figures that still carry the batch (new figures are not audited one by one)."""
    a = AuditEntry.__table__
    with store.reading() as session:
        where = (a.c.batch_id == batch_id) & (a.c.entity != ImportBatch.__tablename__)
        total = int(session.execute(select(func.count()).select_from(a).where(where)).scalar())
        query = select(a).where(where).order_by(a.c.id.desc()).limit(limit)
        entries = [
            HistoryEntry(
                r.id, r.at, r.user, r.action, r.entity, r.entity_id, r.label, r.field, r.old, r.new
            )
            for r in session.execute(query)
        ]
        added: dict[str, int] = {}
        for model in (Measurement, IndicatorMeasurement):
            t = model.__table__
            count = int(
                session.execute(
                    select(func.count()).select_from(t).where(t.c.batch_id == batch_id)
                ).scalar()
            )
            if count:
                added[t.name] = count
        rejects = _rejects(session, batch_id)
    return BatchDetails(batch_id, entries, total, added, rejects)
