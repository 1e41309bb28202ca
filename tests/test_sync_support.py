"""Builders shared by the sync tests (no tests here): a portfolio with benefits and an
indicator, real CSV/xlsx exports and a real SQLite source database."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

import builders
from benefitdesk.model import AuditEntry, ImportBatch, IndicatorMeasurement, Measurement
from benefitdesk.services.records import IndicatorFields, add_indicator
from benefitdesk.services.sync import SyncProfile, save_profile
from benefitdesk.store import Store


def add_benefit(store: Store, code: str, *, data_source: str | None = None) -> None:
    """A valid benefit without a data source unless one is given (a profile supplies it)."""
    builders.add_benefit(
        store,
        code,
        measure="Rate",
        baseline=10.0,
        target=20.0,
        data_source=data_source,
        financial_value=None,
    )


def add_portfolio_codes(store: Store) -> None:
    """B-001, B-002, B-003 (no data source) and indicator LI-001 on B-002."""
    for code in ("B-001", "B-002", "B-003"):
        add_benefit(store, code)
    add_indicator(store, benefit_id=2, data=IndicatorFields("LI-001", "Adoption", "%"))


def write_csv(path: Path, lines: Iterable[str], *, mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_sqlite(path: Path, rows: Sequence[tuple[Any, ...]]) -> Path:
    """An operational database: invoice_cost(kpi, day, cost)."""
    with sqlite3.connect(path) as db:
        db.execute("create table if not exists invoice_cost (kpi text, day text, cost real)")
        db.execute("delete from invoice_cost")
        db.executemany("insert into invoice_cost values (?, ?, ?)", rows)
    return path


def csv_profile(path: Path, **changes: Any) -> SyncProfile:
    values: dict[str, Any] = {
        "name": "CRM",
        "source": "file",
        "path": str(path),
        "key_column": "KPI",
        "date_column": "Month",
        "value_column": "Value",
        "keys": {"conversion_rate": "B-001"},
    }
    values.update(changes)
    return SyncProfile(**values)


def sql_profile(db: Path, **changes: Any) -> SyncProfile:
    values: dict[str, Any] = {
        "name": "ERP",
        "source": "sql",
        "url": f"sqlite:///{db}",
        "query": "select kpi as key, day as date, cost as value from invoice_cost",
        "aggregate": "mean",
        "keys": {"cost_per_invoice": "B-003"},
    }
    values.update(changes)
    return SyncProfile(**values)


def saved(store: Store, *profiles: SyncProfile) -> None:
    for profile in profiles:
        save_profile(store, profile)


def figures(store: Store, *, indicators: bool = False) -> dict[tuple[str, date], float]:
    """Every stored figure by (owner id as text, date)."""
    model: Any = IndicatorMeasurement if indicators else Measurement
    owner = model.indicator_id if indicators else model.benefit_id
    with store.reading() as session:
        rows = session.execute(select(owner, model.date, model.value)).all()
    return {(str(o), d): v for o, d, v in rows}


def sources(store: Store) -> dict[date, str]:
    with store.reading() as session:
        rows = session.execute(select(Measurement.date, Measurement.source)).all()
    return {d: getattr(s, "value", s) for d, s in rows}


def counts(store: Store) -> tuple[int, int, int, int]:
    """(measurements, indicator measurements, batches, audit entries): what a failed
    run must leave as it was."""
    with store.reading() as session:
        return tuple(  # type: ignore[return-value]
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Measurement, IndicatorMeasurement, ImportBatch, AuditEntry)
        )
