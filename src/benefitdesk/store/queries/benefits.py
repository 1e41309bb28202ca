"""One benefit's reads: its whole measurement history, and its indicators'."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from benefitdesk.store.figures import Series
from benefitdesk.store.snapshot import (
    indicator_history,
    load_series,
    measurement_history,
)

if TYPE_CHECKING:
    from benefitdesk.store.store import Store


def benefit_series(store: Store, benefit_id: int) -> Series:
    """The full measurement history of one benefit (a report's snapshot keeps the last N)."""
    with store.reading() as session:
        return load_series(session, benefit_id)


def benefit_histories(
    store: Store, benefit_id: int, indicator_ids: set[int], as_of: date
) -> tuple[Series, dict[int, Series]]:
    """A benefit's measurements and its indicators' up to ``as_of``, in full (two
    queries: what a chart needs beyond the report's snapshot)."""
    with store.reading() as session:
        history = measurement_history(session, {benefit_id}, as_of)
        indicators = indicator_history(session, indicator_ids, as_of) if indicator_ids else {}
    return history.get(benefit_id, []), indicators
