"""Finding the header row and matching columns in hand-kept registers."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from benefitdesk.exchange.grid import Grid, Row, read_grid
from benefitdesk.exchange.headers import (
    REQUIRED,
    SYNONYMS,
    find_header_row,
    guess_kind,
    label,
    match_columns,
    normalise,
)
from benefitdesk.exchange.synonyms import RECOMMENDED, SHEET_NAMES
from benefitdesk.exchange.wide import detect_wide_layout, find_wide_header

# The canonical workbook's columns, as docs/workbook.md lists them.
CANONICAL = {
    "settings": "Key, Value",
    "people": "Name, Email, Role",
    "projects": "Code, Name, Sponsor, Manager, Status, Approval Date, Planned Go-Live, "
    "Actual Go-Live, Budget, Actual Cost, Percent Complete, Delivery RAG",
    "benefits": "Code, Title, Project, Objective, Kind, Category, Classification, "
    "Description, Measure, Unit, Baseline, Baseline Date, Target, Target Date, Tolerance, "
    "Realisation Start, Tracking End, Owner, Data Source, Frequency, Financial Value, "
    "Confidence, Status, Defined On, Sustainment, Notes",
    "plan": "Benefit, Version, Date, Planned Value, Reason",
    "measurements": "Benefit, Date, Value, Source, Note",
    "indicators": "Code, Benefit, Name, Unit, Baseline, Baseline Date, Target, Target Date, "
    "Frequency, Data Source",
    "indicator_measurements": "Indicator, Date, Value, Source, Note",
    "variance_notes": "Benefit, Period, Cause, Explanation",
    "actions": "Benefit, Title, Owner, Due Date, Done Date, Status, Outcome",
    "activities": "Benefit, Title, Kind, Owner, Due Date, Done Date, Status",
}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Realization Start", "realisation_start"),
        ("BASELINE  DATE", "Baseline-Date"),
        ("Data & Source", "data and source"),
        ("% Complete", "Percent Complete"),
        ("Benefit #", "Benefit Number"),
        ("Organization", "organisation"),
        ("Target\nDate*", "Target Date"),
    ],
)
def test_normalise(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


def test_canonical_columns_are_the_first_spelling_in_order() -> None:
    for kind, columns in CANONICAL.items():
        assert [label(kind, f) for f in SYNONYMS[kind]] == columns.split(", "), kind
        assert match_columns(columns.split(", "), kind).unknown == {}


def test_no_spelling_points_to_two_fields_of_one_kind() -> None:
    for kind, fields in SYNONYMS.items():
        seen: dict[str, str] = {}
        for field, spellings in fields.items():
            for spelling in spellings:
                key = normalise(spelling)
                assert seen.setdefault(key, field) == field, (kind, spelling)


def test_required_and_recommended_fields_exist() -> None:
    assert set(REQUIRED) == set(SYNONYMS) == set(SHEET_NAMES)
    for kind, fields in (REQUIRED | RECOMMENDED).items():
        assert set(fields) <= set(SYNONYMS[kind]), kind


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        ("benefits", "Benefit ID", "code"),
        ("benefits", "Ref", "code"),
        ("benefits", "Benefit Ref", "code"),
        ("benefits", "ID", "code"),
        ("benefits", "Benefit Owner", "owner"),
        ("benefits", "Accountable", "owner"),
        ("benefits", "Responsible Owner", "owner"),
        ("benefits", "Current", "baseline"),
        ("benefits", "As-is", "baseline"),
        ("benefits", "Baseline Value", "baseline"),
        ("benefits", "Current State", "baseline"),
        ("benefits", "To-be", "target"),
        ("benefits", "Target Value", "target"),
        ("benefits", "Future State", "target"),
        ("benefits", "KPI", "measure"),
        ("benefits", "Metric", "measure"),
        ("benefits", "Units", "unit"),
        ("benefits", "UoM", "unit"),
        ("benefits", "Reporting Frequency", "frequency"),
        ("benefits", "Cadence", "frequency"),
        ("benefits", "Realization Start Date", "realisation_start"),
        ("benefits", "Baseline (£k)", "baseline"),
        ("measurements", "Actual", "value"),
        ("measurements", "Actual Value", "value"),
        ("measurements", "Result", "value"),
        ("measurements", "Period End", "date"),
        ("measurements", "Month", "date"),
        ("measurements", "As at", "date"),
        ("measurements", "Benefit ID", "benefit"),
        ("projects", "% Complete", "percent_complete"),
        ("projects", "SRO", "sponsor"),
        ("indicator_measurements", "Leading Indicator", "indicator"),
    ],
)
def test_realistic_headers(kind: str, header: str, field: str) -> None:
    assert match_columns([header], kind).fields == {field: 0}


def test_match_columns_reports_unknown_duplicate_missing() -> None:
    cells = ["Ref", "", "Benefit Owner", "Colour", "Owner", 2025.0, "As-is"]
    match = match_columns(cells, "benefits")
    assert match.fields == {"code": 0, "owner": 2, "baseline": 6}
    assert match.unknown == {3: "Colour", 5: "2025"}
    assert match.duplicates == {4: "owner"}
    assert match.missing == ("title",)
    assert match.missing_recommended == ("target", "frequency")
    assert not match.ok
    header = Row("Benefits", 4, 2, cells)
    assert [(str(p), p.severity) for p in match.problems(header)] == [
        ('Benefits: required column "Title" not found', "error"),
        ('Benefits: no "Target" column; that field will be left empty', "warning"),
        ('Benefits: no "Frequency" column; that field will be left empty', "warning"),
        ('Benefits!E4: column "Colour" is not recognised and will be ignored', "warning"),
        ('Benefits!G4: column "2025" is not recognised and will be ignored', "warning"),
        (
            'Benefits!F4: column "Owner" repeats "Owner" (column D); only column D is read',
            "warning",
        ),
    ]


def test_missing_baseline_message() -> None:
    header = Row("Benefits", 1, 1, ["Code", "Title", "Owner", "Target", "Frequency"])
    match = match_columns(header.values, "benefits")
    assert [str(p) for p in match.problems(header)] == [
        'Benefits: no "Baseline" column; that field will be left empty'
    ]
    required = match_columns(["Benefit", "Value"], "measurements")
    assert [str(p) for p in required.problems(Row("Log", 1, 1, []))] == [
        'Log: required column "Date" not found'
    ]


def test_user_mapping_overrides_synonyms() -> None:
    cells = ["Ref", "Name", "Colour", "Owner"]
    mapping = {"colour": "category", "Owner": None, "NAME": "title"}
    match = match_columns(cells, "benefits", mapping=mapping)
    assert match.fields == {"code": 0, "title": 1, "category": 2}
    assert match.unknown == {}  # "Owner" ignored on purpose
    with pytest.raises(ValueError, match="unknown field 'colour'"):
        match_columns(cells, "benefits", mapping={"Colour": "colour"})


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown sheet kind 'widgets'"):
        match_columns(["Code"], "widgets")


def test_find_header_row_below_titles(register_xlsx: Path) -> None:
    grid = read_grid(register_xlsx)
    found = find_header_row(grid, "benefits")
    assert found is not None
    assert found.index == 2
    assert found.row.number == 4
    assert found.columns.fields == {
        "code": 0,
        "project": 1,
        "title": 2,
        "owner": 3,
        "baseline": 4,
        "target": 5,
        "target_date": 6,
        "notes": 7,
    }


def test_find_header_row_needs_the_key_and_two_matches() -> None:
    rows = [
        Row("S", 1, 1, ["Benefit", "", ""]),  # a title that happens to be a header word
        Row("S", 2, 1, ["Owner", "Baseline", "Target"]),  # no key column
        Row("S", 3, 1, ["Ref", "Benefit", "Owner"]),
    ]
    found = find_header_row(rows, "benefits")
    assert found is not None and found.row.number == 3
    assert find_header_row(rows[:2], "benefits") is None
    assert find_header_row(rows, "benefits", max_scan=2) is None


def test_find_header_row_prefers_the_best_match() -> None:
    rows = [
        Row("S", 1, 1, ["Code", "Title"]),
        Row("S", 2, 1, ["Code", "Title", "Owner", "Baseline"]),
    ]
    found = find_header_row(Grid("S", rows), "benefits")
    assert found is not None and found.index == 1


def test_guess_kind() -> None:
    assert guess_kind("Benefits Register") == "benefits"
    assert guess_kind("corrective_actions") == "actions"
    assert guess_kind("Indicator Measurements") == "indicator_measurements"
    assert guess_kind("Sheet1") is None


def test_wide_layout_from_text_and_date_headers() -> None:
    cells = [
        "Benefit ID",
        "Title",
        "Jan-2025",
        "2025-02",
        dt.datetime(2025, 3, 31),
        "Q2 2025",
        45869.0,  # serial of 2025-07-31
        "Total",
    ]
    layout = detect_wide_layout(cells)
    assert layout is not None
    assert layout.key_col == 0
    assert layout.period_cols == {
        2: dt.date(2025, 1, 31),
        3: dt.date(2025, 2, 28),
        4: dt.date(2025, 3, 31),
        5: dt.date(2025, 6, 30),
        6: dt.date(2025, 7, 31),
    }
    assert layout.other_cols == {1: "Title", 7: "Total"}
    assert layout.repeated == {}


def test_wide_layout_years_and_repeats() -> None:
    cells = ["Code", 2024.0, "2025", "FY2026", "Q4 2025"]
    layout = detect_wide_layout(cells)
    assert layout is not None
    assert layout.period_cols == {
        1: dt.date(2024, 12, 31),
        2: dt.date(2025, 12, 31),
        3: dt.date(2026, 12, 31),
    }
    assert layout.repeated == {4: dt.date(2025, 12, 31)}
    header = Row("Actuals", 3, 2, cells)
    assert [str(p) for p in layout.problems(header)] == [
        "Actuals!F3: period 2025-12-31 repeats column D"
    ]


def test_not_wide() -> None:
    assert detect_wide_layout(["Benefit", "Date", "Value"]) is None
    assert detect_wide_layout(["Title", "Jan-2025", "Feb-2025"]) is None  # no key column
    assert detect_wide_layout(["Benefit", "Jan-2025"]) is None  # one period is not a layout
    assert detect_wide_layout(["Benefit", 12.0, 3.0, True, False]) is None  # not plausible


def test_wide_layout_for_indicator_measurements() -> None:
    layout = detect_wide_layout(["Indicator", "Mar-2025", "Apr-2025"], "indicator_measurements")
    assert layout is not None and layout.key_col == 0


def test_find_wide_header_in_a_real_workbook(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Actuals"
    ws["A1"] = "Monthly benefit actuals"
    ws.append([])
    ws.append(["Benefit Ref", "Measure", dt.date(2025, 1, 31), dt.date(2025, 2, 28), "Mar-25"])
    ws.append(["B-001", "Conversion %", 12.1, 12.4, "12.9%"])
    ws.append(["B-002", "Revenue/rep", "£41,000", "£42,500", None])
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    found = find_wide_header(read_grid(path))
    assert found is not None
    assert found.row.number == 3
    assert found.layout.key_col == 0
    assert list(found.layout.period_cols.values()) == [
        dt.date(2025, 1, 31),
        dt.date(2025, 2, 28),
        dt.date(2025, 3, 31),
    ]
    assert find_header_row(read_grid(path), "measurements") is None  # not a long layout
