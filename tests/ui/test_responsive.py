"""What the speed-ups of issue 16 must not break: the benefit shown is the benefit
selected (header and chart together, never a stale chart), the register sorts and
searches its own rows correctly, the start-up cache and the benefit list are what the
register shows first, and a signal closes the app as Quit does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from small_portfolio import AS_OF, make_portfolio

from benefitdesk.analysis.types import Thresholds
from benefitdesk.services.benefits import load_benefit_fields, save_benefit
from benefitdesk.store import Store
from benefitdesk.store.benefit_list import benefit_list
from benefitdesk.ui.main_window import MainWindow
from benefitdesk.ui.register import cache
from benefitdesk.ui.register.model import RegisterModel
from benefitdesk.ui.register.model_rows import rows_from_report, rows_without_figures
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.style import variance_colour

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path: Path, app_settings: AppSettings):  # type: ignore[no-untyped-def]
    path = make_portfolio(tmp_path / "p.sqlite")
    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    assert win.open_portfolio(path)
    win.navigate("all")
    qtbot.waitUntil(win.detail.chart_drawn, timeout=20_000)  # type: ignore[union-attr]
    yield win
    win.close()


def code_shown(win: MainWindow) -> str:
    return win.detail.header.text().split()[0]  # type: ignore[union-attr]


def test_a_new_selection_never_shows_the_last_benefits_chart(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Down arrow: the header changes at once and the chart has no lines until the new
    benefit's history is read; then the chart is that benefit's."""
    chart = window.detail.overview.chart  # type: ignore[union-attr]
    assert chart is not None and chart.data is not None and chart.data.code == "B-001"
    QTest.keyClick(window.register.table, Qt.Key.Key_Down)  # type: ignore[union-attr]
    assert code_shown(window) == "B-002"
    assert chart.drawn_benefit is None and chart.data is None
    assert chart.actuals.getData()[0] is None or len(chart.actuals.getData()[0]) == 0
    qtbot.waitUntil(window.detail.chart_drawn, timeout=10_000)  # type: ignore[union-attr]
    assert chart.data is not None and chart.data.code == "B-002" == code_shown(window)


