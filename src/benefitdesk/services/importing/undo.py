"""Undo an import batch: put back the values it replaced, remove the rows it added.

What the batch did is read back from the audit log (every field it changed, every row
it inserted, under its batch id) and from the measurements that carry its batch id.
Undo is refused, with the rows named, when something the batch wrote was changed
since by a person or by a later import that is still in place: silently overwriting
later work would be worse than asking to undo that first. The undo's own audit rows
carry the batch id too, so the history shows the import and its undoing together.
"""

from __future__ import annotations

from dataclasses import dataclass

from benefitdesk.model import BatchKind
from benefitdesk.services.changes import Change
from benefitdesk.services.errors import NotFound, ServiceError
from benefitdesk.store import Store
from benefitdesk.store.audit import audit_rows
from benefitdesk.store.batch_undo import (
    batch_row,
    benefits_of,
    delete_rows,
    dependents,
    figure_benefits,
    later_changes,
    mark_undone,
    read_work,
    restore_values,
)
from benefitdesk.store.queries.batches import BatchInfo, list_batches

__all__ = ["BatchInfo", "UndoResult", "list_batches", "undo_import"]


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    file_name: str | None
    restored: dict[str, int]  # table → rows whose values were put back
    deleted: dict[str, int]  # table → rows removed
    change: Change

    @property
    def total(self) -> int:
        return sum(self.restored.values()) + sum(self.deleted.values())


def undo_import(store: Store, batch_id: int) -> UndoResult:
    """Undo import batch `batch_id` in one transaction."""
    with store.transaction(batch_id=batch_id) as session:
        batch = batch_row(session, batch_id)
        if batch is None:
            raise NotFound(f"There is no import batch {batch_id}")
        if batch.kind == BatchKind.DEMO:
            raise ServiceError("The demo portfolio's own batch cannot be undone")
        if batch.undone_at is not None:
            raise ServiceError(
                f"Import #{batch_id} was already undone on {batch.undone_at:%Y-%m-%d %H:%M}"
            )
        work = read_work(session, batch)
        later = later_changes(session, work, batch)
        if later:
            raise ServiceError(
                f"Import #{batch_id} cannot be undone: what it wrote was changed since — "
                + "; ".join(later)
                + ". Undo those changes (or the later import) first."
            )
        benefit_ids = set(benefits_of(work))
        restored, audit = restore_values(session, work)
        used = dependents(session, work)
        if used:
            raise ServiceError(f"Import #{batch_id} cannot be undone: " + "; ".join(used[:5]) + ".")
        benefit_ids |= figure_benefits(session, batch_id)
        deleted, deletions = delete_rows(session, work)
        audit += deletions
        audit.append(mark_undone(session, batch))
        audit_rows(session, audit, batch_id=batch_id)
        change = Change("import", (batch_id,), frozenset(benefit_ids), structural=True)
        return UndoResult(batch_id, batch.file_name, restored, deleted, change)
