"""The store's read API: what the app, the command line and the services read.

A screen or a command asks for what it shows (a benefit's series, a snapshot, the
import batches) and never opens a session or writes SQL: the queries live here and in
the modules behind them (``store.snapshot``: whole-portfolio and per-benefit
snapshots; ``store.figures``: the report's rows read with sqlite3 alone). The
import-linter contracts keep ``ui`` and ``cli`` on this side (docs/architecture.md).
"""

from __future__ import annotations

from benefitdesk.store.figures import Labels, Series
from benefitdesk.store.queries.batches import (
    BatchChanges,
    BatchInfo,
    RejectRecord,
    batch_changes,
    batch_profiles,
    list_batches,
)
from benefitdesk.store.queries.benefits import (
    benefit_histories,
    benefit_series,
)
from benefitdesk.store.snapshot import Snapshot

__all__ = [
    "BatchChanges",
    "BatchInfo",
    "Labels",
    "RejectRecord",
    "Series",
    "Snapshot",
    "batch_changes",
    "batch_profiles",
    "benefit_histories",
    "benefit_series",
    "list_batches",
]
