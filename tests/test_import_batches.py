"""Import batches: one transaction, idempotent re-import, the audit trail, undo, Cancel,
and a killed process leaving the portfolio as it was."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from benefitdesk.exchange.errors import ExchangeError
from benefitdesk.exchange.workbook_writer import TableColumn, TableSheet, write_workbook
from benefitdesk.model import AuditEntry, Benefit, ImportBatch, Measurement, Person
from benefitdesk.services.errors import NotFound, ServiceError
from benefitdesk.services.importing import apply_import, list_batches, plan_import, undo_import
from benefitdesk.services.importing.pipeline import Cancelled
from benefitdesk.services.measurements import log_measurement
from benefitdesk.store import Store
from test_import_helpers import add_benefit, workbook

pytestmark = pytest.mark.both_engines  # a file and a server database each

HEADER = ["Code", "Title", "Owner", "Baseline", "Target"]


def table(store: Store, model: type) -> list:
    with store.reading() as session:
        return list(session.execute(select(model.__table__).order_by(model.__table__.c.id)))


def measurements(store: Store) -> dict[date, tuple[float, str | None]]:
    return {m.date: (m.value, m.note) for m in table(store, Measurement)}


def log(tmp_path: Path, name: str, values: dict[str, float], note: str | None = None) -> Path:
    data = [["Benefit", "Date", "Value", "Note"]]
    data += [["B-001", day, value, note] for day, value in values.items()]
    return workbook(tmp_path / name, {"Measurements": data})


def test_one_batch_with_file_name_sha_and_counts(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    log_measurement(store, "B-001", date(2025, 1, 31), 20.0)
    path = log(tmp_path, "march.xlsx", {"2025-01-31": 21.0, "2025-02-28": 22.0, "2025-03-31": 23.0})
    result = apply_import(store, path)
    (batch,) = [b for b in table(store, ImportBatch) if b.id == result.batch_id]
    assert (batch.kind.value, batch.file_name, batch.sha256) == (
        "import",
        "march.xlsx",
        result.sha256,
    )
    assert len(batch.sha256) == 64
    assert (batch.rows_read, batch.rows_added, batch.rows_changed) == (3, 2, 1)
    assert list_batches(store)[0].id == result.batch_id


def test_reimporting_the_same_file_changes_nothing(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    path = log(tmp_path, "a.xlsx", {"2025-01-31": 21.0, "2025-02-28": 22.0}, note="checked")
    first = apply_import(store, path)
    assert first.committed
    audit_before, batches_before = len(table(store, AuditEntry)), len(table(store, ImportBatch))
    again = apply_import(store, path)
    assert again.ok and again.up_to_date and not again.committed
    assert again.counts["measurements"].unchanged == 2
    assert again.previous_batches == [first.batch_id]
    assert len(table(store, AuditEntry)) == audit_before
    assert len(table(store, ImportBatch)) == batches_before


def test_changes_are_audited_and_undo_restores_them(store: Store, tmp_path: Path) -> None:
    benefit_id = add_benefit(store)
    log_measurement(store, "B-001", date(2025, 1, 31), 20.0, note="typed in")
    path = workbook(
        tmp_path / "update.xlsx",
        {
            "Benefits": [HEADER, ["B-001", "Renamed", "Zoe New", 20, 35]],
            "Measurements": [
                ["Benefit", "Date", "Value", "Note"],
                ["B-001", "2025-01-31", 20.5, None],
                ["B-001", "2025-02-28", 21.0, "new"],
            ],
        },
    )
    result = apply_import(store, path)
    assert result.people_added == ["Zoe New"]
    audit = [a for a in table(store, AuditEntry) if a.batch_id == result.batch_id]
    changed = {(a.entity, a.field): (a.old, a.new) for a in audit if a.action == "update"}
    assert changed[("benefit", "title")] == ("Benefit B-001", "Renamed")
    assert changed[("benefit", "target")] == ("30.0", "35.0")
    assert changed[("measurement", "value")] == ("20.0", "20.5")
    assert changed[("measurement", "note")] == ("typed in", None)
    assert ("person", "Zoe New") in {(a.entity, a.label) for a in audit if a.action == "insert"}
    new = [m for m in table(store, Measurement) if m.date == date(2025, 2, 28)]
    assert new[0].batch_id == result.batch_id and new[0].source.value == "import"

    undone = undo_import(store, result.batch_id)
    assert undone.change.benefit_ids == {benefit_id}
    assert measurements(store) == {date(2025, 1, 31): (20.0, "typed in")}
    benefit = table(store, Benefit)[0]
    assert (benefit.title, benefit.target) == ("Benefit B-001", 30.0)
    assert {p.name for p in table(store, Person)} == {"Alice Chen"}
    (batch,) = [b for b in table(store, ImportBatch) if b.id == result.batch_id]
    assert batch.undone_at is not None
    with pytest.raises(ServiceError, match="already undone"):
        undo_import(store, result.batch_id)
    # Undone, the same file imports again as new.
    assert apply_import(store, path).committed


def test_undo_is_refused_after_a_later_edit(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    result = apply_import(store, log(tmp_path, "a.xlsx", {"2025-01-31": 21.0}))
    log_measurement(store, "B-001", date(2025, 1, 31), 99.0)  # a person corrects it
    with pytest.raises(ServiceError, match=r"B-001 @ 2025-01-31|changed since"):
        undo_import(store, result.batch_id)
    assert measurements(store) == {date(2025, 1, 31): (99.0, None)}


def test_undo_in_reverse_order(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    first = apply_import(store, log(tmp_path, "a.xlsx", {"2025-01-31": 21.0}))
    second = apply_import(store, log(tmp_path, "b.xlsx", {"2025-01-31": 25.0}))
    with pytest.raises(ServiceError, match=f"import #{second.batch_id}"):
        undo_import(store, first.batch_id)
    undo_import(store, second.batch_id)
    assert measurements(store) == {date(2025, 1, 31): (21.0, None)}
    undo_import(store, first.batch_id)
    assert measurements(store) == {}


def test_undo_unknown_batch(store: Store) -> None:
    with pytest.raises(NotFound):
        undo_import(store, 42)


def test_apply_the_plan_of_a_dry_run(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    path = log(tmp_path, "a.xlsx", {"2025-01-31": 21.0})
    plan = plan_import(store, path)
    assert plan.counts["measurements"].added == 1 and measurements(store) == {}
    result = apply_import(store, plan)
    assert result.committed and measurements(store) == {date(2025, 1, 31): (21.0, None)}
    plan = plan_import(store, path)
    log(tmp_path, "a.xlsx", {"2025-01-31": 22.0})  # the file changes after the dry run
    with pytest.raises(ExchangeError, match="changed since it was checked"):
        apply_import(store, plan)


def test_cancel_writes_nothing_and_progress_is_reported(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    start = date(2000, 1, 31)
    values = {(start + timedelta(days=i)).isoformat(): float(i) for i in range(12_000)}
    path = log(tmp_path, "big.xlsx", values)
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        apply_import(
            store, path, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) > 1
        )
    assert measurements(store) == {} and table(store, ImportBatch) == []
    result = apply_import(store, path, progress=lambda d, t: seen.append((d, t)))
    assert result.counts["measurements"].added == 12_000
    assert seen[-1] == (12_000, 12_000)


def large_workbook(path: Path, benefits: int, per_benefit: int) -> None:
    """A measurement log of benefits × months, written quickly by the streaming writer."""
    columns = [TableColumn(h, t, 12) for h, t in (("Benefit", "ref"), ("Date", "date"))]
    columns.append(TableColumn("Value", "number", 12))
    months = [date(2000 + m // 12, m % 12 + 1, 28) for m in range(per_benefit)]
    rows = (
        (f"B-{b:04d}", day, float(b + i)) for b in range(benefits) for i, day in enumerate(months)
    )
    write_workbook(
        path, [TableSheet("Measurements", "Measurements", columns, rows, benefits * per_benefit)]
    )


KILLED_IMPORT = """
import sys
from benefitdesk.store import Store
from benefitdesk.services.importing import apply_import
with Store(sys.argv[1]) as store:
    apply_import(store, sys.argv[2])
