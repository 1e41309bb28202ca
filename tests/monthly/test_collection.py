"""Collection packs: one workbook per owner out; a folder of returned ones back in, one
batch per workbook, naming the owners who did not return theirs."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from benefitdesk.exchange.template import read_stamp
from benefitdesk.model import ImportBatch, Measurement
from benefitdesk.services.collection import (
    import_folder,
    owners_due,
    pack_name,
    workbooks_in,
    write_packs,
)
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.importing import undo_import
from benefitdesk.store import Store
from monthly_helpers import AS_OF, run_cli


def fill(path: Path, values: dict[str, float], sheet: str = "Measurements") -> None:
    """An owner types figures into the yellow Value column and saves in Excel."""
    wb = openpyxl.load_workbook(path)
    for cell, value in values.items():
        wb[sheet][cell] = value
    wb.save(path)


def measurement_count(store: Store) -> int:
    with store.reading() as session:
        return session.execute(select(func.count()).select_from(Measurement)).scalar_one()


def test_one_pack_per_owner_with_only_their_figures(store: Store, tmp_path: Path) -> None:
    packs = write_packs(store, tmp_path / "out" / "January", as_of=AS_OF)
    names = [p.owner for p in packs.packs]
    assert names == owners_due(store, AS_OF) and "Alice Chen" in names
    assert [p.path.name for p in packs.packs] == [f"{n}.xlsx" for n in names]
    alice = next(p for p in packs.packs if p.owner == "Alice Chen")
    assert alice.benefit_rows > 0 and alice.indicator_rows > 0
    stamp = read_stamp(alice.path)
    assert stamp is not None and (stamp.owner, stamp.as_of) == ("Alice Chen", AS_OF)
    wb = openpyxl.load_workbook(alice.path)
    codes = {r[0].value for r in wb["Measurements"].iter_rows(min_row=2) if r[0].value}
    assert codes == {"B-001", "B-002", "B-003"}  # Alice's benefits only
    assert "Alice Chen" in wb["Instructions"]["A3"].value


def test_folder_imports_one_batch_per_workbook_and_names_who_did_not_return(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "packs"
    packs = {p.owner: p.path for p in write_packs(store, out, as_of=AS_OF).packs}
    fill(packs["Alice Chen"], {"F2": 24.0, "F3": 24.5})
    fill(packs["Helen Carter"], {"F2": 2.8})
    fill(packs["Helen Carter"], {"F2": 60.0}, sheet="Indicator Measurements")
    renamed = out / "Grace Adeyemi (1).xlsx"  # saved from an e-mail twice
    packs["Grace Adeyemi"].rename(renamed)
    fill(renamed, {"F2": 9.0})
    packs["Owen Price"].unlink()  # Owen did not send his back
    packs["Mark Sullivan"].unlink()  # nor Mark
    (out / "~$Alice Chen.xlsx").write_bytes(b"lock")  # Excel's lock file is skipped
    (out / "notes.txt").write_text("not a workbook")
    before = measurement_count(store)

    result = import_folder(store, out)

    assert result.as_of == AS_OF
    assert [f.path.name for f in result.files] == [p.name for p in workbooks_in(out)]
    assert len(result.files) == len(packs) - 2
    by_owner = {f.owner: f for f in result.files}
    assert by_owner["Alice Chen"].figures == 2 and by_owner["Helen Carter"].figures == 2
    assert by_owner["Grace Adeyemi"].imported  # matched by its stamp, whatever its name
    assert not by_owner["Daniel Brooks"].imported  # returned without figures
    assert sorted(result.missing) == ["Mark Sullivan", "Owen Price"]
    assert "Daniel Brooks" in result.returned
    assert measurement_count(store) == before + 4
    batches = result.batches
    assert len(batches) == 3 and len(set(batches)) == 3
    with store.reading() as session:
        names = dict(session.execute(select(ImportBatch.id, ImportBatch.file_name)).all())
    assert {names[b] for b in batches} == {"Alice Chen.xlsx", "Helen Carter.xlsx", renamed.name}
    undo_import(store, by_owner["Helen Carter"].result.batch_id)  # each undoes on its own
    assert measurement_count(store) == before + 3


def test_a_bad_workbook_is_reported_and_the_others_import(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    packs = {p.owner: p.path for p in write_packs(store, out, as_of=AS_OF).packs}
    fill(packs["Alice Chen"], {"F2": "twenty"})  # not a number
    fill(packs["Fiona Grant"], {"F2": 40.0})
    (out / "Broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    result = import_folder(store, out)
    by_name = {f.path.name: f for f in result.files}
    alice = by_name["Alice Chen.xlsx"]
    assert not alice.imported and any("Measurements!F2" in str(p) for p in alice.errors)
    assert by_name["Fiona Grant.xlsx"].imported
    broken = by_name["Broken.xlsx"]
    assert broken.owner is None and broken.errors and not broken.imported
    assert "Alice Chen" in result.returned  # she sent it back; it needs fixing


def test_a_file_named_after_its_owner_is_matched_without_a_stamp(
    store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "back"
    out.mkdir()
    sheet = [["Benefit", "Date", "Value"], ["B-012", "2026-12-31", 41.0]]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Measurements"
    for row in sheet:
        ws.append(row)
    wb.save(out / "Fiona Grant - December.xlsx")
    result = import_folder(store, out, as_of=AS_OF)
    assert result.files[0].owner == "Fiona Grant" and result.files[0].imported
    assert "Fiona Grant" not in result.missing


def test_refusals(store: Store, tmp_path: Path) -> None:
    afile = tmp_path / "file.xlsx"
    afile.write_text("x")
    with pytest.raises(ServiceError, match="is a file"):
        write_packs(store, afile, as_of=AS_OF)
    with pytest.raises(ServiceError, match="not a folder"):
        import_folder(store, tmp_path / "missing")
    assert pack_name('Ann "AJ" O/Neil') == "Ann -AJ- O-Neil.xlsx"


def test_collect_and_import_folder_commands(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = store.path
    store.close()
    out = tmp_path / "collect"
    code, text, err = run_cli(["collect", path, out, "--as-of", AS_OF.isoformat()], capsys)
    assert code == 0, err
    assert "Alice Chen.xlsx:" in text and (out / "Alice Chen.xlsx").exists()
    fill(out / "Alice Chen.xlsx", {"F2": 25.0})
    (out / "Owen Price.xlsx").unlink()
    code, text, err = run_cli(["import", path, out], capsys)
    assert code == 0, err
    assert "Alice Chen.xlsx (Alice Chen): imported as batch" in text
    assert "Not returned: Owen Price" in text
    code, _text, err = run_cli(["import", path, out, "--dry-run"], capsys)
    assert code == 2 and "work on one file" in err
