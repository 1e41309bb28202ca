"""Copy a whole portfolio between a file and a server, row for row, ids included.

Every table is copied — history, import batches and the audit log too — in one
transaction on the target, from one consistent read of the source, and each table's
count is checked before the copy commits. The target must be empty: a copy never
merges into, or overwrites, a portfolio. Who may sign in where (``server_member``)
belongs to a server, not to the portfolio, and is not copied.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, select, text
from sqlmodel import SQLModel

import benefitdesk.model  # noqa: F401  (registers the tables)
from benefitdesk.progress import CancelCheck, Progress, stop_if_cancelled
from benefitdesk.store.errors import PortfolioError

#: Not part of a portfolio's content.
SKIPPED = frozenset({"alembic_version", "server_member"})
#: Rows read and written at a time.
CHUNK = 5_000


class TargetNotEmpty(PortfolioError):
    """The target already holds a portfolio (or anything at all)."""


class CountMismatch(PortfolioError):
    """A table's row count differs after the copy: nothing was kept."""


def portfolio_tables() -> list[Table]:
    """The portfolio's tables, parents before children."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in SKIPPED]


def count_rows(connection: Connection) -> dict[str, int]:
    return {
        t.name: int(connection.execute(select(func.count()).select_from(t)).scalar() or 0)
        for t in portfolio_tables()
    }


def filled_tables(connection: Connection) -> list[str]:
    """Tables of ``connection`` holding rows (one default settings row does not count)."""
    counts = count_rows(connection)
    if counts.get("portfolio_settings") == 1 and not any(
        n for name, n in counts.items() if name != "portfolio_settings"
    ):
        return []
    return [name for name, n in counts.items() if n]


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _rows(source: Connection, table: Table) -> Iterator[list[tuple[Any, ...]]]:
    result = source.execution_options(yield_per=CHUNK).execute(
        select(table).order_by(*table.primary_key)
    )
    for chunk in result.partitions():
        yield [tuple(_plain(v) for v in row) for row in chunk]


def _write(target: Connection, table: Table, rows: list[tuple[Any, ...]]) -> None:
    names = [c.name for c in table.columns]
    if target.dialect.name == "postgresql":
        raw = target.connection.driver_connection
        assert raw is not None  # an open connection has its driver's
        columns = ", ".join(target.dialect.identifier_preparer.quote(n) for n in names)
        with raw.cursor().copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    target.execute(table.insert(), [dict(zip(names, row, strict=True)) for row in rows])


def _after_copy(target: Connection) -> None:
    """On a server: new rows continue after the highest copied id, and the planner
    learns the tables' new sizes at once (without statistics it picks slow plans)."""
    if target.dialect.name != "postgresql":
        return
    target.exec_driver_sql("ANALYZE " + ", ".join(t.name for t in portfolio_tables()))
    for table in portfolio_tables():
        if "id" in table.columns and table.columns["id"].autoincrement:
            target.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def copy_portfolio(
    source: Engine,
    target: Engine,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> dict[str, int]:
    """Copy every row of ``source`` into the empty ``target``; returns rows per table."""
    reader = (
        source.execution_options(isolation_level="REPEATABLE READ")
        if (source.dialect.name == "postgresql")
        else source
    )
    with reader.connect() as src, src.begin(), target.begin() as dst:
        filled = filled_tables(dst)
        if filled:
            raise TargetNotEmpty(
                f"The target already holds a portfolio ({', '.join(filled[:4])} have rows): "
                "a copy goes only into an empty one"
            )
        expected = count_rows(src)
        total, done = sum(expected.values()), 0
        dst.execute(SQLModel.metadata.tables["portfolio_settings"].delete())
        for table in portfolio_tables():
            for rows in _rows(src, table):
                stop_if_cancelled(cancelled, "The copy")
                _write(dst, table, rows)
                done += len(rows)
                if progress is not None:
                    progress(done, total)
        _after_copy(dst)
        copied = count_rows(dst)
        wrong = {k: (expected[k], copied[k]) for k in expected if copied[k] != expected[k]}
        if wrong:
            listing = "; ".join(f"{k}: {a} read, {b} written" for k, (a, b) in wrong.items())
            raise CountMismatch(f"The copy was incomplete, so nothing was kept ({listing})")
    return expected
