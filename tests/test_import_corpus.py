"""A corpus of awkward registers, each built here: headers as people write them, values
as people type them, registers without codes, plans and actuals by period, mapping
options, honest outcomes. Each case names what it stands for."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from benefitdesk.model import Benefit, IndicatorMeasurement, Measurement, PlanPoint, Project
from benefitdesk.services.importing import ImportResult, apply_import, load_mapping
from benefitdesk.store import Store
from test_import_helpers import add_benefit, cli, workbook


def imported(store: Store, path: Path, mapping: str | None = None) -> ImportResult:
    loaded = None
    if mapping is not None:
        file = path.with_suffix(".toml")
        file.write_text(mapping)
        loaded = load_mapping(file)
    result = apply_import(store, path, loaded)
    assert result.committed, [str(p) for p in result.errors]
    return result


def benefit_rows(store: Store) -> list[Any]:
    table = Benefit.__table__
    with store.reading() as session:
        return list(session.execute(select(table).order_by(table.c.code)))


def one(store: Store) -> Any:
    rows = benefit_rows(store)
    assert len(rows) == 1
    return rows[0]


def csv_file(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def warnings(result: ImportResult) -> str:
    return "\n".join(str(w) for w in result.warnings)


# --- headers as people write them -----------------------------------------------------------


def test_headers_by_their_words(store: Store, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        {
            "Sheet1": [
                [
                    *(
                        "Ref No",
                        "Benefit Summary",
                        "Target Realisation Date",
                        "Full-year value (£)",
                    ),
                    *("Responsible officer", "Reporting freq.", "Baseline Figure", "End Target"),
                ],
                ["B-1", "Faster invoices", "2027-03-31", "£40,000", "Ann Lee", "Monthly", 10, 5],
            ]
        },
    )
    imported(store, path)
    row = one(store)
    assert (row.code, row.title, row.target_date) == ("B-1", "Faster invoices", date(2027, 3, 31))
    assert (row.financial_value, row.frequency, row.baseline, row.target) == (
        40_000.0, "monthly", 10.0, 5.0,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("header", "field", "value", "expected"),
    [
        ("Date benefit expected", "target_date", "31/03/2027", date(2027, 3, 31)),
        ("Annual_Benefit_USD", "financial_value", "1,200", 1200.0),
        ("TOTAL Baseline Benefits (£m)", "financial_value", "1.5", 1_500_000.0),
        ("Budgeted saving £'000", "financial_value", "250", 250_000.0),
        ("kpi_name", "measure", "Invoices per clerk", "Invoices per clerk"),
        ("responsible_dept", "owner_id", "Finance", 1),
        ("Means of verification", "data_source", "ERP report", "ERP report"),
    ],
)
def test_one_header_lands_on_its_field(
    store: Store, tmp_path: Path, header: str, field: str, value: str, expected: Any
) -> None:
    path = workbook(
        tmp_path / "r.xlsx", {"Register": [["Code", "Title", header], ["B-1", "A", value]]}
    )
    imported(store, path)
    assert getattr(one(store), field) == expected


def test_kpi_name_is_the_title_when_there_is_no_title(store: Store, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "kpis.csv", "id,kpi_name,unit\nK1,Clearance time,days\n")
    result = imported(store, path)
    row = one(store)
    assert (row.code, row.title, row.measure) == ("K1", "Clearance time", "Clearance time")
    assert 'the titles are read from "kpi_name"' in warnings(result)


def test_benefit_description_is_the_title_when_there_is_no_title(
    store: Store, tmp_path: Path
) -> None:
    path = csv_file(tmp_path / "r.csv", "Benefit Description,Baseline,Target\nLess rework,10,4\n")
    imported(store, path)
    assert one(store).title == "Less rework"


def test_group_headers_over_two_rows_are_combined(store: Store, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Benefits DB"
    ws.append(["ID", None, "Item", None, "Zone 1", "Zone 2"])
    ws.merge_cells("A1:B1")
    ws.merge_cells("C1:D1")
    ws.append(["#", "Item ID", "Item #", "Benefits Item", "Baseline Cost", "Baseline Cost"])
    ws.append([1, "UC-1", "Item #1", "Less energy", 100, 120])
    ws.append([2, "UC-2", "Item #2", None, None, None])  # a placeholder row
    wb.save(tmp_path / "db.xlsx")
    result = imported(store, tmp_path / "db.xlsx")
    row = one(store)
    assert (row.code, row.title, row.baseline) == ("UC-1", "Less energy", 100.0)
    assert 'column "Zone 2 Baseline Cost" also looks like "Baseline"' in warnings(result)
    assert "rows without a title or any figure were skipped (1 row" in warnings(result)


def test_columns_with_the_same_header_mapped_by_letter(store: Store, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        {"Benefits": [["Code", "Title", "Value", "Value"], ["B-1", "A", 1000, 2000]]},
    )
    mapping = '[sheets.Benefits.columns]\nC = "ignore"\nD = "financial_value"\n'
    imported(store, path, mapping)
    assert one(store).financial_value == 2000.0


# --- values as people type them ---------------------------------------------------------------


def test_decimal_comma_in_a_semicolon_csv(store: Store, tmp_path: Path) -> None:
    text = "Code;Title;Baseline;Target\nB-1;Kosten;22 340,00;18 000,5\n"
    imported(store, csv_file(tmp_path / "r.csv", text, "cp1252"))
    row = one(store)
    assert (row.baseline, row.target) == (22_340.0, 18_000.5)


@pytest.mark.parametrize(
    ("baseline", "expected"),
    [
        ("NA", None), ("N/A", None), ("NA#", None), ("n/a", None), ("TBC", None),
        ("Pending", None), ("-", None), ("—", None), ("No target", None), ("Exempt (s.12)", None),
        ("8 days", 8.0), ("9.5%", 9.5), ("<21%", 21.0), ("≤3%", 3.0), ("± 5.2%", 5.2),
        ("752,886.79 Mlls", 752_886_790_000.0), ("(1,200)", -1200.0), ("£1.2m", 1_200_000.0),
    ],
)  # fmt: skip
def test_values_as_typed(store: Store, tmp_path: Path, baseline: str, expected: Any) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        {"Benefits": [["Code", "Title", "Baseline", "Target"], ["B-1", "A", baseline, 99]]},
    )
    result = imported(store, path)
    assert one(store).baseline == expected
    if expected is None:
        assert "read as empty (1 cell, first C2)" in warnings(result)


@pytest.mark.parametrize(
    ("written", "frequency"),
    [
        ("Semi-Annual", "half-yearly"), ("Bi-annual", "half-yearly"),
        ("Every 6 months", "half-yearly"), ("Daily", "daily"), ("Weekly (from Day 1)", "weekly"),
        ("Quarterly and Annual", "quarterly"), ("Annually", "yearly"),
        ("After every two years", None),  # none of ours: left empty, and said
    ],
)  # fmt: skip
def test_free_text_frequencies(
    store: Store, tmp_path: Path, written: str, frequency: str | None
) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        {"Benefits": [["Code", "Title", "Frequency"], ["B-1", "A", written]]},
    )
    imported(store, path)
    assert one(store).frequency == frequency


def test_an_unreadable_descriptive_value_is_a_warning_and_nothing_is_lost(
    store: Store, tmp_path: Path
) -> None:
    add_benefit(store, "B-1", baseline=10.0)
    path = workbook(
        tmp_path / "r.xlsx",
        {"Benefits": [["Code", "Title", "Baseline", "Category"], ["B-1", "A", "Date", "Misc."]]},
    )
    result = imported(store, path)
    row = one(store)
    assert row.baseline == 10.0  # left as it was
    assert 'Benefits!C2: "Date" is not a number; Baseline left as it was' in warnings(result)
    assert '"Misc." is not one of' in warnings(result)


# --- registers without an identifier ----------------------------------------------------------


def test_codes_are_made_up_and_matched_by_title_on_reimport(store: Store, tmp_path: Path) -> None:
    add_benefit(store, "B-007")
    text = (
        "KPI,Project,Baseline,Target\nTrained,Roads,0,10\nTrained,Water,0,20\nTrained,Roads,1,30\n"
    )
    path = csv_file(tmp_path / "kpis.csv", text)
    result = imported(store, path)
    assert [r.code for r in benefit_rows(store)] == ["B-007", "B-008", "B-009", "B-010"]
    assert "3 new rows without a code: given B-008 to B-010" in warnings(result)
    with store.reading() as session:
        projects = session.execute(select(Project.__table__.c.code, Project.__table__.c.name))
        assert sorted(projects) == [("P-001", "Roads"), ("P-002", "Water")]
    again = apply_import(store, path)
    assert again.ok and not again.changes_anything


def test_one_column_feeds_code_and_title_and_codes_up_to_100_characters(
    store: Store, tmp_path: Path
) -> None:
    long_code = "Customs clearance time at three main border posts - rolling average " + "x" * 24
    assert 90 <= len(long_code) <= 100
    path = csv_file(tmp_path / "r.csv", f"Indicator,Baseline,Target\n{long_code},8,4\n")
    mapping = '[sheets."*".columns]\nIndicator = ["code", "title"]\n'
    imported(store, path, mapping)
    row = one(store)
    assert row.code == row.title == long_code


# --- layouts --------------------------------------------------------------------------------


def test_a_plan_row_with_relative_years_and_a_start_year(store: Store, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "plan.csv", "Code,Title,Baseline,Y1,Y2,Y3\nB-1,A,100,110,120,130\n")
    result = apply_import(store, path)
    assert 'columns such as "Y1" look like the years of a plan' in warnings(result)
    mapping = '[sheets."*".values]\nstart_year = 2026\n'
    imported(store, path, mapping)
    row = one(store)
    assert (row.target, row.target_date, row.baseline_date) == (
        130.0, date(2028, 12, 31), date(2025, 12, 31),
    )  # fmt: skip
    with store.reading() as session:
        planned = session.execute(select(PlanPoint.__table__.c.value)).scalars().all()
    assert sorted(planned) == [110.0, 120.0, 130.0]


def test_an_unreadable_plan_cell_leaves_its_point_out(store: Store, tmp_path: Path) -> None:
    text = "Code,Title,Baseline,FY2026/27,FY2027/28\nB-1,A,10,see note,14\n"
    result = imported(store, csv_file(tmp_path / "plan.csv", text))
    assert one(store).target == 14.0
    assert 'plan.csv!D2: "see note" is not a number; no plan point' in warnings(result)


def test_wide_actuals_by_fiscal_year(store: Store, tmp_path: Path) -> None:
    add_benefit(store, "B-1")
    path = workbook(
        tmp_path / "a.xlsx",
        {"Actuals": [["Benefit", "FY2025/26", "FY2026/27"], ["B-1", 5, 7]]},
    )
    mapping = (
        '[sheets.Actuals]\nkind = "measurements"\n[sheets.Actuals.values]\nfiscal_year_start = 7\n'
    )
    imported(store, path, mapping)
    with store.reading() as session:
        rows = session.execute(select(Measurement.__table__.c.date, Measurement.__table__.c.value))
        assert sorted(rows) == [(date(2026, 6, 30), 5.0), (date(2027, 6, 30), 7.0)]


def test_quarterly_actuals_beside_a_year_column(store: Store, tmp_path: Path) -> None:
    add_benefit(store, "B-1")
    path = workbook(
        tmp_path / "q.xlsx",
        {
            "Quarterly actuals": [
                ["Benefit", "Year", "Q1", "Q2", "Q3", "Q4"],
                ["B-1", 2025, 1, 2, 3, 4],
                ["B-1", "FY2026/27", 5, None, None, None],
            ]
        },
    )
    mapping = '[sheets."*".values]\nfiscal_year_start = 4\n'
    imported(store, path, mapping)
    with store.reading() as session:
        rows = session.execute(select(Measurement.__table__.c.date, Measurement.__table__.c.value))
        assert sorted(rows) == [
            (date(2025, 3, 31), 1.0), (date(2025, 6, 30), 2.0), (date(2025, 9, 30), 3.0),
            (date(2025, 12, 31), 4.0), (date(2026, 6, 30), 5.0),
        ]  # fmt: skip


def test_indicator_measurements_wide_too(store: Store, tmp_path: Path) -> None:
    add_benefit(store, "B-1")
    path = workbook(
        tmp_path / "i.xlsx",
        {
            "Indicators": [["Code", "Benefit", "Name"], ["I-1", "B-1", "Adoption"]],
            "Indicator Actuals": [["Indicator", "Jan-2026", "Feb-2026"], ["I-1", 0.4, 0.5]],
        },
    )
    imported(store, path)
    with store.reading() as session:
        assert len(session.execute(select(IndicatorMeasurement.__table__)).all()) == 2


# --- mapping options ------------------------------------------------------------------------


def test_mapping_sheet_header_row_constants_blank_multiplier_and_choices(
    store: Store, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        {
            "Notes": [["anything"]],
            "Data 2026": [
                ["Prepared by finance"],
                ["Ref", "What", "Saving", "Cycle"],
                ["X-1", "Fewer agency staff", "40", "Each fortnight, roughly"],
                ["X-2", "Less overtime", "awaiting data", "Bi-monthly"],
            ],
        },
    )
    mapping = (
        '[sheets.Notes]\nkind = "ignore"\n'
        '[sheets."Data 2026"]\nkind = "benefits"\nheader_row = 2\n'
        '[sheets."Data 2026".columns]\nWhat = "title"\nSaving = "financial_value"\n'
        'Cycle = "frequency"\n'
        '[sheets."Data 2026".constants]\nproject = "P-100"\n'
        '[sheets."Data 2026".values]\nblank = ["awaiting data"]\nmultiplier = 1000\n'
        '[sheets."Data 2026".choices.frequency]\n"Each fortnight, roughly" = "weekly"\n'
    )
    imported(store, path, mapping)
    rows = benefit_rows(store)
    assert [(r.code, r.financial_value, r.frequency) for r in rows] == [
        ("X-1", 40_000.0, "weekly"),
        ("X-2", None, "monthly"),
    ]
    with store.reading() as session:
        assert session.execute(select(Project.__table__.c.code)).scalars().all() == ["P-100"]


def test_a_mapped_sheet_or_column_that_is_not_there_is_an_error(
    store: Store, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "r.xlsx", {"Benefits": [["Code", "Title"], ["B-1", "A"]]})
    file = tmp_path / "m.toml"
    file.write_text(
        '[sheets.Benfits]\nkind = "benefits"\n[sheets.Benefits.columns]\nOwner = "owner"\n'
    )
    result = apply_import(store, path, load_mapping(file))
    assert not result.committed
    assert [str(e) for e in result.errors] == [
        'r.xlsx: the mapping names sheet "Benfits", which the file does not have (its sheets: '
        "Benefits)",
        'Benefits: the mapping names column "Owner", which is not in the header (row 1: '
        '"Code", "Title")',
    ]


# --- honest outcomes --------------------------------------------------------------------------


def test_nothing_recognised_fails_and_says_why(store: Store, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        {"Prices": [["Item", "Price"], ["Bolt", 1.5]], "Readme": [["Long text " * 10]]},
    )
    code, out, err = cli(["import", str(store.path), str(path)])
    assert code == 1
    assert "Prices: no row names the columns of a register" in err
    assert "nothing in the file was recognised" in err
    assert "Nothing to import" not in out


def test_a_register_without_rows_is_no_success(store: Store, tmp_path: Path) -> None:
    path = workbook(tmp_path / "r.xlsx", {"Benefits": [["Code", "Title", "Owner"]]})
    code, out, err = cli(["import", str(store.path), str(path)])
    assert code == 1 and "Nothing to import" not in out
    assert "the sheets recognised have no rows below their headers" in err


def test_nothing_to_import_only_when_everything_is_there(store: Store, tmp_path: Path) -> None:
    path = workbook(tmp_path / "r.xlsx", {"Benefits": [["Code", "Title"], ["B-1", "A"]]})
    code, out, _err = cli(["import", str(store.path), str(path)])
    assert code == 0 and "Imported" in out
    code, out, _err = cli(["import", str(store.path), str(path)])
    assert code == 0 and "Nothing to import: the portfolio already holds everything" in out


def test_new_then_import_create_and_suggest(tmp_path: Path) -> None:
    code, out, _err = cli(["new", str(tmp_path / "a.sqlite"), "--name", "PMO", "--currency", "eur"])
    assert code == 0 and "portfolio 'PMO' in EUR" in out
    code, _out, err = cli(["new", str(tmp_path / "a.sqlite")])
    assert code == 1 and "already exists" in err
    source = csv_file(tmp_path / "kpis.csv", "kpi_name,baseline,target\nClearance,8,4\n")
    target = tmp_path / "b.sqlite"
    code, out, _err = cli(["import", "--create", str(target), str(source), "--name", "KPIs"])
    assert code == 0 and f"Created {target}" in out
    with Store(target) as store:
        assert store.settings().name == "KPIs" and one(store).title == "Clearance"
    code, out, _err = cli(["import", str(source), "--suggest-mapping", str(tmp_path / "s.toml")])
    assert code == 0
    text = (tmp_path / "s.toml").read_text()
    assert 'kpi_name = ["measure", "title"]' in text and "version = 1" in text
    assert load_mapping(tmp_path / "s.toml").sheets["*"].kind == "benefits"


def test_usage_mistakes_are_usage_errors(tmp_path: Path) -> None:
    code, _out, err = cli(["import", str(tmp_path / "only-one.csv")])
    assert code == 2 and "give the PORTFOLIO and the FILE" in err
    code, _out, err = cli(["import", "a.sqlite", "b.csv", "--name", "X"])
    assert code == 2 and "--name and --currency go with --create" in err
