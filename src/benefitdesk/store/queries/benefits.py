"""One benefit's reads: its whole measurement history and a snapshot of it alone."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from benefitdesk.store.figures import Series
from benefitdesk.store.snapshot import Snapshot, load_series, load_snapshot

if TYPE_CHECKING:
    from benefitdesk.store.store import Store


def benefit_series(store: Store, benefit_id: int) -> Series:
    """The full measurement history of one benefit (a report's snapshot keeps the last N)."""
    with store.reading() as session:
        return load_series(session, benefit_id)


def benefit_snapshot(store: Store, benefit_id: int, as_of: date) -> Snapshot:
    """A snapshot holding one benefit with its full history (a handful of queries)."""
    with store.reading() as session:
        return load_snapshot(session, as_of=as_of, benefit_ids={benefit_id})
