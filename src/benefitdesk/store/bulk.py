"""Rows read and written as Core tables, without ORM objects: the import's and sync's
bulk path (``services/importing/``), which plans its own inserts and updates and
audits them under its batch.

Each write is one statement, whatever the number of rows: the caller's per-row work
stays in plain Python, and a chunk of rows costs one round trip.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, Table, func, insert, select, update
from sqlalchemy.orm import Session

from benefitdesk.model import PlanPoint, PlanVersion, table_of


def all_rows(session: Session, table: Table, *, order_by: str | None = None) -> Iterable[Row[Any]]:
    """Every row of ``table``, by ``order_by`` if given (``"id"``: oldest first)."""
    query = select(table)
    return session.execute(query if order_by is None else query.order_by(table.c[order_by]))


def rows_where_in(
    session: Session, table: Table, column: str, values: Collection[Any]
) -> Iterable[Row[Any]]:
    """The rows of ``table`` whose ``column`` is one of ``values``."""
    return session.execute(select(table).where(table.c[column].in_(values)))


def some_columns(session: Session, table: Table, *columns: str) -> Iterable[Row[Any]]:
    """Every row of ``table``, only ``columns`` of it (e.g. each benefit's id and code)."""
    return session.execute(select(*(table.c[c] for c in columns)))


def row_by_id(session: Session, table: Table, row_id: int) -> Row[Any] | None:
    return session.execute(select(table).where(table.c.id == row_id)).first()


def first_row(session: Session, table: Table) -> Row[Any] | None:
    """The first row of a one-row table (the portfolio's settings), or None."""
    return session.execute(select(table)).first()


def insert_row(session: Session, table: Table, values: Mapping[str, Any]) -> int:
    """Insert one row; its id."""
    added = insert(table).values(dict(values)).returning(table.c.id)
    return int(session.execute(added).scalar_one())


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert rows (each with the same keys) in one statement; their ids, in order."""
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def append_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows (each with the same keys) in one statement, ids not wanted."""
    if rows:
        session.execute(insert(table), rows)


def update_row(session: Session, table: Table, row_id: int, values: Mapping[str, Any]) -> None:
    """Set ``values`` on one row, in one statement (settings changed together keep
    their check: amber 30 and red 40 together keep red at least amber)."""
    session.execute(update(table).where(table.c.id == row_id).values(dict(values)))


def latest_plan(session: Session, benefit_id: int) -> tuple[int | None, list[tuple[date, float]]]:
    """A benefit's highest plan version number (None without a plan) and that
    version's points (date, value) by date."""
    versions, points = table_of(PlanVersion), table_of(PlanPoint)
    latest = session.execute(
        select(func.max(versions.c.version)).where(versions.c.benefit_id == benefit_id)
    ).scalar()
    if latest is None:
        return None, []
    rows = session.execute(
        select(points.c.date, points.c.value)
        .join(versions, versions.c.id == points.c.plan_version_id)
        .where(versions.c.benefit_id == benefit_id, versions.c.version == latest)
        .order_by(points.c.date)
    )
    return int(latest), [(day, value) for day, value in rows]


def update_where(
    session: Session, table: Table, column: str, value: Any, values: Mapping[str, Any]
) -> None:
    """Set ``values`` on the rows whose ``column`` is ``value``."""
    session.execute(update(table).where(table.c[column] == value).values(dict(values)))
