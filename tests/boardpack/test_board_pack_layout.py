"""How the pack prints and reads: page set-up, breaks, no split words, charts that tell.

The PDF conversion is checked by eye (docs/board-pack.md says how); these tests pin the
rules that make it print well, read from the workbook as another program sees it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from boardpack_builders import AS_OF, build_portfolio, workbook
from openpyxl.utils import get_column_letter
from sqlmodel import delete, select

from benefitdesk.exchange.boardpack.looks import INDENT_PX
from benefitdesk.exchange.boardpack.textfit import column_px, lines_needed, text_px
from benefitdesk.model import ActionStatus, Benefit, CorrectiveAction, Measurement
from benefitdesk.services.board_pack import BoardPackOptions, export_board_pack
from benefitdesk.store import Store

PRINTED = ("Summary", "Exceptions", "Decisions", "Register", "Definitions")


@pytest.fixture
def portfolio(store: Store) -> Store:
    build_portfolio(store)
    return store


@pytest.fixture
def pack(portfolio: Store, tmp_path: Path) -> Path:
    out = tmp_path / "pack.xlsx"
    export_board_pack(portfolio, out, BoardPackOptions(AS_OF))
    return out


def _long_history(store: Store) -> None:
    """Sixty overdue actions and two years of weekly figures: tables over several pages."""
    with store.transaction() as s:
        b1, b2 = (
            s.exec(select(Benefit).where(Benefit.code == c)).one() for c in ("B-001", "B-002")
        )
        s.add_all(
            CorrectiveAction(
                benefit_id=b2.id,
                title=f"Follow-up action number {n}",
                due_date=AS_OF - timedelta(days=n + 1),
                status=ActionStatus.OPEN,
            )
            for n in range(60)
        )
        s.exec(delete(Measurement).where(Measurement.benefit_id == b1.id))
        days = [AS_OF - timedelta(days=7 * n) for n in range(104)]
        s.add_all(
            Measurement(benefit_id=b1.id, date=d, value=20.0 + n * 0.02)
            for n, d in enumerate(reversed(days))
        )


def test_every_printed_sheet_is_landscape_fitted_to_width_with_a_footer(pack: Path) -> None:
    book = workbook(pack)
    for ws in book.worksheets:
        if ws.sheet_state == "hidden":
            continue
        setup = ws.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, ws.title
        # 1 is the file format's default: an absent fitToWidth/fitToHeight means 1.
        fit_width, fit_height = (
            1 if v is None else v for v in (setup.fitToWidth, setup.fitToHeight)
        )
        assert fit_width == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert fit_height == (1 if ws.title == "Summary" else 0), ws.title
        footer = ws.oddFooter
        assert "&P" in footer.right.text and "&N" in footer.right.text, ws.title
        assert "30 Jun 2026" in footer.left.text and "&&" in footer.left.text, ws.title
        assert ws.print_area, ws.title


def test_letter_paper_is_a_choice(portfolio: Store, tmp_path: Path) -> None:
    out = tmp_path / "letter.xlsx"
    export_board_pack(portfolio, out, BoardPackOptions(AS_OF, paper="letter"))
    assert {ws.page_setup.paperSize for ws in workbook(out).worksheets} >= {1}


def test_list_sheets_repeat_their_header_on_every_page(pack: Path) -> None:
    book = workbook(pack)
    for name in ("Register", "Definitions"):
        assert book[name].print_title_rows == "$4:$4", name
        assert book[name].freeze_panes is not None and book[name].auto_filter.ref


def _widths(ws: Any) -> list[int]:
    return [
        column_px(ws.column_dimensions[get_column_letter(c)].width or 8.43)
        for c in range(1, ws.max_column + 1)
    ]


def _span(ws: Any, cell: Any) -> tuple[int, int]:
    for merged in ws.merged_cells.ranges:
        if cell.coordinate in merged:
            return merged.min_col, merged.max_col
    return cell.column, cell.column


def test_no_word_is_split_and_no_wrapped_text_is_cut_off(portfolio: Store, tmp_path: Path) -> None:
    _long_history(portfolio)
    out = tmp_path / "pack.xlsx"
    export_board_pack(portfolio, out, BoardPackOptions(AS_OF))
    book = workbook(out)
    checked = 0
    for ws in book.worksheets:
        if ws.sheet_state == "hidden":
            continue
        widths = _widths(ws)
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                first, last = _span(ws, cell)
                room = sum(widths[first - 1 : last]) - INDENT_PX * int(cell.alignment.indent)
                size, bold = cell.font.sz or 10, bool(cell.font.b)
                where = f"{ws.title}!{cell.coordinate} {cell.value!r}"
                if not cell.alignment.wrap_text:
                    beside = ws.cell(cell.row, last + 1).value
                    if beside is not None:  # text would be cut at its neighbour
                        assert text_px(cell.value, size, bold) <= room - 6, where
                    continue
                longest = max(text_px(word, size, bold) for word in cell.value.split())
                assert longest <= room - 6, where
                height = ws.row_dimensions[cell.row].height
                lines = lines_needed(cell.value, room, size, bold)
                assert height is not None and height >= lines * size * 1.2, where
                checked += 1
    assert checked > 200


def test_exception_blocks_are_never_cut_across_a_page(portfolio: Store, tmp_path: Path) -> None:
    _long_history(portfolio)
    out = tmp_path / "pack.xlsx"
    export_board_pack(portfolio, out, BoardPackOptions(AS_OF))
    ws = workbook(out)["Exceptions"]
    starts = {
        cell.row
        for cell in ws["A"]
        if isinstance(cell.value, str) and re.match(r"^B-\d{3} · ", cell.value)
    }
    breaks = [brk.id for brk in ws.row_breaks.brk]
    assert breaks and all(b + 1 in starts for b in breaks)  # a break is right before a block


def test_a_table_that_runs_onto_the_next_page_repeats_its_header(
    portfolio: Store, tmp_path: Path
) -> None:
    _long_history(portfolio)
    out = tmp_path / "pack.xlsx"
    export_board_pack(portfolio, out, BoardPackOptions(AS_OF))
    for sheet, title, header in (
        ("Decisions", "Corrective actions past their due date", "Benefit"),
        ("B-001", "Measurements", "Period end"),
    ):
        ws = workbook(out)[sheet]
        breaks = [brk.id for brk in ws.row_breaks.brk]
        continued = [b for b in breaks if ws.cell(b + 1, 1).value == f"{title} (continued)"]
        assert continued, sheet
        for brk in continued:
            assert ws.cell(brk + 2, 1).value == header, sheet


def _charts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/charts/chart")
        }


def _value_axis(xml: str) -> tuple[float, float]:
    axes = re.findall(r"<c:valAx>.*?</c:valAx>", xml, re.S)
    scaling = re.search(r"<c:max val=\"([-\d.e]+)\"/><c:min val=\"([-\d.e]+)\"/>", axes[-1])
    assert scaling, "the value axis has no fixed range"
    return float(scaling.group(2)), float(scaling.group(1))


def test_charts_scale_to_their_data_and_mark_the_as_of_date(pack: Path) -> None:
    charts = _charts(pack)
    timed = [xml for xml in charts.values() if "<c:scatterChart>" in xml]
    assert len(timed) >= 8  # the summary, the exceptions' and the benefit sheets'
    for xml in timed:
        assert "As of" in xml
    book = workbook(pack)
    assert len(book["B-001"]._charts) == 1
    conversion = next(xml for xml in timed if "Conversion rate (%)" in xml)
    low, high = _value_axis(conversion)
    assert 15 <= low < 20 and 30 <= high <= 35  # baseline 20, target 30: not from zero
    rebaselined = [xml for xml in timed if "Original plan" in xml]
    assert rebaselined  # B-001 and B-003 were re-baselined


def test_the_summary_fits_one_page_and_the_main_sheets_stay_narrow(pack: Path) -> None:
    book = workbook(pack)
    letter_px = (11 - 0.8) * 96
    for name in ("Exceptions", "Decisions"):
        assert sum(_widths(book[name])[:10]) <= letter_px, name
    assert book["Summary"].page_setup.fitToHeight in (None, 1)  # None: the default, 1


def _pages_planned(path: Path) -> int:
    """Pages of the main sheets by the pack's own page breaks (the summary is one)."""
    book = workbook(path)
    return 1 + sum(len(book[name].row_breaks.brk) + 1 for name in ("Exceptions", "Decisions"))


def test_the_demo_pack_without_appendix_is_a_short_read(tmp_path: Path) -> None:
    from benefitdesk.demo import create_demo

    with create_demo(tmp_path / "demo.sqlite", today=AS_OF) as store:
        out = tmp_path / "demo.xlsx"
        export_board_pack(store, out, BoardPackOptions(AS_OF, appendix=False))
    assert _pages_planned(out) <= 8


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdfinfo")),
    reason="needs LibreOffice and poppler-utils to print the pack",
)
def test_the_demo_pack_prints_on_at_most_eight_pages(tmp_path: Path) -> None:
    """The bar, checked the way a board member sees it: LibreOffice's PDF."""
    from benefitdesk.demo import create_demo

    with create_demo(tmp_path / "demo.sqlite", today=AS_OF) as store:
        out = tmp_path / "demo.xlsx"
        export_board_pack(store, out, BoardPackOptions(AS_OF, appendix=False))
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    subprocess.run(
        [
            "soffice",
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "demo.pdf")], check=True, capture_output=True, text=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages == _pages_planned(out) and pages <= 8
