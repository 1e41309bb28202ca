"""Hostile text on the way in: encodings, repeated columns, control characters, numbers
that are no figures, overflowing whole numbers, mapping files that are no mappings.

Every file is generated here. Each case ends in a located message or a correct
reading, never a traceback, never silence.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from benefitdesk.exchange.errors import ExchangeError
from benefitdesk.model import Benefit, Measurement, Person, PlanVersion, PortfolioSettings
from benefitdesk.services.exporting import export_portfolio
from benefitdesk.services.importing import apply_import, load_mapping
from benefitdesk.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_import_helpers import add_benefit, cli, workbook


def titles(store: Store) -> list[str]:
    with store.reading() as session:
        return sorted(session.execute(select(Benefit.__table__.c.title)).scalars())


def messages(result: object, errors: bool = True) -> list[str]:
    found = result.errors if errors else result.warnings  # type: ignore[attr-defined]
    return [str(p) for p in found]


# --- encodings ---------------------------------------------------------------------------


def test_a_utf8_file_with_one_latin1_line_reads_right_and_names_the_line(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "register.csv"
    path.write_bytes(
        "Code,Title,Owner\nB-001,Café opening hours,Zoë Åberg\n".encode()
        + "B-002,Crème brûlée sales,René Noël\n".encode("latin-1")
        + "B-003,Naïve forecast,Ana Núñez\n".encode()
    )
    result = apply_import(store, path)
    assert result.committed, messages(result)
    assert titles(store) == ["Café opening hours", "Crème brûlée sales", "Naïve forecast"]
    assert any("UTF-8 but for 1 line (3)" in w for w in messages(result, errors=False))


def test_shift_jis_is_detected_and_said_to_be_a_guess(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kpi.csv"
    text = "Code,Title,Baseline,Target\nB-001,売上高の増加,100,120\nB-002,顧客満足度,3.5,4.2\n"
    path.write_bytes(text.encode("shift_jis"))
    result = apply_import(store, path)
    assert result.committed, messages(result)
    assert titles(store) == ["売上高の増加", "顧客満足度"]
    guess = next(w for w in messages(result, errors=False) if "a guess" in w)
    assert "Shift-JIS" in guess and "売上高の増加" in guess


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8-sig", "\r\n"), ("utf-16", "\n"), ("cp1252", "\r"), ("utf-8", "\n")],
)
def test_any_encoding_and_line_ending(
    store: Store, tmp_path: Path, encoding: str, newline: str
) -> None:
    path = tmp_path / "r.csv"
    rows = ["Code;Title;Baseline;Target", "B-001;Coût réduit;1 200,50;900"]
    path.write_bytes((newline.join(rows) + newline).encode(encoding))
    result = apply_import(store, path)
    assert result.committed, messages(result)
    with store.reading() as session:
        row = session.execute(select(Benefit.__table__)).one()
    assert (row.title, row.baseline, row.target) == ("Coût réduit", 1200.5, 900.0)


# --- repeated columns and codes ---------------------------------------------------------


def test_two_code_columns_are_an_error(store: Store, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        {"Benefits": [["Code", "Title", "Code"], ["B-001", "A", "B-009"]]},
    )
    result = apply_import(store, path)
    assert not result.committed
    assert messages(result) == [
        'Benefits!C1: columns A and C are both headed "Code": say which one to read in a '
        "mapping file (by column letter), or rename one"
    ]


def test_two_value_columns_are_an_error_and_a_letter_settles_it(
    store: Store, tmp_path: Path
) -> None:
    add_benefit(store, "B-001")
    path = workbook(
        tmp_path / "log.xlsx",
        {"Measurements": [["Benefit", "Date", "Value", "Value"], ["B-001", "2026-01-31", 5, 7]]},
    )
    result = apply_import(store, path)
    assert not result.committed
    assert any('columns C and D are both headed "Value"' in m for m in messages(result))
    mapping = tmp_path / "m.toml"
    mapping.write_text('[sheets.Measurements.columns]\nC = "ignore"\nD = "value"\n')
    result = apply_import(store, path, load_mapping(mapping))
    assert result.committed, messages(result)
    with store.reading() as session:
        assert session.execute(select(Measurement.__table__.c.value)).scalars().all() == [7.0]


def test_the_same_code_on_two_benefit_sheets_is_an_error(store: Store, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        {
            "Benefits": [["Code", "Title"], ["B-001", "Faster invoices"]],
            "Benefits Register": [["Code", "Title"], ["B-001", "Fewer complaints"]],
        },
    )
    result = apply_import(store, path)
    assert result.committed and result.rejected_rows == 1  # the first comes in
    assert messages(result) == ['Benefits Register!A2: B-001 is also in sheet "Benefits", row 2']
    with store.reading() as session:
        assert session.execute(select(Benefit.title)).scalars().all() == ["Faster invoices"]


# --- text normalised once ------------------------------------------------------------------


def test_control_characters_are_removed_once_and_an_export_reimports_the_same(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"  # a workbook cannot hold these characters; a CSV can
    path.write_text(
        "Code,Title,Owner,Notes\n"
        'B-001,Faster\x07 invoices\u200b,Ann\x1b Lee,"line one\r\nline two\x0c"\n'
        "B-002,R&amp;D savings,ann  lee,\n",
        newline="",
    )
    assert apply_import(store, path).committed
    with store.reading() as session:
        rows = session.execute(select(Benefit.__table__).order_by(Benefit.__table__.c.code)).all()
        people = session.execute(select(Person.__table__.c.name)).scalars().all()
    assert [r.title for r in rows] == ["Faster invoices", "R&D savings"]
    assert rows[0].notes == "line one\nline two"
    assert people == ["Ann Lee"]
    exported = tmp_path / "out.xlsx"
    export_portfolio(store, exported)
    with Store(tmp_path / "copy.sqlite", create=True) as copy:
        assert apply_import(copy, exported).committed
        again = apply_import(copy, exported)
        assert not again.changes_anything
        with copy.reading() as session:
            assert session.execute(select(Person.__table__.c.name)).scalars().all() == ["Ann Lee"]


# --- numbers that are no figures ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("INF", 'log.csv!C2: "INF" is not a finite number'),
        ("NaN", 'log.csv!C2: "NaN" is not a finite number'),
        ("1e309", 'log.csv!C2: "1e309" is too large for a figure'),
        ("-1e20", 'log.csv!C2: "-1e20" is too large for a figure'),
    ],
)
def test_non_finite_and_absurd_figures_are_refused_at_their_cell(
    store: Store, tmp_path: Path, value: str, message: str
) -> None:
    add_benefit(store, "B-001")
    path = tmp_path / "log.csv"
    path.write_text(f"Benefit,Date,Value\nB-001,2026-01-31,{value}\n")
    result = apply_import(store, path)
    assert not result.committed
    assert messages(result)[0].startswith(message)


def test_an_absurd_baseline_never_reaches_the_portfolio(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Code,Title,Baseline,Target,Status\nB-001,A,1e308,-1e308,tracking\n")
    result = apply_import(store, path)
    assert any('"1e308" is too large for a figure' in w for w in messages(result, errors=False))
    with store.reading() as session:  # a draft without the absurd figures
        (row,) = session.execute(select(Benefit.__table__)).all()
    assert (row.baseline, row.target, row.status.value) == (None, None, "draft")
    code, out, _err = cli(["report", str(store.path), "--json"])
    assert code == 0 and "Infinity" not in out and "NaN" not in out


@pytest.mark.parametrize(
    ("sheet", "rows", "message"),
    [
        (
            "Settings",
            [["Key", "Value"], ["forecast_window", "12345678901234567890"]],
            'Settings!B2: "12345678901234567890" is too large for a figure',
        ),
        (
            "Settings",
            [["Key", "Value"], ["forecast_window", 5000]],
            "Settings!B2: 5000: the forecast window is a whole number from 3 to 120",
        ),
        (
            "Plan",
            [
                ["Benefit", "Version", "Date", "Planned Value"],
                ["B-001", "12345678901234567890", "2026-03", 1],
            ],
            'Plan!B2: "12345678901234567890" is too large for a figure',
        ),
        (
            "Plan",
            [["Benefit", "Version", "Date", "Planned Value"], ["B-001", 99999, "2026-03", 1]],
            "Plan!B2: version 99999 is not between 1 and 10,000",
        ),
    ],
)
def test_a_twenty_digit_whole_number_is_a_message_not_an_overflow(
    store: Store, tmp_path: Path, sheet: str, rows: list[list[object]], message: str
) -> None:
    add_benefit(store, "B-001")
    path = workbook(tmp_path / "w.xlsx", {sheet: rows})
    result = apply_import(store, path)
    assert not result.committed
    assert any(m.startswith(message) for m in messages(result)), messages(result)
    with store.reading() as session:
        assert session.execute(select(PortfolioSettings.__table__.c.forecast_window)).scalar() == 6
        assert session.execute(select(PlanVersion.__table__)).all() == []


# --- mapping files that are no mappings ---------------------------------------------------


def test_a_deeply_nested_mapping_is_refused_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "deep.toml"
    bad.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ExchangeError) as caught:
        load_mapping(bad)
    assert str(caught.value) == "deep.toml: nests more than 8 levels deep: not a mapping file"


def test_a_mapping_with_brackets_in_strings_and_comments_is_fine(tmp_path: Path) -> None:
    fine = tmp_path / "fine.toml"
    fine.write_text(
        '# [[[[[[[[[[[[[ not nesting\n[sheets."Q[1]"]\nkind = "benefits"\n'
        'columns = {"a [[[[[[[[[[[[ b" = "title"}\n'
    )
    assert load_mapping(fine).sheets["Q[1]"].columns == {"a [[[[[[[[[[[[ b": "title"}


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_as_a_mapping_is_refused_at_once(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Code,Title\nB-001,A\n")
    started = time.perf_counter()
    code, _out, err = cli(["import", str(store.path), str(path), "--mapping", "/dev/zero"])
    assert code == 1
    assert "zero: is larger than 256 KB: not a mapping file" in err
    assert time.perf_counter() - started < 10
