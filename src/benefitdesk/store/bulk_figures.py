"""The statements of the import's bulk figure writes (``services/importing/figures.py``
decides what is new, changed or unchanged; this reads and writes it).

Each call handles a chunk of figures in one statement. On SQLite the statements go to
the driver directly: measured, SQLAlchemy Core's ``insert()`` costs three times raw
``executemany``. Any other database goes through Core with the same statements.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from benefitdesk.model import IndicatorMeasurement, Measurement, table_of

#: A stored figure by (owner id, ISO date): (id, value, note, source).
Stored = dict[tuple[int, str], tuple[int, float, str | None, str]]


def timestamp_text(moment: dt.datetime) -> str:
    """A timestamp as SQLAlchemy stores DateTime in SQLite."""
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class FigureTable:
    """One figure table (benefit or indicator measurements) written under one batch,
    by one user, at one moment."""

    def __init__(
        self,
        session: Session,
        *,
        indicators: bool,
        batch_id: int,
        user: str,
        moment: dt.datetime,
    ) -> None:
        self.session = session
        self.table = table_of(IndicatorMeasurement if indicators else Measurement)
        self.owner = "indicator_id" if indicators else "benefit_id"
        self.entity = self.table.name
        self.batch_id = batch_id
        self.user = user
        self.moment = moment
        self.stamp = timestamp_text(moment)
        self.sqlite = session.connection().dialect.name == "sqlite"

    def stored(self, owners: Sequence[int], low: str, high: str) -> Stored:
        """Stored figures of ``owners`` dated ``low`` to ``high`` (ISO dates)."""
        if self.sqlite:
            sql = (
                f"SELECT {self.owner}, date, id, value, note, source FROM {self.entity} "
                f"WHERE {self.owner} IN ({','.join(map(str, owners))}) "
                "AND date BETWEEN ? AND ?"
            )
            rows = self.session.connection().exec_driver_sql(sql, (low, high)).all()
            return {(r[0], r[1]): (r[2], r[3], r[4], r[5]) for r in rows}
        t = self.table
        query = select(t.c[self.owner], t.c.date, t.c.id, t.c.value, t.c.note, t.c.source).where(
            t.c[self.owner].in_(owners),
            t.c.date.between(dt.date.fromisoformat(low), dt.date.fromisoformat(high)),
        )
        return {
            (r[0], r[1].isoformat()): (r[2], r[3], r[4], getattr(r[5], "value", r[5]))
            for r in self.session.execute(query)
        }

    def _sqlite_cursor(self) -> sqlite3.Cursor:
        driver = self.session.connection().connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)  # only called on the SQLite path
        return driver.cursor()

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        """New figures as (owner, ISO date, value, source, note, `stamp`, user, batch)."""
        if not rows:
            return
        if self.sqlite:
            self._sqlite_cursor().executemany(
                f"INSERT INTO {self.entity} ({self.owner}, date, value, source, note, "
                "recorded_at, recorded_by, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return
        self.session.execute(
            insert(self.table),
            [
                {
                    self.owner: owner,
                    "date": dt.date.fromisoformat(iso),
                    "value": value,
                    "source": source,
                    "note": note,
                    "recorded_at": self.moment,
                    "recorded_by": self.user,
                    "batch_id": self.batch_id,
                }
                for owner, iso, value, source, note, *_recorded in rows
            ],
        )

    def update(self, rows: list[tuple[Any, ...]]) -> None:
        """Changed figures as (value, note, source, id), recorded now by the user."""
        if not rows:
            return
        if self.sqlite:
            self._sqlite_cursor().executemany(
                f"UPDATE {self.entity} SET value = ?, note = ?, source = ?, recorded_at = ?, "
                "recorded_by = ? WHERE id = ?",
                [(v, n, s, self.stamp, self.user, i) for v, n, s, i in rows],
            )
            return
        t = self.table
        statement = (
            update(t)
            .where(t.c.id == bindparam("row_id"))
            .values(
                value=bindparam("v"),
                note=bindparam("n"),
                source=bindparam("s"),
                recorded_at=bindparam("at"),
                recorded_by=bindparam("by"),
            )
        )
        self.session.connection().execute(
            statement,
            [
                {"v": v, "n": n, "s": s, "at": self.moment, "by": self.user, "row_id": i}
                for v, n, s, i in rows
            ],
        )


def stored_values(
    session: Session, *, indicators: bool, owners: Sequence[int], low: dt.date, high: dt.date
) -> dict[tuple[int, dt.date], float]:
    """The values held for ``owners`` (benefits or indicators) dated ``low`` to ``high``,
    by (owner, date); 500 owners a query (SQLite's limit on parameters)."""
    t = table_of(IndicatorMeasurement if indicators else Measurement)
    owner = t.c.indicator_id if indicators else t.c.benefit_id
    found: dict[tuple[int, dt.date], float] = {}
    for start in range(0, len(owners), 500):
        query = select(owner, t.c.date, t.c.value).where(
            owner.in_(owners[start : start + 500]), t.c.date.between(low, high)
        )
        found.update({(o, d): v for o, d, v in session.execute(query)})
    return found
