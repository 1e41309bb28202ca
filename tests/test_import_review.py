"""Import review: rows, not files, fail; the rejects workbook; skipped rows counted;
protected baselines (re-baselines listed, written only when confirmed, undone with the
import); each batch keeps its counts by fate and its rejected rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from benefitdesk.model import Benefit, ImportBatch, ImportReject, PlanPoint, PlanVersion
from benefitdesk.services.importing import (
    apply_import,
    plan_import,
    undo_import,
    write_rejects_workbook,
)
from benefitdesk.store import Store
from test_import_helpers import add_benefit, cli, workbook

HEADER = ["Code", "Title", "Owner", "Baseline", "Target", "Target Date", "Status"]


def approved(store: Store) -> None:
    """Two approved benefits (baseline 20 → target 30 by 2026-12-31) and a draft."""
    for code in ("B-001", "B-002"):
        add_benefit(store, code, status="approved")  # type: ignore[arg-type]
    add_benefit(store, "B-003")


def register(path: Path) -> Path:
    """Changes two baselines (and a title), adds a benefit and one bad row."""
    return workbook(
        path,
        {
            "Benefits": [
                ["Benefit register, March"],
                HEADER,
                ["B-001", "Renamed one", "Alice Chen", 21, 30, date(2026, 12, 31), "approved"],
                ["B-002", "Benefit B-002", "Alice Chen", 22.5, 40, date(2027, 6, 30), "approved"],
                ["B-004", "New one", "Bob Day", 5, 10, date(2027, 3, 31), "draft"],
                ["B-005", "Bad one", "Bob Day", 5, 10, date(2027, 3, 31), "aproved"],
            ],
        },
    )


def benefits(store: Store) -> dict[str, tuple]:
    table = Benefit.__table__
    with store.reading() as session:
        return {
            r.code: (r.title, r.baseline, r.target, r.target_date)
            for r in session.execute(select(table))
        }


def plans(store: Store) -> dict[tuple[str, int], tuple]:
    """(code, version) → (reason, points)."""
    b, v, p = Benefit.__table__, PlanVersion.__table__, PlanPoint.__table__
    with store.reading() as session:
        found: dict[tuple[str, int], tuple] = {}
        for row in session.execute(
            select(b.c.code, v.c.id, v.c.version, v.c.reason).join(v, v.c.benefit_id == b.c.id)
        ):
            points = session.execute(
                select(p.c.date, p.c.value).where(p.c.plan_version_id == row.id).order_by(p.c.date)
            ).all()
            found[(row.code, row.version)] = (row.reason, [tuple(x) for x in points])
        return found


@pytest.mark.both_engines
def test_a_register_that_rebaselines_and_has_a_bad_row(store: Store, tmp_path: Path) -> None:
    """The bar: the rest imports, the bad row goes to the rejects workbook, the baselines
    stay without --rebaseline and with it become a plan version; undo restores all."""
    approved(store)
    before = benefits(store)
    path = register(tmp_path / "march.xlsx")

    plan = plan_import(store, path)
    listed = [str(r) for r in plan.rebaselines]
    assert listed == [
        "B-001 baseline 20 → 21 (approved benefit)",
        "B-002 baseline 20 → 22.5 (approved benefit)",
        "B-002 target 30 → 40 (approved benefit)",
        "B-002 target date 2026-12-31 → 2027-06-30 (approved benefit)",
    ]
    assert plan.rejected_rows == 1 and not plan.refused and benefits(store) == before

    result = apply_import(store, path)
    assert result.committed and result.rejected_rows == 1
    (error,) = result.errors
    assert str(error).startswith('Benefits!G6: "aproved" is not one of')
    after = benefits(store)
    assert after["B-001"] == ("Renamed one", 20, 30, date(2026, 12, 31))  # the rest of the row
    assert after["B-002"] == before["B-002"]
    assert after["B-004"][0] == "New one" and "B-005" not in after
    assert plans(store) == {}
    out = write_rejects_workbook(result, tmp_path / "rejects.xlsx")
    sheet = openpyxl.load_workbook(out)["Benefits"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Benefit register, March" and rows[1] == [*HEADER, "Error"]
    assert rows[2][:2] == ["B-005", "Bad one"] and "G6:" in rows[2][-1]

    undo_import(store, result.batch_id)
    assert benefits(store) == before

    confirmed = apply_import(store, path, rebaseline=True)
    assert confirmed.committed and confirmed.rebaseline
    assert benefits(store)["B-002"][1:] == (22.5, 40, date(2027, 6, 30))
    versions = plans(store)
    assert set(versions) == {("B-001", 1), ("B-001", 2), ("B-002", 1), ("B-002", 2)}
    reason, points = versions[("B-002", 2)]
    assert "march.xlsx" in reason and "baseline 20 → 22.5" in reason
    assert points[-1] == (date(2027, 6, 30), 40.0)  # the plan ends at the new target
    assert versions[("B-002", 1)][1][-1] == (date(2026, 12, 31), 30.0)  # the old plan
    undo_import(store, confirmed.batch_id)
    assert benefits(store) == before and plans(store) == {}


def test_the_rejects_workbook_fixed_imports_again(store: Store, tmp_path: Path) -> None:
    approved(store)
    result = apply_import(store, register(tmp_path / "march.xlsx"))
    out = write_rejects_workbook(result, tmp_path / "rejects.xlsx")
    book = openpyxl.load_workbook(out)
    book["Benefits"]["G3"] = "approved"  # the bad cell, fixed in place
    book.save(out)
    again = apply_import(store, out)
    assert again.ok and again.committed, [str(p) for p in again.problems]
    assert not [w for w in again.warnings if "Error" in w.message]  # passed over
    assert benefits(store)["B-005"][0] == "Bad one"
    # approved, but without a frequency: it comes in as a draft with its findings
    assert any("B-005 comes in as a draft" in w.message for w in again.warnings)


@pytest.mark.both_engines
def test_the_batch_keeps_its_counts_by_fate_and_its_rejected_rows(
    store: Store, tmp_path: Path
) -> None:
    add_benefit(store)
    path = workbook(
        tmp_path / "log.xlsx",
        {
            "Measurements": [
                ["Benefit", "Date", "Value"],
                ["B-001", "2025-01-31", 21],
                [None, None, None],
                ["B-001", "2025-02-28", "abc"],
                ["Total", None, 21],
                ["B-001", "2025-03-31", None],
                ["B-404", "2025-03-31", 3],
            ]
        },
    )
    result = apply_import(store, path)
    tally = result.counts["measurements"]
    assert (tally.added, tally.rejected, tally.skipped) == (1, 2, 3)
    with store.reading() as session:
        batch = session.execute(select(ImportBatch.__table__)).all()[-1]
        rejects = session.execute(select(ImportReject.__table__)).all()
    assert (batch.rows_added, batch.rows_rejected, batch.rows_skipped) == (1, 2, 3)
    assert [(r.sheet, r.row_number) for r in rejects] == [("Measurements", 4), ("Measurements", 7)]
    assert 'C4: "abc" is not a number' in rejects[0].reason
    assert rejects[0].cells == '["B-001", "2025-02-28", "abc"]'
    assert rejects[0].header == '["Benefit", "Date", "Value"]'


def test_blank_total_and_numbered_rows_are_skipped_not_rejected(
    store: Store, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        {
            "Benefits": [
                ["#", "Code", "Title", "Baseline", "Target"],
                [1, "B-001", "Faster invoices", 10, 4],
                [None, None, None, None, None],
                [2, None, None, None, None],
                ["3.", None, None, None, None],
                [None, "Subtotal", None, 10, 4],
                [None, "Grand total", None, 10, 4],
            ]
        },
    )
    result = apply_import(store, path)
    assert result.ok and result.committed, [str(p) for p in result.problems]
    assert (result.counts["benefits"].added, result.counts["benefits"].skipped) == (1, 5)


def test_a_file_level_error_writes_nothing(store: Store, tmp_path: Path) -> None:
    path = workbook(tmp_path / "r.xlsx", {"Benefits": [["Code", "Title"], ["B-001", "A"]]})
    mapping = tmp_path / "m.toml"
    mapping.write_text('version = 1\n[sheets."Register"]\nkind = "benefits"\n')
    code, _out, err = cli(["import", str(store.target), str(path), "--mapping", str(mapping)])
    assert code == 1 and 'names sheet "Register"' in err and "nothing was written" in err
    assert benefits(store) == {}


@pytest.mark.parametrize("dry_run", [False, True])
def test_command_line_lists_rebaselines_and_writes_rejects(
    store: Store, tmp_path: Path, dry_run: bool
) -> None:
    approved(store)
    path = register(tmp_path / "march.xlsx")
    args = ["import", str(store.target), str(path), "--rejects", str(tmp_path / "r.xlsx")]
    code, out, err = cli([*args, "--dry-run"] if dry_run else args)
    assert code == 1 and "1 row rejected" in err
    assert "re-baselines left out" in out and "B-002 baseline 20 → 22.5 (approved benefit)" in out
    assert "Wrote" in out and (tmp_path / "r.xlsx").exists()
    code, out, err = cli([*args, "--rebaseline", "--all-or-nothing"])
    assert code == 1 and "nothing was written" in err and "would be re-baselined" in out
    assert benefits(store)["B-002"][1] == 20


def test_a_maintain_kpi_comes_in_and_target_equals_baseline_otherwise_is_a_draft(
    store: Store, tmp_path: Path
) -> None:
    header = ["Code", "Title", "Kind", "Owner", "Baseline", "Baseline Date", "Target"]
    header += ["Target Date", "Tolerance", "Frequency", "Measure", "Unit", "Status"]
    common = ["Ann Lee", 99.5, date(2026, 1, 31), 99.5, date(2026, 12, 31)]
    tail = ["monthly", "Uptime", "%", "approved"]
    path = workbook(
        tmp_path / "kpis.xlsx",
        {
            "Benefits": [
                header,
                ["B-001", "Uptime held", "maintain", *common, 0.3, *tail],
                ["B-002", "Uptime (no kind)", "benefit", *common, None, *tail],
            ]
        },
    )
    result = apply_import(store, path)
    assert result.ok and result.committed, [str(p) for p in result.problems]
    with store.reading() as session:
        rows = {r.code: r for r in session.execute(select(Benefit.__table__))}
    held = rows["B-001"]
    assert (held.kind.value, held.target, held.tolerance, held.status.value) == (
        "maintain",
        99.5,
        0.3,
        "approved",
    )
    assert (rows["B-002"].status.value, rows["B-002"].target) == ("draft", None)
    warning = next(w.message for w in result.warnings if w.cell == "M3")
    assert "comes in as a draft" in warning and "maintain KPI" in warning
