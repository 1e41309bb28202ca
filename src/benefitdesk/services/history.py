"""The audit trail of one benefit, read by the store (store/queries/history.py); named
here for the app's detail view, which reads it as a service."""

from benefitdesk.store.queries.history import HistoryEntry, benefit_history

__all__ = ["HistoryEntry", "benefit_history"]
