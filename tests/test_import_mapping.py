"""Mapping files: saved from what the dialog detected and adjusted, read by --mapping."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from benefitdesk.exchange.errors import ExchangeError
from benefitdesk.model import Benefit, Measurement
from benefitdesk.services.importing import (
    apply_import,
    inspect_workbook,
    load_mapping,
    mapping_from_inspection,
    save_mapping,
)
from benefitdesk.services.importing.mapping import ImportMapping, SheetMapping, dumps_mapping
from benefitdesk.store import Store
from test_import_helpers import add_benefit, cli, workbook

pytestmark = pytest.mark.both_engines  # a file and a server database each


def odd_log(path: Path) -> Path:
    """A system export whose headers nobody would guess: "Col A" is the benefit."""
    return workbook(
        path,
        {
            "Export 0423": [
                ["Col A", "Stamp", "Reading", "Dept"],
                ["B-001", "2025-03-31", 21.5, "Sales"],
                ["B-001", "2025-04-30", 22.5, "Sales"],
            ]
        },
    )


def test_a_saved_mapping_round_trips(tmp_path: Path) -> None:
    mapping = ImportMapping(
        {
            "Export 0423": SheetMapping(
                kind="measurements",
                header_row=1,
                layout="long",
                columns={"Col A": "benefit", "Stamp": "date", "Reading": "value", "Dept": None},
            ),
            'Notes & "quotes"': SheetMapping(kind="ignore"),
            "*": SheetMapping(kind="measurements", layout="wide"),
        }
    )
    for name in ("m.toml", "m.json"):
        save_mapping(mapping, tmp_path / name)
        assert load_mapping(tmp_path / name) == mapping
    text = (tmp_path / "m.toml").read_text()
    assert '"Col A" = "benefit"' in text and 'Dept = "ignore"' in text


def test_an_unrecognised_sheet_imports_with_a_mapping(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    path = odd_log(tmp_path / "export.xlsx")
    result = apply_import(store, path)
    assert not result.changes_anything and not result.ok  # nothing recognised: a failure
    assert "no row names the columns of a register" in str(result.errors[0])
    assert "nothing in the file was recognised" in str(result.errors[-1])

    inspection = inspect_workbook(path)
    mapping = mapping_from_inspection(inspection)
    sheet = mapping.sheets["Export 0423"]
    assert sheet.kind == "ignore"
    # What the user does in the dialog: says what the sheet is and which column is which.
    mapping.sheets["Export 0423"] = SheetMapping(
        kind="measurements",
        columns={"Col A": "benefit", "Stamp": "date", "Reading": "value", "Dept": None},
    )
    save_mapping(mapping, tmp_path / "monthly.toml")

    inspected = inspect_workbook(path, load_mapping(tmp_path / "monthly.toml"))
    sheet_info = inspected.sheet("Export 0423")
    assert (sheet_info.kind, sheet_info.header_row, sheet_info.unknown) == ("measurements", 1, ())
    code, out, err = cli(
        ["import", str(store.target), str(path), "--mapping", str(tmp_path / "monthly.toml")]
    )
    assert code == 0, err
    assert "measurements: 2 added" in out
    with store.reading() as session:
        values = session.execute(select(Measurement.__table__.c.value)).scalars().all()
    assert sorted(values) == [21.5, 22.5]


def test_any_sheet_mapping_fits_next_months_csv(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    april = tmp_path / "export 2025-04.csv"
    april.write_text("Col A,Stamp,Reading\nB-001,2025-04-30,3\n")
    inspection = inspect_workbook(april)
    mapping = mapping_from_inspection(inspection)
    assert list(mapping.sheets) == ["*"]
    mapping.sheets["*"] = SheetMapping(
        kind="measurements", columns={"Col A": "benefit", "Stamp": "date", "Reading": "value"}
    )
    may = tmp_path / "export 2025-05.csv"
    may.write_text("Col A,Stamp,Reading\nB-001,2025-05-31,4\n")
    assert apply_import(store, may, mapping).counts["measurements"].added == 1
    with store.reading() as session:
        rows = session.execute(select(Measurement.__table__.c.date)).scalars().all()
    assert rows == [date(2025, 5, 31)]


def test_a_mapping_can_rename_a_column_of_a_known_sheet(store: Store, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "reg.xlsx",
        {"Benefits": [["Code", "Title", "Goal"], ["B-009", "Faster invoices", 5]]},
    )
    mapping = ImportMapping({"Benefits": SheetMapping(columns={"Goal": "target"})})
    assert apply_import(store, path, mapping).ok
    with store.reading() as session:
        assert session.execute(select(Benefit.__table__.c.target)).scalar() == 5.0


def test_a_bad_mapping_file_lists_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[sheets.Log]\nkind = "widgets"\n[sheets.Other]\nkind = "measurements"\n'
        'layout = "diagonal"\n[sheets.Other.columns]\n"Col A" = "colour"\n'
    )
    with pytest.raises(ExchangeError) as caught:
        load_mapping(bad)
    messages = [str(p) for p in caught.value.problems]
    assert any('kind "widgets" is not one of' in m for m in messages)
    assert any('layout "diagonal"' in m for m in messages)
    assert any('"Col A" maps to "colour"' in m for m in messages)
    (tmp_path / "broken.toml").write_text("[sheets\n")
    with pytest.raises(ExchangeError, match="not a valid mapping file"):
        load_mapping(tmp_path / "broken.toml")


def test_dumped_mapping_is_readable_toml() -> None:
    text = dumps_mapping(ImportMapping({"Sheet 1": SheetMapping(kind="people")}))
    assert text.splitlines()[1] == "version = 1"
    assert text.startswith("# BenefitDesk import mapping")
    assert '[sheets."Sheet 1"]' in text


def test_a_mapping_without_a_kind_lets_the_headers_decide(store: Store, tmp_path: Path) -> None:
    add_benefit(store)
    path = odd_log(tmp_path / "export.xlsx")
    mapping = ImportMapping(
        {"*": SheetMapping(columns={"Col A": "benefit", "Stamp": "date", "Reading": "value"})}
    )
    result = apply_import(store, path, mapping)
    assert result.ok and result.counts["measurements"].added == 2
    assert result.sheets[0].kind == "measurements"
