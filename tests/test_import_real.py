"""The six real public registers (tests/data/real, each with its SOURCE.txt) come in.

Each file is read here independently of BenefitDesk (the csv module, openpyxl) and
spot values are compared with what was imported: the import is checked against the
file as a person would read it, not against its own reading. Five come in unaided; the
smart-city benefit items, which have no title column, with the five-line mapping that
--suggest-mapping guesses.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from benefitdesk.model import Benefit, PlanPoint, PlanVersion, Project
from benefitdesk.services.importing import ImportResult, apply_import, load_mapping
from benefitdesk.services.new_portfolio import create_from_file
from benefitdesk.store import Store
from test_import_helpers import cli

REAL = Path(__file__).parent / "data" / "real"
KPI = REAL / "kallori_kpi_xlsx" / "KPI.xlsx"
MCC = REAL / "mcc_kpis_csv" / "kpis.csv"
SC_ITEMS = REAL / "sc_benefit_items_csv" / "benefitItems.csv"
SC_TOOL = REAL / "sc_smart_tool_xlsx" / "2020_04_30 NTT Accelerate SMART Tool V1.xlsx"
TRA = REAL / "tra_kpis_csv" / "kpis.csv"
US_IT = REAL / "us_it_projects_csv" / "Oxford_Projects_Out.csv"


def csv_rows(path: Path, encoding: str, delimiter: str = ",") -> list[list[str]]:
    text = path.read_bytes().decode(encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def created(
    tmp_path: Path, source: Path, mapping: Path | None = None
) -> tuple[Store, ImportResult]:
    target = tmp_path / "portfolio.sqlite"
    result = create_from_file(target, source, mapping=load_mapping(mapping) if mapping else None)
    assert result.committed, [str(p) for p in result.errors]
    return Store(target), result


def benefits(store: Store) -> dict[str, Any]:
    with store.reading() as session:
        return {r.code: r for r in session.execute(select(Benefit.__table__))}


def by_title(store: Store) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for row in benefits(store).values():
        found.setdefault(row.title, []).append(row)
    return found


def test_every_shared_file_has_its_source(tmp_path: Path) -> None:
    for folder in REAL.iterdir():
        source = (folder / "SOURCE.txt").read_text()
        assert "sha256:" in source and "repo:" in source, folder


def test_kallori_kpis_unaided(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(KPI, read_only=True)
    expected = {
        row[0]: row[2]
        for ws in wb.worksheets
        for row in ws.iter_rows(min_row=2, values_only=True)
        if row[0]
    }
    wb.close()
    store, result = created(tmp_path, KPI)
    with store:
        titles = by_title(store)
        assert set(titles) == set(expected)  # three sheets, 16 KPIs, each once
        assert result.counts["benefits"].added == len(expected) == 16
        frequency = {t: rows[0].frequency for t, rows in titles.items()}
        assert frequency["Service Uptime Percentage"] == "daily"  # "Daily (immediate and …)"
        assert frequency["Actual vs. Budgeted Costs"] == "weekly"  # "Weekly (from Day 1)"
        assert frequency["CPU, Memory, and Storage Utilization"] == "weekly"  # "Bi-weekly"
        assert frequency["Customer Retention Rate"] == "quarterly"
        assert frequency["Number of Rollbacks or Reversions"] is None  # "End of Migration"
        assert sorted(benefits(store))[:2] == ["B-001", "B-002"]  # codes made up
    assert any("codes are made up" in str(w) for w in result.warnings)


def test_mcc_kpis_unaided_cp1252_cr_line_endings(tmp_path: Path) -> None:
    raw = MCC.read_bytes()
    assert b"\r" in raw and b"\n" not in raw  # old Mac line endings, as the source says
    rows = csv_rows(MCC, "cp1252")
    header, data = rows[0], rows[1:]
    assert header[:6] == ["country", "project", "activity", "kpi", "baseline", "target"]
    store, result = created(tmp_path, MCC)
    with store:
        titles = by_title(store)
        with store.reading() as session:
            projects = {r.name for r in session.execute(select(Project.__table__))}
        assert projects == {r[1] for r in data if r[1]}
        # "Stakeholders reached by public outreach efforts", target "14,100"
        row = next(r for r in data if r[3] == "Stakeholders reached by public outreach efforts")
        found = titles[row[3]][0]
        assert (
            (found.baseline, found.target)
            == (0.0, 14_100.0)
            == (0.0, float(row[5].replace(",", "")))
        )
        # "$15,200,000 " is money; "Pending" and "No target" are empty; "Date" rows keep their title
        money = next(r for r in data if r[5].strip() == "$15,200,000")
        assert titles[money[3]][0].target == 15_200_000.0
        pending = next(r for r in data if r[4] == "Pending" and r[5] == "Pending")
        assert titles[pending[3]][0].baseline is None
        assert "Labor Market Assessment completed" in titles
        assert titles["Market garden parcels allotted to PAP or New Settler women"]  # NBSP gone
    warnings = [str(w) for w in result.warnings]
    assert any('"Pending" read as empty' in w for w in warnings)
    assert any('"Date" is not a number' in w for w in warnings)


def test_tra_kpis_unaided_plan_by_fiscal_year(tmp_path: Path) -> None:
    rows = csv_rows(TRA, "utf-8")
    header, data = rows[0], rows[1:]
    assert header[9:14] == ["y1_2026_27", "y2_2027_28", "y3_2028_29", "y4_2029_30", "y5_2030_31"]
    store, result = created(tmp_path, TRA)
    with store:
        found = benefits(store)
        assert len(found) == len(data) == 258
        first = found[data[0][0]]  # kpa1-001: baseline 9.5%, y5 13.0%
        assert first.title == data[0][5]
        assert (first.baseline, first.target) == (9.5, 13.0)
        assert first.target_date == date(2031, 3, 31) and first.baseline_date == date(2026, 3, 31)
        assert first.unit == "percent" and first.frequency == "quarterly"
        days = next(r for r in data if r[8] == "8 days")
        assert found[days[0]].baseline == 8.0
        assert found[next(r for r in data if r[18] == "Semi-Annual")[0]].frequency == "half-yearly"
        with store.reading() as session:
            points = session.execute(
                select(PlanPoint.__table__.c.date, PlanPoint.__table__.c.value)
                .join(PlanVersion.__table__)
                .where(PlanVersion.__table__.c.benefit_id == first.id)
                .order_by(PlanPoint.__table__.c.date)
            ).all()
        assert [v for _d, v in points] == [10.0, 11.0, 11.5, 12.0, 13.0]
    assert any("fiscal years read as starting in April" in str(w) for w in result.warnings)


def test_tra_with_the_fiscal_year_of_tanzania(tmp_path: Path) -> None:
    mapping = tmp_path / "tra.toml"
    mapping.write_text('version = 1\n[sheets."*".values]\nfiscal_year_start = 7\n')
    store, _result = created(tmp_path, TRA, mapping)
    with store:
        first = benefits(store)["kpa1-001"]
        assert (first.baseline_date, first.target_date) == (date(2026, 6, 30), date(2031, 6, 30))


def test_us_it_projects_unaided(tmp_path: Path) -> None:
    rows = csv_rows(US_IT, "utf-8")
    header, data = rows[0], rows[1:]
    store, result = created(tmp_path, US_IT)
    with store, store.reading() as session:
        projects = {r.code: r for r in session.execute(select(Project.__table__))}
    assert len(projects) == len(data) == 1547
    first = dict(zip(header, data[0], strict=True))
    project = projects[first["Project_ID"]]
    assert project.name == first["Project_Name"] and project.budget == float(first["PlannedCost"])
    amp = next(dict(zip(header, r, strict=True)) for r in data if "&amp;" in r[6])
    assert "&amp;" not in projects[amp["Project_ID"]].name  # HTML entities decoded once
    assert result.counts["projects"].added == 1547


def test_smart_tool_unaided_benefits_db_and_the_other_sheets_said(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(SC_TOOL, read_only=True, data_only=True)
    rows = list(wb["5. Benefits DB"].iter_rows(min_row=4, values_only=True))
    wb.close()
    # Item ID → Benefits Item, its spaces folded as the import folds them in titles
    expected = {r[1]: " ".join(r[7].split()) for r in rows if r[1] and r[7]}
    store, result = created(tmp_path, SC_TOOL)
    with store:
        found = benefits(store)
    assert {c: b.title for c, b in found.items()} == expected
    warnings = [str(w) for w in result.warnings]
    assert any(w.startswith("4. Metrics DB: looks like a list") for w in warnings)
    assert any(w.startswith("13. NTT BC: it holds figures by period") for w in warnings)
    assert any("rows without a title or any figure were skipped" in w for w in warnings)


def test_sc_benefit_items_need_a_title_and_say_which(tmp_path: Path) -> None:
    portfolio = tmp_path / "p.sqlite"
    code, _out, err = cli(["import", "--create", str(portfolio), str(SC_ITEMS)])
    assert code == 1 and not portfolio.exists()
    assert 'no column gives a title: map one, e.g. "Solution"' in err
    assert "nothing in the file was recognised" in err


def test_sc_benefit_items_with_the_suggested_mapping(tmp_path: Path) -> None:
    suggested = tmp_path / "suggested.toml"
    code, _out, err = cli(["import", str(SC_ITEMS), "--suggest-mapping", str(suggested)])
    assert code == 0, err
    assert 'Solution = "title"  # GUESSED as Title' in suggested.read_text()
    short = tmp_path / "sc.toml"  # what a person keeps of it: five lines
    short.write_text('version = 1\n[sheets."*"]\nkind = "benefits"\n[sheets."*".columns]\n'
                     'Solution = "title"\n')  # fmt: skip
    assert len(short.read_text().splitlines()) <= 15
    rows = csv_rows(SC_ITEMS, "cp1252", ";")
    header, data = rows[1], rows[2:]
    store, _result = created(tmp_path, SC_ITEMS, short)
    with store:
        found = benefits(store)
    assert len(found) == len(data)
    first = dict(zip(header, data[0], strict=True))
    benefit = found[first["ID"]]
    assert benefit.title == first["Solution"] == "Missing Person"
    assert benefit.baseline == 22_340.0  # "22 340,00": a decimal comma, inferred
    assert first["Baseline Cost per Unit (Monthly)"] == "22 340,00"
    revenue = next(dict(zip(header, r, strict=True)) for r in data if r[5] == "UC Revenues (New)")
    assert found[revenue["ID"]].category == "revenue"


def test_sc_benefit_items_with_the_suggestion_as_written(tmp_path: Path) -> None:
    """The suggestion for a skipped sheet carries the options its values need: written
    as "22 340,00", the baselines read with a decimal comma, not refused."""
    suggested = tmp_path / "suggested.toml"
    assert cli(["import", str(SC_ITEMS), "--suggest-mapping", str(suggested)])[0] == 0
    assert 'decimal = ","' in suggested.read_text()
    store, _result = created(tmp_path, SC_ITEMS, suggested)
    with store:
        found = benefits(store)
    rows = csv_rows(SC_ITEMS, "cp1252", ";")
    header = rows[1]
    for row in rows[2:]:
        given = dict(zip(header, row, strict=True))["Baseline Cost per Unit (Monthly)"]
        if given.replace(" ", "").replace(",", "").isdigit():
            expected = float(given.replace(" ", "").replace(",", "."))
            assert found[row[0]].baseline == expected, row[0]


@pytest.mark.parametrize("source", [KPI, MCC, TRA, US_IT, SC_TOOL])
def test_importing_a_real_register_again_changes_nothing(tmp_path: Path, source: Path) -> None:
    store, _first = created(tmp_path, source)
    with store:
        again = apply_import(store, source)
    assert again.ok and not again.changes_anything, [str(p) for p in again.errors]


@pytest.mark.parametrize("source", [KPI, MCC, TRA, US_IT, SC_TOOL, SC_ITEMS])
def test_the_suggested_mapping_reads_the_file_as_detection_does(
    tmp_path: Path, source: Path
) -> None:
    suggested = tmp_path / "suggested.toml"
    code, _out, err = cli(["import", str(source), "--suggest-mapping", str(suggested)])
    assert code == 0, err
    with Store(tmp_path / "a.sqlite", create=True) as store:
        result = apply_import(store, source, load_mapping(suggested))
        assert result.committed, [str(p) for p in result.errors][:5]
        counts = {k: t.added for k, t in result.counts.items()}
    if source != SC_ITEMS:  # the one a guess makes importable: compared in its own test
        with Store(tmp_path / "b.sqlite", create=True) as store:
            unaided = apply_import(store, source)
            assert counts == {k: t.added for k, t in unaided.counts.items()}
