"""What the type checker cannot see on a table model's row: its Core table, and the id
the database gave it."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import Table
from sqlmodel import SQLModel


class _Identified(Protocol):
    @property
    def id(self) -> int | None: ...


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a table model, for SQL on its columns (``table_of(Benefit).c.code``)."""
    # SQLAlchemy sets ``__table__`` when it maps the class; SQLModel's stubs do not declare it.
    found: Table = model.__table__  # type: ignore[attr-defined]
    return found


def flushed_id(row: _Identified) -> int:
    """The id of a row added and flushed (``id`` is None only before the INSERT)."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id yet: flush the session first")
    return row.id
