"""What the import history shows beyond `list_batches`: a sync batch's profile, and
what one batch changed (its audit entries and the figures it added).

Qt-free; the reads themselves are the store's (`store.queries.batches`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from benefitdesk.services.history import HistoryEntry
from benefitdesk.services.importing import list_batches
from benefitdesk.services.importing.undo import BatchInfo
from benefitdesk.store import Store
from benefitdesk.store.queries import batch_changes, batch_profiles

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


def batch_rows(store: Store, limit: int = 500) -> list[BatchRow]:
    """The most recent import and sync batches, newest first, with their profile."""
    infos = list_batches(store, limit)
    profiles = batch_profiles(store)
    return [BatchRow(info, profiles.get(info.id)) for info in infos]


def batch_details(store: Store, batch_id: int, limit: int = MAX_ENTRIES) -> BatchDetails:
    """The audit entries written under `batch_id` (the import's and its undo's), and the
    figures that still carry the batch (new figures are not audited one by one)."""
    changes = batch_changes(store, batch_id, limit)
    entries = changes.entries
    rejects = [
        RejectRow(r.id, r.sheet, r.row, r.reason, _cells(r.header, r.cells))
        for r in changes.rejects
    ]
    return BatchDetails(batch_id, entries, changes.total_entries, changes.figures_added, rejects)
