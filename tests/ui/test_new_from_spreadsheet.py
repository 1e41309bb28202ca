"""File › New Portfolio from Spreadsheet…, and File › Open on a spreadsheet, in the window."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, select

from benefitdesk.model import Benefit
from benefitdesk.ui.main_window import MainWindow
from benefitdesk.ui.settings import AppSettings

pytestmark = pytest.mark.gui
REAL = Path(__file__).parents[1] / "data" / "real"
KPI = REAL / "kallori_kpi_xlsx" / "KPI.xlsx"
ITEMS = REAL / "sc_benefit_items_csv" / "benefitItems.csv"


class Boxes:
    """Message boxes shown (title, text); questions answered Yes; a chosen button."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.press = ""  # text of a custom button to click, if any


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    record = Boxes()

    def exec_box(box: QMessageBox) -> int:
        record.shown.append((box.windowTitle(), box.text()))
        for button in box.buttons():
            if record.press and button.text() == record.press:
                box.clickedButton = lambda b=button: b  # type: ignore[method-assign]
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    )
    return record


@pytest.fixture
def window(qtbot: Any, app_settings: AppSettings) -> Any:
    win = MainWindow(app_settings, as_of=date(2026, 11, 25))
    qtbot.addWidget(win)
    yield win
    win.close()


def choose(monkeypatch: pytest.MonkeyPatch, source: Path | None, target: Path) -> None:
    if source is not None:
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(source), ""))
        )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), ""))
    )


def benefit_count(win: MainWindow) -> int:
    with win.context.store.reading() as session:
        return int(session.execute(select(func.count()).select_from(Benefit)).scalar())


def test_new_portfolio_from_a_register(
    qtbot: Any, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "KPI plan"
    choose(monkeypatch, KPI, target)
    window.act.new_from_spreadsheet.trigger()
    qtbot.waitUntil(lambda: window.context is not None, timeout=20_000)
    assert window.context.store.path == (tmp_path / "KPI plan.sqlite").resolve()
    assert benefit_count(window) == 16
    title, text = boxes.shown[-1]
    assert title == "New portfolio" and "benefits: 16 added" in text


def test_opening_a_spreadsheet_offers_to_start_from_it(
    qtbot: Any, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose(monkeypatch, KPI, tmp_path / "from open.sqlite")
    window.files.choose_and_open()  # File › Open… on KPI.xlsx, answered Yes
    qtbot.waitUntil(lambda: window.context is not None, timeout=20_000)
    assert benefit_count(window) == 16
    assert not (tmp_path / ".from open.sqlite.partial").exists()


def test_a_register_without_titles_offers_to_map_its_columns(
    qtbot: Any, window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "items.sqlite"
    choose(monkeypatch, ITEMS, target)
    opened: list[Path] = []
    monkeypatch.setattr(
        "benefitdesk.ui.importing.open_import_dialog",
        lambda _context, _settings, _parent, path: opened.append(path),
    )
    boxes.press = "&Map the Columns…"
    window.exchange.new_from_spreadsheet()
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    _title, text = boxes.shown[0]
    assert "could not be read as it is, so no portfolio was created" in text
    assert 'no column gives a title: map one, e.g. "Solution"' in text
    assert opened == [ITEMS]
    assert window.context is not None and benefit_count(window) == 0  # a new empty one


def test_an_existing_file_is_never_replaced(
    window: MainWindow, boxes: Boxes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "taken.sqlite"
    target.write_bytes(b"someone's file")
    choose(monkeypatch, KPI, target)
    window.exchange.new_from_spreadsheet()
    assert boxes.shown == [("New portfolio", "taken.sqlite already exists; choose another name")]
    assert target.read_bytes() == b"someone's file"