print("finished")
"""


@pytest.mark.slow
@pytest.mark.file_only  # SQLite's journal; on a server the transaction is the server's
def test_a_killed_import_leaves_the_portfolio_as_it_was(store: Store, tmp_path: Path) -> None:
    benefits, per_benefit = 400, 500
    with store.transaction() as session:
        session.execute(
            Benefit.__table__.insert(),
            [{"code": f"B-{b:04d}", "title": f"Benefit {b}"} for b in range(benefits)],
        )
    add_benefit(store, "B-KEEP")
    log_measurement(store, "B-KEEP", date(2025, 1, 31), 1.0)
    path = tmp_path / "large.xlsx"
    large_workbook(path, benefits, per_benefit)
    portfolio = store.path
    assert portfolio is not None
    store.close()

    def snapshot() -> tuple[object, ...]:
        connection = sqlite3.connect(portfolio)
        try:
            return tuple(
                connection.execute(f"SELECT count(*), max(id) FROM {name}").fetchone()
                for name in ("measurement", "import_batch", "audit_entry", "benefit", "person")
            )
        finally:
            connection.close()

    before = snapshot()
    wal = portfolio.with_name(portfolio.name + "-wal")
    wal_before = wal.stat().st_size if wal.exists() else 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(portfolio), str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        # Killed once the import is writing: its pages spill into the WAL.
        while time.monotonic() < deadline and process.poll() is None:
            if wal.exists() and wal.stat().st_size > wal_before + 2_000_000:
                break
            time.sleep(0.02)
        assert process.poll() is None, process.communicate()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None and process.returncode is None:
            process.kill()
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert snapshot() == before
    connection = sqlite3.connect(portfolio)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()
    with Store(portfolio) as reopened:
        assert measurements(reopened) == {date(2025, 1, 31): (1.0, None)}
        result = apply_import(reopened, path)  # and the import can simply be run again
        assert result.counts["measurements"].added == benefits * per_benefit
