"""Import of foreign workbooks: every tolerant-reading case, through the import service."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from benefitdesk.exchange.errors import ExchangeError
from benefitdesk.model import Benefit, Indicator, IndicatorMeasurement, Measurement, Person, Project
from benefitdesk.services.importing import apply_import, inspect_workbook, plan_import
from benefitdesk.store import Store
from test_import_helpers import add_benefit, set_cached_values, workbook

pytestmark = pytest.mark.both_engines  # a file and a server database each


def rows(store: Store, model: type) -> list:
    with store.reading() as session:
        return list(session.execute(select(model.__table__)))


def figures(store: Store) -> dict[tuple[int, date], float]:
    return {(r.benefit_id, r.date): r.value for r in rows(store, Measurement)}


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A register as PMO leads keep them: a merged title, a note, a blank row, the
    header in row 4 from column B, synonyms, a label merged down two rows, a blank row
    inside the data, typed and text values, a formula with its cached result."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Benefits Register"
    ws["B1"] = "CRM Programme — Benefits Register"
    ws.merge_cells("B1:L1")
    ws["B2"] = "Owner: PMO. Last reviewed 31/03/2025"
    header = ["Benefit ID", "Project", "Benefit", "Accountable", "As-is", "To-be"]
    header += ["Target Date", "Baseline Date", "Reporting Frequency", "Status", "RAG (old)"]
    for col, text in enumerate(header, start=2):
        ws.cell(row=4, column=col, value=text)
    data = [
        ["B-001", "P-100 CRM", "Conversion rate", "Alice Chen", "12%", "15%", "Mar-2026",
         "2025-03", "Monthly", "Tracking", "green"],
        ["B-002", None, "Revenue per rep", "bob  smith", "£1,234.50", "=F6*2",
         date(2026, 6, 30), 45747, "QUARTERLY", "draft", "amber"],
    ]  # fmt: skip
    for r, values in enumerate(data, start=5):
        for c, value in enumerate(values, start=2):
            ws.cell(row=r, column=c, value=value)
    ws.merge_cells("C5:C6")  # the project label covers both benefits
    # row 7 left blank on purpose
    third = ["B-003", "P-100", "Handling time", "Dan Jones", "1,200", "900", "Q4 2026",
             "2025-01-31", "monthly", "Draft"]  # fmt: skip
    for c, value in enumerate(third, start=2):
        ws.cell(row=8, column=c, value=value)
    projects = wb.create_sheet("Projects")
    projects.append(["Project Code", "Project Name", "SRO", "PM", "% Complete"])
    projects.append(["P-100", "CRM rollout", "Margaret Ellis", "Tom Hughes", "45%"])
    path = tmp_path / "register.xlsx"
    wb.save(path)
    set_cached_values(path, "xl/worksheets/sheet1.xml", {"G6": 2469})
    return path


def test_foreign_register(store: Store, register: Path) -> None:
    result = apply_import(store, register)
    assert result.ok, [str(p) for p in result.errors]
    benefits = {b.code: b for b in rows(store, Benefit)}
    b1, b2, b3 = benefits["B-001"], benefits["B-002"], benefits["B-003"]
    assert (b1.baseline, b1.target) == (12.0, 15.0)  # percent signs
    assert b1.target_date == date(2026, 3, 31)  # Mar-2026
    assert b1.baseline_date == date(2025, 3, 31)  # 2025-03
    assert b1.frequency.value == "monthly" and b1.status.value == "tracking"
    assert (b2.baseline, b2.target) == (1234.5, 2469.0)  # currency; formula's cached value
    assert b2.target_date == date(2026, 6, 30)  # a date cell
    assert b2.baseline_date == date(2025, 3, 31)  # an Excel serial in a General cell
    assert (b3.baseline, b3.target) == (1200.0, 900.0)  # thousands separator
    assert b3.target_date == date(2026, 12, 31)  # Q4 2026
    assert b3.baseline_date == date(2025, 1, 31)  # ISO text
    project = rows(store, Project)[0]
    assert b1.project_id == b2.project_id == b3.project_id == project.id  # merged label
    assert project.percent_complete == 45.0
    people = {p.name for p in rows(store, Person)}
    assert people == {"Alice Chen", "bob smith", "Dan Jones", "Margaret Ellis", "Tom Hughes"}
    assert sorted(result.people_added) == sorted(people)
    warnings = [str(p) for p in result.warnings]
    assert 'Benefits Register!L4: column "RAG (old)" is not recognised and will be ignored' in (
        warnings
    )
    sheets = {s.name: (s.kind, s.header_row, s.rows) for s in result.sheets}
    assert sheets["Benefits Register"] == ("benefits", 4, 3)  # the blank row skipped


def test_inspect_shows_kind_header_mapping_and_preview(register: Path) -> None:
    inspection = inspect_workbook(register)
    sheet = inspection.sheet("Benefits Register")
    assert (sheet.kind, sheet.layout, sheet.header_row) == ("benefits", "long", 4)
    fields = {c.header: c.field for c in sheet.columns}
    assert fields["Benefit ID"] == "code" and fields["Accountable"] == "owner"
    assert fields["As-is"] == "baseline" and fields["To-be"] == "target"
    assert fields["RAG (old)"] is None
    assert sheet.unknown == ("RAG (old)",)
    assert sheet.preview[0][:3] == ("B-001", "P-100 CRM", "Conversion rate")
    assert sheet.columns[0].letter == "B"
    assert inspection.sheet("Projects").kind == "projects"


def test_long_measurements_from_csv(store: Store, tmp_path: Path) -> None:
    add_benefit(store, "B-001")
    csv = tmp_path / "actuals march.csv"
    csv.write_text(
        "Monthly actuals\n\nPeriod,Benefit ID,Actual,Comments\n"
        'Mar-2025,B-001,"£1,234.50",first\n2025-04,b-001,12%,\nQ2 2025,B-001,45838,\n'
        "2025-07-31,B-001,n/a,not yet\n",
        encoding="utf-8",
    )
    result = apply_import(store, csv)
    assert result.ok, [str(p) for p in result.errors]
    assert sorted(figures(store).items())[0][1] == 1234.5
    assert {d for (_b, d) in figures(store)} == {
        date(2025, 3, 31),
        date(2025, 4, 30),
        date(2025, 6, 30),
    }
    assert [str(w) for w in result.warnings] == [
        "actuals march.csv: 1 row has no value and were skipped"
    ]
    measurements = rows(store, Measurement)
    assert {m.source.value for m in measurements} == {"import"}
    assert {m.batch_id for m in measurements} == {result.batch_id}
    assert [m.note for m in measurements if m.date == date(2025, 3, 31)] == ["first"]


def test_wide_measurements(store: Store, tmp_path: Path) -> None:
    benefit = add_benefit(store, "B-001")
    other = add_benefit(store, "B-002")
    path = workbook(
        tmp_path / "wide.xlsx",
        {
            "Tracking": [
                ["Benefit actuals 2025"],
                ["Ref", "Title", "Jan-2025", "2025-02", date(2025, 3, 31), "Total"],
                ["B-001", "Conversion", 10, "£11", None, "=C3+D3"],
                ["B-002", "Revenue", "n/a", None, 13.5, None],
            ]
        },
    )
    result = apply_import(store, path)
    assert result.ok, [str(p) for p in result.errors]
    assert figures(store) == {
        (benefit, date(2025, 1, 31)): 10.0,
        (benefit, date(2025, 2, 28)): 11.0,
        (other, date(2025, 3, 31)): 13.5,
    }
    assert result.sheets[0].layout == "wide"
    assert 'Tracking!F2: column "Total" is not a period and will be ignored' in [
        str(p) for p in result.warnings
    ]


def test_indicator_codes_in_a_measurement_log(store: Store, tmp_path: Path) -> None:
    add_benefit(store, "B-001")
    path = workbook(
        tmp_path / "ind.xlsx",
        {
            "Indicators": [["Code", "Benefit", "Name"], ["I-001", "B-001", "Adoption"]],
            "Log": [["Code", "Date", "Value"], ["B-001", "2025-03", 1], ["I-001", "2025-03", 2]],
        },
    )
    result = apply_import(store, path)
    assert result.ok, [str(p) for p in result.errors]
    assert [r.value for r in rows(store, IndicatorMeasurement)] == [2.0]
    assert list(figures(store).values()) == [1.0]
    assert rows(store, Indicator)[0].name == "Adoption"


def canonical(tmp_path: Path, **sheets: list[list[object]]) -> Path:
    named = {name.replace("_", " "): data for name, data in sheets.items()}
    return workbook(tmp_path / "in.xlsx", named)


BENEFIT_HEADER = ["Code", "Title", "Project", "Baseline", "Target", "Owner", "Status"]


@pytest.mark.parametrize(
    ("sheets", "message"),
    [
        (
            {"Measurements": [["Benefit", "Date", "Value"], ["B-001", "2025-03-31", "abc"]]},
            'Measurements!C2: "abc" is not a number',
        ),
        (
            {
                "Benefits": [
                    BENEFIT_HEADER,
                    ["B-001", "A", None, 1, 2, None, None],
                    ["b-001 ", "B", None, 1, 2, None, None],
                ]
            },
            "Benefits!A3: b-001 is also in row 2",
        ),
        (
            {"Benefits": [BENEFIT_HEADER, ["B-001", "A", None, 1, 2, None, "approvd"]]},
            'Benefits!G2: "approvd" is not one of: draft, approved, tracking, realised, closed, '
            'cancelled (did you mean "approved"?)',
        ),
        (
            {"Measurements": [["Benefit", "Date", "Value"], ["B-999", "2025-03-31", 1]]},
            'Measurements!A2: unknown benefit or indicator "B-999"',
        ),
        (
            {"Indicator Measurements": [["Indicator", "Date", "Value"], ["I-9", "2025-03", 1]]},
            'Indicator Measurements!A2: unknown indicator "I-9"',
        ),
        (
            {"Indicators": [["Code", "Benefit", "Name"], ["I-1", "B-404", "Adoption"]]},
            'Indicators!B2: unknown benefit "B-404"',
        ),
        (
            {
                "Measurements": [
                    ["Benefit", "Date", "Value"],
                    ["B-001", "2025-03-31", 1],
                    ["B-001", "Mar-2025", 2],
                ]
            },
            "Measurements!B3: B-001 2025-03-31 is given twice (also in row 2)",
        ),
        (
            {"Measurements": [["Benefit", "Date", "Value"], ["B-001", "someday", 1]]},
            'Measurements!B2: "someday" is not a date',
        ),
        (
            {"Measurements": [["Benefit", "Date", "Note"], ["B-001", "2025-03-31", "x"]]},
            "Measurements: the sheet's name says measurements, but no column gives a value "
            "(benefit, date, note found): map one in a mapping file",
        ),
        (
            {
                "Benefits": [BENEFIT_HEADER, ["B-002", "Bad", None, 1, 1, None, "aproved"]],
                "Measurements": [["Benefit", "Date", "Value"], ["B-002", "2025-03-31", 1]],
            },
            'Measurements!A2: "B-002" is not imported: its row on Benefits or Indicators has '
            "problems",
        ),
        (
            {"Plan": [["Benefit", "Version", "Date", "Planned Value"], ["B-001", 0, "2025-03", 1]]},
            "Plan!B2: version 0 is not between 1 and 10,000",
        ),
        (
            {"Settings": [["Key", "Value"], ["amber_pct", 30], ["red_pct", 20]]},
            "Settings!B3: red (20) must be at least amber (30)",
        ),
    ],
)
def test_each_error_is_reported_at_its_cell_and_nothing_is_written(
    store: Store, tmp_path: Path, sheets: dict[str, list[list[object]]], message: str
) -> None:
    add_benefit(store, "B-001")
    before = (rows(store, Benefit), rows(store, Person), figures(store))
    result = apply_import(store, canonical(tmp_path, **sheets), all_or_nothing=True)
    messages = [str(p) for p in result.errors]
    assert any(m.startswith(message) for m in messages), messages
    assert not result.committed and result.refused
    assert (rows(store, Benefit), rows(store, Person), figures(store)) == before
    with store.reading() as session:
        assert session.execute(select(Benefit.__table__.c.id)).all()  # still there
        batches = session.execute(select(Measurement.__table__.c.batch_id)).all()
        assert batches == []


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["B-001", "A", None, 5, 5, "Ann", "tracking"], "Benefits!E2: the target equals"),
        (["B-001", "A", None, 1, 2, None, "tracking"], "Benefits!G2: B-001 comes in as a draft"),
        (["B-002", "A", None, 1, 2, None, "approved"], "Benefits!G2: B-002 comes in as a draft"),
    ],
)
def test_a_definition_problem_makes_a_draft_not_a_refusal(
    store: Store, tmp_path: Path, row: list[object], message: str
) -> None:
    add_benefit(store, "B-001")
    result = apply_import(store, canonical(tmp_path, Benefits=[BENEFIT_HEADER, row]))
    assert result.ok and result.committed, [str(p) for p in result.errors]
    assert any(str(w).startswith(message) for w in result.warnings), result.warnings
    (benefit,) = [b for b in rows(store, Benefit) if b.code == row[0]]
    assert benefit.status.value == "draft"


def test_dry_run_reports_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    add_benefit(store, "B-001")
    path = canonical(
        tmp_path,
        Benefits=[BENEFIT_HEADER, ["B-001", "Renamed", None, 20, 30, "Alice Chen", None]],
        Measurements=[["Benefit", "Date", "Value"], ["B-001", "2025-03-31", 21]],
    )
    plan = plan_import(store, path)
    assert plan.ok
    assert (plan.counts["benefits"].changed, plan.counts["measurements"].added) == (1, 1)
    (change,) = [c for c in plan.changes if c.entity == "benefits"]
    assert (change.key, change.action) == ("B-001", "change")
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("title", "Benefit B-001", "Renamed")
    ]
    assert rows(store, Benefit)[0].title == "Benefit B-001"
    assert figures(store) == {}


def test_a_file_that_is_not_a_workbook_is_refused(store: Store, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hello")
    with pytest.raises(ExchangeError, match="not a spreadsheet"):
        apply_import(store, fake)


def test_plan_versions_and_reasons(store: Store, tmp_path: Path) -> None:
    from benefitdesk.services.plans import plan_versions

    benefit_id = add_benefit(store, "B-001")
    path = workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                ["Benefit", "Date", "Planned Value"],  # no Version column: version 1
                ["B-001", "2025-06", 22],
                ["B-001", "2025-12", 26],
            ],
            "Realisation Plan": [
                ["Benefit", "Version", "Date", "Planned Value", "Reason"],
                ["B-001", 2, "2025-12", 24, None],
                ["B-001", 2, "2026-06", 27, "Go-live moved"],
            ],
        },
    )
    result = apply_import(store, path)
    assert result.ok, [str(p) for p in result.errors]
    versions = plan_versions(store, benefit_id=benefit_id)
    assert [(v.version, v.reason, v.points) for v in versions] == [
        (1, None, ((date(2025, 6, 30), 22.0), (date(2025, 12, 31), 26.0))),
        (2, "Go-live moved", ((date(2025, 12, 31), 24.0), (date(2026, 6, 30), 27.0))),
    ]


@pytest.mark.parametrize("suffix", [".xlsm", ".csv"])
def test_xlsm_and_csv(store: Store, tmp_path: Path, suffix: str) -> None:
    add_benefit(store, "B-001")
    data = [["Benefit", "Date", "Value"], ["B-001", "2025-03-31", 7]]
    if suffix == ".csv":
        path = tmp_path / "log.csv"
        path.write_text("\n".join(",".join(map(str, row)) for row in data) + "\n")
    else:
        path = workbook(tmp_path / f"log{suffix}", {"Measurements": data})
    result = apply_import(store, path)
    assert result.ok and result.counts["measurements"].added == 1


def test_oversized_and_zip_bomb_files_are_refused(store: Store, tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(ExchangeError, match="zip bomb"):
        apply_import(store, bomb)
    big = tmp_path / "huge.csv"
    with big.open("wb") as f:
        f.truncate(60 * 1024 * 1024)
    with pytest.raises(ExchangeError, match="above the 50 MB limit"):
        plan_import(store, big)
