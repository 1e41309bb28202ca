"""Row versions that must survive a delete and its undo.

SQLAlchemy gives every inserted row version 1. A row put back by an undo must come
back at the version it had, or the next undo step (which checks the version it left)
would take it for someone else's change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session


def put_back_version(session: Session, row: Any, version: int | None) -> None:
    """Give ``row`` (just inserted and flushed) its old ``row_version`` again."""
    if version is None or version == row.row_version:
        return
    table = type(row).__table__
    session.execute(update(table).where(table.c.id == row.id).values(row_version=version))
    session.expire(row, ["row_version"])