def test_arrowing_past_slow_reads_draws_only_the_benefit_reached(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Reads that end in the wrong order (the first one slowest) never put a chart
    under another benefit's header, and the last benefit's chart is the one drawn."""
    from benefitdesk.ui.charts import benefit_chart

    gate, real = threading.Event(), benefit_chart.load_chart_data

    def slow_for_b002(store, snapshot, benefit_id, result, as_of):  # type: ignore[no-untyped-def]
        if result is not None and result.code == "B-002":
            gate.wait(10)
        return real(store, snapshot, benefit_id, result, as_of)

    monkeypatch.setattr(benefit_chart, "load_chart_data", slow_for_b002)
    chart = window.detail.overview.chart  # type: ignore[union-attr]
    seen: list[tuple[str, int | None]] = []
    table = window.register.table  # type: ignore[union-attr]
    for _ in range(2):  # B-002 (its read held back), then B-003
        QTest.keyClick(table, Qt.Key.Key_Down)
        seen.append((code_shown(window), chart.drawn_benefit))
    qtbot.waitUntil(window.detail.chart_drawn, timeout=10_000)  # type: ignore[union-attr]
    gate.set()  # B-002's read ends last
    qtbot.wait(200)
    assert code_shown(window) == "B-003" and chart.data.code == "B-003"
    assert chart.drawn_benefit == window.detail.benefit_id  # type: ignore[union-attr]
    assert all(drawn is None for _code, drawn in seen)


def test_clicking_a_row_shows_its_benefit(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    table = window.register.table  # type: ignore[union-attr]
    point = table.visualRect(table.model().index(2, 1)).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert code_shown(window) == "B-003"
    qtbot.waitUntil(window.detail.chart_drawn, timeout=10_000)  # type: ignore[union-attr]
    assert window.detail.overview.chart.data.code == "B-003"  # type: ignore[union-attr]


def test_header_clicks_sort_by_raw_values_and_keep_the_selection(window: MainWindow) -> None:
    table = window.register.table  # type: ignore[union-attr]
    header, model = table.horizontalHeader(), table.model()
    window.register.select_benefit(window.context.benefit_by_code("B-003").id)  # type: ignore[union-attr]

    def click(column: int) -> list[str]:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    realisation = RegisterModel.COL_REALISATION
    first = click(realisation)
    second = click(realisation)
    assert first[-1] == "B-001" and second[0] == "B-001"  # the only one with a figure
    assert first[:2] == ["B-002", "B-003"] and second[1:] == ["B-002", "B-003"]  # ties: codes
    assert window.register.current_row().code == "B-003"  # type: ignore[union-attr]
    assert click(RegisterModel.COL_OWNER) == ["B-001", "B-002", "B-003"]  # Alice, Bob
    assert click(RegisterModel.COL_OWNER) == ["B-003", "B-001", "B-002"]


def test_search_follows_edits_to_the_rows(window: MainWindow) -> None:
    """The search texts are made once per set of rows: an edit must renew them."""
    window.toolbar.search.setText("churn")
    assert window.register.model.rowCount() == 0  # type: ignore[union-attr]
    store = window.context.store  # type: ignore[union-attr]
    benefit_id = window.context.benefit_by_code("B-002").id  # type: ignore[union-attr]
    fields = load_benefit_fields(store, benefit_id=benefit_id)
    assert fields is not None
    changed = save_benefit(store, replace(fields, title="Churn down"), benefit_id=benefit_id)
    window.context.apply(changed)  # type: ignore[union-attr]
    model = window.register.model  # type: ignore[union-attr]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["B-002"]


def test_the_start_up_cache_and_the_benefit_list_give_the_registers_rows(
    tmp_path: Path, store: Store
) -> None:
    path = make_portfolio(tmp_path / "list.sqlite")
    with Store(path) as opened:
        from benefitdesk.services.report import build_report

        rows = rows_from_report(build_report(opened, AS_OF))
    tolerances = Thresholds(amber_pct=5.0, red_pct=15.0)  # the portfolio's, colouring rows
    cache.save_rows(tmp_path / "cache", path, AS_OF, rows[::-1], tolerances)  # in code order
    cached = cache.load_rows(tmp_path / "cache", path, AS_OF)
    assert cached is not None and cached.total == len(rows)
    assert [*cached.head, *cached.rest()] == [tuple(r) for r in rows]
    assert cached.tolerances == (5.0, 15.0)
    assert variance_colour(-6.0, cached.tolerances) == variance_colour(-6.0, tolerances)
    assert cache.load_rows(tmp_path / "cache", path, date(2026, 11, 26)) is None  # a new day
    listed = rows_without_figures(benefit_list(path) or [])
    assert len(listed) == len(rows) == 3
    assert [r[:7] for r in listed] == [r[:7] for r in rows]  # id … lifecycle, in code order
    assert all(r.status is None for r in listed)
    not_a_portfolio = tmp_path / "notes.sqlite"
    not_a_portfolio.write_text("hello")
    assert benefit_list(not_a_portfolio) is None and benefit_list(tmp_path / "none.db") is None


def test_a_large_cached_register_shows_its_first_rows_then_the_others(
    tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Before its first paint the register makes only the rows in view, but counts and
    scrolls as the whole list; the others are read once it is painted, or as soon as
    anything (a sort, a search, a selection) needs them."""
    from benefitdesk.ui.register.panel import RegisterPanel

    portfolio = make_portfolio(tmp_path / "many.sqlite")
    rows = rows_without_figures(
        (n, f"B-{n:04}", f"Benefit {n}", "P-1", 1, "Ann", "tracking") for n in range(1, 501)
    )
    cache.save_rows(tmp_path / "cache", portfolio, AS_OF, rows[::-1])
    for needs_them in ("painted", "sort", "search", "select"):
        cached = cache.load_rows(tmp_path / "cache", portfolio, AS_OF)
        assert cached is not None and len(cached.head) == cache.HEAD_ROWS < cached.total == 500
        panel = RegisterPanel(None)
        qtbot.addWidget(panel)
        panel.show_first(cached)
        model = panel.model
        assert model.rowCount() == model.total() == 500
        assert panel.count_label.text() == "500 benefits"
        assert model.index(0, 0).data() == "B-0001" and model.index(499, 0).data() is None
        if needs_them == "painted":
            panel.resize(900, 300)
            with qtbot.waitSignal(panel.painted):
                panel.show()
        elif needs_them == "sort":
            model.sort(RegisterModel.COL_CODE, Qt.SortOrder.DescendingOrder)
            assert model.index(0, 0).data() == "B-0500"
        elif needs_them == "search":
            panel.set_search("benefit 450")
            assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["B-0450"]
            panel.set_search("")
        else:
            assert panel.select_benefit(480)
        assert model.index(499, 0).data() in ("B-0500", "B-0001")
        assert sorted(r[1] for r in model.rows()) == [r.code for r in rows], needs_them


def test_the_register_model_passes_the_model_tester_whole_and_shown_first(
    tmp_path: Path, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    """Qt's own checks of a model, on the register with every row, and with its first
    rows made and the others' places kept (the start-up cache's first paint)."""
    rows = rows_without_figures(
        (n, f"B-{n:04}", f"Benefit {n}", "P-1", 1, "Ann", "tracking") for n in range(1, 301)
    )
    whole = RegisterModel()
    whole.set_rows(rows)
    qtmodeltester.check(whole, force_py=True)
    first = RegisterModel()
    first.show_first(rows[:200], 300, lambda: rows[200:])
    qtmodeltester.check(first, force_py=True)
    first.complete()
    qtmodeltester.check(first, force_py=True)


@pytest.mark.slow
def test_sigterm_closes_the_app_as_quit_does(tmp_path: Path) -> None:
    """A logout's SIGTERM closes the window: the portfolio is closed and the register
    remembered for the next start; the process ends with 0, its file intact."""
    path = make_portfolio(tmp_path / "quit.sqlite")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "BENEFITDESK_MILESTONES": "1",
    }
    command = [sys.executable, "-m", "benefitdesk", str(path)]
    with subprocess.Popen(
        command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith("milestone interactive"):
                break
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert process.returncode == 0
    assert list((tmp_path / "cache" / "BenefitDesk").glob("register-*.bin"))
    with Store(path, hold_lock=True) as again:
        assert not again.read_only  # the lock went with the process


def test_a_search_shows_its_first_matches(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Scrolled down a long register, a search that leaves out the selected benefit
    starts the list at its top (it showed the last matches, where the long list had
    been scrolled to); one that keeps it keeps it in view."""
    from benefitdesk.ui.register.panel import RegisterPanel

    panel = RegisterPanel(None)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    panel.show_rows(
        rows_without_figures(
            (n, f"B-{n:04}", f"{'Revenue' if n % 2 else 'Cost'} {n}", "P-1", 1, "Ann", "tracking")
            for n in range(1, 501)
        )
    )
    panel.select_benefit(480)  # far down: the table scrolls there
    bar = panel.table.verticalScrollBar()
    assert bar.value() > 0
    panel.set_search("revenue")  # B-0480 ("Cost 480") is left out
    assert panel.current_benefit_id() is None and bar.value() == 0
    panel.select_benefit(451)
    panel.set_search("revenue 45")  # B-0451 stays, and in view
    assert panel.current_benefit_id() == 451
    shown = panel.table.visualRect(panel.table.currentIndex())
    assert shown.intersects(panel.table.viewport().rect())


def test_a_moving_bar_shows_while_a_portfolio_opens(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, app_settings: AppSettings
) -> None:
    """Opening a large portfolio takes seconds: the status bar says it is working until
    the workspace is drawn."""
    path = make_portfolio(tmp_path / "p.sqlite")
    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    win.show()
    assert not win.status_busy.isVisible()
    assert win.open_portfolio(path, background=True)
    assert win.status_busy.isVisible()
    qtbot.waitSignal(win.interactive, timeout=30_000).wait()
    assert not win.status_busy.isVisible()
    win.close()
