"""Import batches: the provenance record every import and sync run writes.

A batch is inserted at the start of the run's transaction (so rows can carry its id),
audited like any other insert, and given its counts at the end.
"""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from benefitdesk.model import BatchKind, ImportBatch
from benefitdesk.model.tables import now
from benefitdesk.store.audit import audit_rows


def start_batch(
    session: Session,
    *,
    kind: BatchKind,
    file_name: str,
    sha256: str | None,
    source: str | None,
    user: str,
    label: str,
    profile: str | None = None,
) -> int:
    """Insert the batch row (one transaction with the run) and return its id."""
    table = ImportBatch.__table__
    batch_id = int(
        session.execute(
            insert(table)
            .values(
                kind=kind,
                file_name=file_name[:500],
                sha256=sha256,
                profile=profile[:200] if profile else None,
                source=source,
                created_at=now(),
                created_by=user,
            )
            .returning(table.c.id)
        ).scalar()
    )
    session.info["batch_id"] = batch_id
    audit_rows(
        session,
        [
            {
                "action": "insert",
                "entity": table.name,
                "entity_id": batch_id,
                "label": label[:200],
                "field": None,
                "old": None,
                "new": file_name,
            }
        ],
        batch_id=batch_id,
    )
    return batch_id


def finish_batch(
    session: Session, batch_id: int, *, read: int, added: int, changed: int, unchanged: int
) -> None:
    """Record what the run did."""
    table = ImportBatch.__table__
    session.execute(
        update(table)
        .where(table.c.id == batch_id)
        .values(rows_read=read, rows_added=added, rows_changed=changed, rows_unchanged=unchanged)
    )
