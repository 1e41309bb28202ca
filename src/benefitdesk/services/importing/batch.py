"""Import batches: the provenance record every import and sync run writes.

A batch is inserted at the start of the run's transaction (so rows can carry its id),
audited like any other insert, and given its counts at the end.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from benefitdesk.exchange.grid import CellValue
from benefitdesk.model import BatchKind, ImportBatch, ImportReject, table_of
from benefitdesk.model.tables import now
from benefitdesk.services.importing.reject import RejectedRow
from benefitdesk.store import Session
from benefitdesk.store.audit import audit_rows
from benefitdesk.store.bulk import append_rows, insert_row, update_row


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
    table = table_of(ImportBatch)
    batch_id = insert_row(
        session,
        table,
        {
            "kind": kind,
            "file_name": file_name[:500],
            "sha256": sha256,
            "profile": profile[:200] if profile else None,
            "source": source,
            "created_at": now(),
            "created_by": user,
        },
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
    session: Session,
    batch_id: int,
    *,
    read: int,
    added: int,
    changed: int,
    unchanged: int,
    skipped: int = 0,
    rejected: int = 0,
    rejects: Sequence[tuple[RejectedRow, Sequence[CellValue]]] = (),
) -> None:
    """Record what the run did: its counts by fate, and each rejected row (with its
    sheet's header) so that Import History can list them and write them out again."""
    counts = {"rows_read": read, "rows_added": added, "rows_changed": changed}
    counts |= {"rows_unchanged": unchanged, "rows_skipped": skipped, "rows_rejected": rejected}
    update_row(session, table_of(ImportBatch), batch_id, counts)
    append_rows(
        session,
        table_of(ImportReject),
        [
            {
                "batch_id": batch_id,
                "sheet": row.sheet[:200],
                "row_number": row.row,
                "reason": row.reason,
                "cells": json.dumps([cell_json(c) for c in row.cells]),
                "header": json.dumps([cell_json(c) for c in header]),
            }
            for row, header in rejects
        ],
    )


def cell_json(value: CellValue) -> Any:
    """A cell as JSON: numbers and text as they are, dates as ISO text."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value
