"""The collection template: what is due, how it is laid out, and that it imports back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from benefitdesk.demo import create_demo
from benefitdesk.exchange.template import Series, due_periods
from benefitdesk.model import Measurement
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.exporting import collection_template
from benefitdesk.services.importing import apply_import, inspect_workbook
from benefitdesk.services.measurements import log_measurement
from benefitdesk.store import Store
from test_import_helpers import TODAY, add_benefit, cli


def series(**changes: object) -> Series:
    values: dict[str, object] = {
        "code": "B-001",
        "name": "Conversion",
        "measure": "Rate",
        "unit": "%",
        "frequency": "monthly",
        "start": date(2025, 1, 1),
        "end": None,
        "last_date": date(2025, 8, 31),
        "last_value": 20.0,
        "target": 30.0,
    }
    values.update(changes)
    return Series(**values)  # type: ignore[arg-type]


def test_due_periods() -> None:
    as_of = date(2025, 11, 25)
    assert due_periods(series(), as_of) == [
        date(2025, 9, 30),
        date(2025, 10, 31),
        date(2025, 11, 30),  # the period being collected
    ]
    assert due_periods(series(frequency="quarterly"), as_of) == [
        date(2025, 9, 30),
        date(2025, 12, 31),
    ]
    assert due_periods(series(last_date=None), as_of)[0] == date(2025, 1, 31)
    assert len(due_periods(series(last_date=None, start=date(2019, 1, 1)), as_of)) == 12
    assert due_periods(series(end=date(2025, 10, 31)), as_of)[-1] == date(2025, 10, 31)
    assert due_periods(series(frequency=None), as_of) == []


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    create_demo(path, today=TODAY).close()
    return path


def test_template_layout(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "alice.xlsx"
    with Store(demo) as store:
        result = collection_template(store, out, owner="alice  CHEN", as_of=TODAY)
    assert result.owner == "Alice Chen" and result.benefit_rows > 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Instructions", "Measurements", "Indicator Measurements"]
    assert "Alice Chen" in wb["Instructions"]["A3"].value
    ws = wb["Measurements"]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["Benefit", "Title", "Measure", "Unit", "Date", "Value", "Note"]
    assert ws.freeze_panes == "C2"
    assert ws["E2"].is_date and ws["E2"].value.date() >= date(2026, 11, 1)
    assert ws["F2"].value is None
    kinds = {dv.type: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert kinds["decimal"].startswith("F2:F") and kinds["date"].startswith("E2:E")
    assert ws["B2"].fill.fgColor.rgb.endswith("F2F2F2")  # context, grey
    assert ws["F2"].fill.fgColor.rgb.endswith("FFF2CC")  # to fill in, yellow
    codes = {ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)}
    assert codes <= {"B-001", "B-002", "B-003"}  # Alice's benefits only


def test_filled_template_imports_back_unchanged_in_format(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    with Store(demo) as store:
        collection_template(store, out, as_of=TODAY)
    inspection = inspect_workbook(out)
    assert [(s.name, s.kind, s.unknown) for s in inspection.sheets] == [
        ("Instructions", None, ()),
        ("Measurements", "measurements", ()),
        ("Indicator Measurements", "indicator_measurements", ()),
    ]
    assert all(not s.problems for s in inspection.sheets)
    wb = openpyxl.load_workbook(out)  # the owner fills in two figures in Excel
    ws = wb["Measurements"]
    ws["F2"] = 123.5
    ws["G2"] = "estimate"
    wb["Indicator Measurements"]["F2"] = 42
    wb.save(out)
    copy = tmp_path / "portfolio.sqlite"
    copy.write_bytes(demo.read_bytes())
    with Store(copy) as store:
        result = apply_import(store, out)
        assert result.ok, [str(p) for p in result.errors]
        assert result.counts["measurements"].added == 1
        assert result.counts["indicator_measurements"].added == 1
        assert all("no value" in str(w) for w in result.warnings)
        with store.reading() as session:
            note = session.execute(
                select(Measurement.__table__.c.note).where(Measurement.__table__.c.value == 123.5)
            ).scalar()
        assert note == "estimate"


def test_unknown_owner(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    with pytest.raises(ServiceError, match=r'no person named "Alice Chan".*Alice Chen'):
        collection_template(store, tmp_path / "t.xlsx", owner="Alice Chan")


def test_template_command(store: Store, tmp_path: Path) -> None:
    add_benefit(store, status="tracking")  # type: ignore[arg-type]
    log_measurement(store, "B-001", date(2026, 9, 30), 21.0)
    code, out, err = cli(
        ["template", str(store.path), str(tmp_path / "t.xlsx"), "--as-of", "2026-11-25"]
    )
    assert code == 0, err
    assert "2 benefit and 0 indicator figures to collect" in out
