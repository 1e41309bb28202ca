"""The window at 1280×720: every register column on screen, rows to read, a usable
chart for a benefit with two indicators, and a detail pane that cannot be lost."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from benefitdesk.ui.main_window import MainWindow
from benefitdesk.ui.register.model import RegisterModel
from benefitdesk.ui.settings import AppSettings

pytestmark = pytest.mark.gui
AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benefitdesk.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=AS_OF).close()
    return path


@pytest.fixture
def small_window(qtbot, demo_file: Path, tmp_path: Path, app_settings: AppSettings):  # type: ignore[no-untyped-def]
    copy = tmp_path / "demo.sqlite"
    copy.write_bytes(demo_file.read_bytes())
    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_portfolio(copy)
    win.navigate("all")
    yield win
    win.close()


def test_every_register_column_is_on_screen(small_window: MainWindow) -> None:
    table = small_window.register.table
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert sum(widths) <= table.viewport().width() + 1
    assert widths[RegisterModel.COL_TITLE] >= 120
    assert widths[RegisterModel.COL_ATTENTION] >= 180
    rows_shown = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    assert rows_shown >= 7


def test_the_register_opens_on_a_benefit_not_a_blank(small_window: MainWindow) -> None:
    assert small_window.register.current_row() is not None
    assert small_window.detail.current_benefit_id() == small_window.register.current_benefit_id()


def test_the_detail_pane_cannot_be_dragged_away(
    small_window: MainWindow, app_settings: AppSettings
) -> None:
    split = small_window.workspace.register_split
    split.setSizes([5000, 0])
    assert split.sizes()[1] > 0
    split.setSizes([0, 5000])
    assert split.sizes()[0] > 0
    app_settings.save_state("register_split", b"")  # a broken saved layout
    small_window.workspace.lay_out(small_window.size())
    assert min(split.sizes()) > 0


def test_two_indicators_leave_the_benefit_chart_room(small_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    benefit = small_window.context.benefit_by_code("B-001")  # type: ignore[union-attr]
    small_window.show_benefit(benefit.id)
    small_window.detail.show_tab("overview")
    overview = small_window.detail.overview
    qtbot.waitUntil(lambda: getattr(overview, "chart", None) is not None, timeout=20_000)
    chart = overview.chart
    qtbot.waitUntil(lambda: len(chart.indicator_plots) == 2, timeout=20_000)
    qtbot.wait(50)
    main = chart.main.geometry().height()
    assert main >= 100
    assert main >= 0.4 * chart.graphics.height()
    assert all(p.plot.geometry().height() >= 40 for p in chart.indicator_plots)
