"""Export: the canonical workbook (docs/workbook.md), as Excel tables, and its round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from benefitdesk.demo import create_demo
from benefitdesk.exchange.canonical import SHEETS
from benefitdesk.exchange.workbook_writer import (
    Cancelled,
    TableColumn,
    TableSheet,
    write_workbook,
)
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.exporting import export_portfolio
from benefitdesk.services.importing import apply_import
from benefitdesk.services.measurements import log_measurement
from benefitdesk.store import Store
from test_import_helpers import TODAY, add_benefit, values_of

# docs/workbook.md: the sheets and their columns, in this order.
CANONICAL = {
    "Settings": "Key, Value",
    "People": "Name, Email, Role",
    "Projects": "Code, Name, Sponsor, Manager, Status, Approval Date, Planned Go-Live, "
    "Actual Go-Live, Budget, Actual Cost, Percent Complete, Delivery RAG",
    "Benefits": "Code, Title, Project, Objective, Kind, Category, Classification, "
    "Description, Measure, Unit, Baseline, Baseline Date, Target, Target Date, Tolerance, "
    "Realisation Start, Tracking End, Owner, Data Source, Frequency, Financial Value, "
    "Confidence, Status, Defined On, Sustainment, Notes",
    "Plan": "Benefit, Version, Date, Planned Value, Reason",
    "Measurements": "Benefit, Date, Value, Source, Note",
    "Indicators": "Code, Benefit, Name, Unit, Baseline, Baseline Date, Target, Target Date, "
    "Frequency, Data Source",
    "Indicator Measurements": "Indicator, Date, Value, Source, Note",
    "Variance Notes": "Benefit, Period, Cause, Explanation",
    "Actions": "Benefit, Title, Owner, Due Date, Done Date, Status, Outcome",
    "Activities": "Benefit, Title, Kind, Owner, Due Date, Done Date, Status",
}


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("export")
    portfolio = folder / "demo.sqlite"
    create_demo(portfolio, today=TODAY).close()
    out = folder / "demo.xlsx"
    with Store(portfolio) as store:
        export_portfolio(store, out)
    return portfolio, out


def test_sheets_and_columns_are_designs(demo_export: tuple[Path, Path]) -> None:
    wb = openpyxl.load_workbook(demo_export[1])
    assert wb.sheetnames == [*CANONICAL, "Stakeholders"]  # ours after the original list
    for name, columns in CANONICAL.items():
        header = [c.value for c in wb[name][1]]
        assert header == columns.split(", "), name
    assert [c.value for c in wb["Stakeholders"][1]] == ["Benefit", "Person", "Role"]


def test_every_sheet_is_a_table_with_frozen_header_formats_widths_and_dropdowns(
    demo_export: tuple[Path, Path],
) -> None:
    wb = openpyxl.load_workbook(demo_export[1])
    for spec in SHEETS:
        ws = wb[spec.name]
        assert ws.freeze_panes == "A2", spec.name
        (table,) = ws.tables.values()
        last = openpyxl.utils.get_column_letter(len(spec.columns))
        assert table.ref == f"A1:{last}{max(ws.max_row, 2)}", spec.name
        assert [c.name for c in table.tableColumns] == spec.headers
        assert table.autoFilter.ref == table.ref, spec.name  # the header's filter buttons
        for index, column in enumerate(spec.columns, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            assert ws.column_dimensions[letter].width >= len(column.header(spec.kind))
        lists = {
            str(dv.sqref).split(":")[0]: dv.formula1
            for dv in ws.data_validations.dataValidation
            if dv.type == "list"
        }
        for index, column in enumerate(spec.columns, start=1):
            if column.choices:
                letter = openpyxl.utils.get_column_letter(index)
                assert lists[f"{letter}2"] == '"' + ",".join(column.choices) + '"'
    benefits = wb["Benefits"]
    assert benefits["L2"].number_format == "yyyy-mm-dd"  # Baseline Date
    assert benefits["L2"].is_date
    assert wb["Projects"]["I2"].number_format == "#,##0"  # Budget
    kinds = {dv.type for dv in benefits.data_validations.dataValidation}
    assert {"list", "date", "decimal"} <= kinds


def test_enumerations_are_written_lower_case(demo_export: tuple[Path, Path]) -> None:
    sheets = values_of(demo_export[1])
    statuses = {row[4] for row in sheets["Projects"][1:]}
    assert "in delivery" in statuses
    assert {row[4] for row in sheets["Benefits"][1:]} <= {"benefit", "dis-benefit", "maintain"}
    assert "cost saving" in {row[5] for row in sheets["Benefits"][1:]}
    assert "in progress" in {row[5] for row in sheets["Actions"][1:]}


def test_round_trip_gives_the_same_cell_values(
    demo_export: tuple[Path, Path], tmp_path: Path
) -> None:
    first = demo_export[1]
    with Store(tmp_path / "empty.sqlite", create=True) as store:
        result = apply_import(store, first)
        assert result.ok and result.committed, [str(p) for p in result.problems]
        again = tmp_path / "again.xlsx"
        export_portfolio(store, again)
    assert values_of(again) == values_of(first)


def test_formula_like_text_is_written_as_text(store: Store, tmp_path: Path) -> None:
    add_benefit(store, "B-001", title='=HYPERLINK("http://x","y")', notes="+1+2")
    log_measurement(store, "B-001", date(2026, 3, 31), 5.0, note="-2+3")
    log_measurement(store, "B-001", date(2026, 4, 30), 6.0, note="@SUM(A1)")
    out = tmp_path / "out.xlsx"
    export_portfolio(store, out)
    wb = openpyxl.load_workbook(out)
    title = wb["Benefits"]["B2"]
    assert title.value == '=HYPERLINK("http://x","y")' and title.data_type == "s"
    assert wb["Benefits"]["Z2"].value == "+1+2" and wb["Benefits"]["Z2"].data_type == "s"
    notes = [wb["Measurements"][f"E{r}"] for r in (2, 3)]
    assert [(c.value, c.data_type) for c in notes] == [("-2+3", "s"), ("@SUM(A1)", "s")]


def test_empty_portfolio_exports_empty_tables(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    result = export_portfolio(store, out)
    assert result.rows["Benefits"] == 0
    wb = openpyxl.load_workbook(out)
    assert wb["Benefits"].tables["Benefits"].ref == "A1:Z2"  # Excel needs one row
    with Store(tmp_path / "other.sqlite", create=True) as other:
        assert apply_import(other, out).ok


def test_export_refuses_a_wrong_target(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match=r"\.xlsx"):
        export_portfolio(store, tmp_path / "out.csv")
    with pytest.raises(ServiceError, match="does not exist"):
        export_portfolio(store, tmp_path / "missing" / "out.xlsx")


def test_cancelled_export_leaves_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"previous")
    column = TableColumn("Value", "number", 10)
    rows = ((float(i),) for i in range(20_000))
    with pytest.raises(Cancelled):
        write_workbook(out, [TableSheet("S", "S", [column], rows, 20_000)], cancelled=lambda: True)
    assert out.read_bytes() == b"previous"
    assert not list(tmp_path.glob("*.partial"))


def test_progress_counts_rows(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    for month in range(1, 13):
        log_measurement(store, "B-001", date(2025, month, 28), float(month))
    seen: list[tuple[int, int]] = []
    result = export_portfolio(store, tmp_path / "o.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (result.total_rows, result.total_rows)
    assert result.rows["Measurements"] == 12


def test_openpyxl_parses_through_defusedxml() -> None:
    from benefitdesk.exchange.limits import openpyxl_is_defused

    assert openpyxl_is_defused()
