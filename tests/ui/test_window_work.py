"""The main window opening portfolios (at once, in the background, twice, a bad file)
and its background work (board pack, sync)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from small_portfolio import AS_OF, make_portfolio, open_window, visible_codes

from benefitdesk.services.measurements import log_measurement
from benefitdesk.store import Store
from benefitdesk.ui.app import choose_portfolio
from benefitdesk.ui.jobs import Job, serial_pool, wait_for_workers
from benefitdesk.ui.main_window import MainWindow
from benefitdesk.ui.register.model import RegisterModel
from benefitdesk.ui.settings import AppSettings

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path: Path, app_settings: AppSettings):  # type: ignore[no-untyped-def]
    yield from open_window(qtbot, app_settings, make_portfolio(tmp_path / "p.sqlite"))


def test_reopens_last_portfolio(tmp_path: Path, app_settings: AppSettings, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = make_portfolio(tmp_path / "last.sqlite")
    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    win.open_portfolio(path)
    win.close()
    assert app_settings.last_portfolio == path.resolve()
    assert choose_portfolio(None, app_settings.last_portfolio) == path.resolve()
    assert app_settings.recent()[0] == path.resolve()


def test_second_instance_opens_read_only(
    tmp_path: Path,
    app_settings: AppSettings,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    path = make_portfolio(tmp_path / "shared.sqlite")
    first, second = MainWindow(app_settings, as_of=AS_OF), MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    first.open_portfolio(path)
    second.open_portfolio(path)
    assert second.context is not None and second.context.read_only
    reason = second.context.store.read_only_reason or ""
    assert reason.startswith("it is open in the BenefitDesk window of ")
    first.close_portfolio()  # the lock goes with the portfolio: a third window may write
    third = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(third)
    third.open_portfolio(path)
    assert third.context is not None and not third.context.read_only
    assert "read-only" in second.windowTitle()
    assert not second.act.log_measurement.isEnabled()


def test_background_open_shows_the_register_first_then_its_figures(
    tmp_path: Path,
    app_settings: AppSettings,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """A first open shows the benefit list at once, its figures once evaluated; the
    next open shows the last session's register (figures too) while it loads, unless
    the file changed since."""
    path = make_portfolio(tmp_path / "cached.sqlite")
    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    win.show()

    def statuses() -> list[str]:
        assert win.register is not None
        model = win.register.model
        return [model.index(r, RegisterModel.COL_STATUS).data() for r in range(3)]

    assert win.open_portfolio(path, background=True)
    assert win.context is None  # loading in the background
    assert visible_codes(win) == ["B-001", "B-002", "B-003"]
    assert statuses() == ["…", "…", "…"]  # figures still being computed
    with qtbot.waitSignal(win.interactive, timeout=30_000):
        pass
    loaded = statuses()
    assert "…" not in loaded and win.register.current_benefit_id() is not None  # type: ignore[union-attr]
    win.close_portfolio()  # saves the register cache

    win.open_portfolio(path, background=True)
    assert win.context is None and statuses() == loaded  # the last session's figures
    qtbot.waitUntil(lambda: win.context is not None, timeout=20_000)
    win.close_portfolio()

    log_measurement(Store(path), "B-003", date(2026, 10, 31), 12.0)  # the file changes
    win.open_portfolio(path, background=True)
    assert statuses() == ["…", "…", "…"]  # a stale cache is never shown
    qtbot.waitSignal(win.interactive, timeout=30_000).wait()
    win.close()


def test_the_dashboard_left_open_is_the_page_the_next_open_ends_on(
    tmp_path: Path,
    app_settings: AppSettings,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """The register stands in while the dashboard is built, without taking its place
    as the page to come back to."""
    path = make_portfolio(tmp_path / "dashboard.sqlite")
    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    win.show()
    win.open_portfolio(path, background=True)
    qtbot.waitSignal(win.interactive, timeout=30_000).wait()
    win.navigate("dashboard")
    win.close_portfolio()
    win.open_portfolio(path, background=True)
    qtbot.waitSignal(win.interactive, timeout=30_000).wait()
    assert win.workspace is not None and not win.workspace.on_register()
    assert win.workspace.pages.currentWidget() is win.dashboard
    assert app_settings.value("view/page", "all") == "dashboard"
    win.close()


def test_opening_another_portfolio_while_one_loads_drops_the_first(
    tmp_path: Path,
    app_settings: AppSettings,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    first = make_portfolio(tmp_path / "first.sqlite")
    second = make_portfolio(tmp_path / "second.sqlite")
    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    win.show()
    win.open_portfolio(first, background=True)
    qtbot.wait(1)
    win.open_portfolio(second, background=True)
    qtbot.waitSignal(win.interactive, timeout=30_000).wait()
    assert win.context is not None and win.context.store.path == second.resolve()
    wait_for_workers(10_000)
    qtbot.wait(50)
    assert win.context.store.path == second.resolve()
    with Store(first, hold_lock=True) as again:
        assert not again.read_only  # the dropped load let go of its portfolio
    win.close()


def test_an_opening_dropped_before_its_views_never_holds_back_the_next(
    tmp_path: Path,
    app_settings: AppSettings,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """The serial pool is held while an opening builds its views; an opening dropped
    once loaded, its workspace's modules still being imported, must not take that hold
    when the import ends: the next opening's jobs would wait for nobody to release it."""
    first = make_portfolio(tmp_path / "first.sqlite")
    second = make_portfolio(tmp_path / "second.sqlite")
    gates = [threading.Event() for _ in range(3)]

    def block(gate: threading.Event) -> None:
        Job(None, lambda _c: gate.wait(30), "blocker").quiet().run(serial_pool())

    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    win.show()
    try:
        block(gates[0])  # the load queues behind it
        win.open_portfolio(first, background=True)
        qtbot.waitUntil(lambda: len(Job.active) == 2)  # the blocker and the load
        block(gates[1])  # the workspace's import, queued once loaded, waits behind it
        gates[0].set()
        qtbot.waitUntil(lambda: win.context is not None)
        win.close_portfolio()  # loaded, its views not built yet
        win.open_portfolio(second, background=True)
        block(gates[2])  # the next opening's load waits behind it
        gates[1].set()  # the dropped opening's import ends now
        qtbot.waitUntil(lambda: all(job.title != "Preparing" for job in Job.active))
        ran = threading.Event()
        Job(None, lambda _c: ran.set(), "probe").quiet().run(serial_pool())
        gates[2].set()
        assert ran.wait(10)  # not kept back by the dropped opening
    finally:
        for gate in gates:
            gate.set()
    qtbot.waitSignal(win.interactive, timeout=30_000).wait()
    assert win.context.store.path == second.resolve()
    win.close()


def test_background_open_of_a_bad_file_reports_and_recovers(
    tmp_path: Path,
    app_settings: AppSettings,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "benefitdesk.ui.errors.show_error",
        lambda _p, _t, error, _tr="": shown.append(str(error)),
    )
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database")
    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    win.open_portfolio(bad, background=True)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "not a BenefitDesk portfolio" in shown[0]
    assert win.context is None and bad.read_text() == "not a database"


def test_board_pack_exports_in_the_background(
    window: MainWindow,
    tmp_path: Path,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QMessageBox

    from benefitdesk.ui.boardpack.export import run_board_pack

    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    out = tmp_path / "pack.xlsx"
    job = run_board_pack(window, window.context, out)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: job not in job.active, timeout=30_000)
    assert out.exists()
    assert "Summary" in load_workbook(out, read_only=True).sheetnames


def test_sync_now_pulls_a_profile_and_marks_the_benefit_automated(
    window: MainWindow,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    from benefitdesk.services.sync import import_profiles

    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "crm.csv").write_text(
        "KPI,Month,Value\nconv,2026-10-15,17.5\nconv,2026-10-20,18.5\n"
    )
    (tmp_path / "profiles.toml").write_text(
        '[[profile]]\nname = "CRM"\nsource = "folder"\npath = "exports"\npattern = "*.csv"\n'
        'key_column = "KPI"\ndate_column = "Month"\nvalue_column = "Value"\n'
        'aggregate = "mean"\nperiod = "monthly"\n[profile.keys]\nconv = "B-003"\n'
    )
    context = window.context
    assert context is not None
    import_profiles(context.store, tmp_path / "profiles.toml")
    context.reload()
    assert window.syncing.controller is not None
    told: list[str] = []
    prompter = window.syncing.controller.prompter
    prompter.inform = lambda _parent, _title, text, *_a: told.append(text)  # type: ignore[method-assign]
    prompter.warn = lambda _parent, _title, text, *_a: told.append(text)  # type: ignore[method-assign]
    prompter.error = lambda _parent, _title, error, *_a: told.append(str(error))  # type: ignore[method-assign]
    window.syncing.sync_now()
    qtbot.waitUntil(lambda: not window.syncing.controller.running, timeout=30_000)
    row = window.register.model.row_at(
        window.register.model.row_of(context.benefit_by_code("B-003").id)
    )  # type: ignore[arg-type]
    assert row.automated and row.realisation_pct == pytest.approx(80.0)  # mean 18 of 10 → 20
    assert window.syncing.status.text()
    assert told and told[0].startswith("Synced 1 profile") and "1 added" in told[0]


def test_cancelling_a_board_pack_shows_no_error(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """Cancel is the user's wish: no 'Something went wrong', no success box, no file."""
    from PySide6.QtWidgets import QMessageBox, QPushButton

    import benefitdesk.ui.errors
    from benefitdesk.ui.boardpack.export import run_board_pack

    told: list[str] = []
    monkeypatch.setattr(benefitdesk.ui.errors, "show_error", lambda *a, **k: told.append("error"))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: told.append(self.text()) or 0)
    out = tmp_path / "pack.xlsx"
    job = run_board_pack(window, window.context, out)  # type: ignore[arg-type]
    assert job.dialog is not None
    job.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
    assert QThreadPool.globalInstance().waitForDone(30_000)
    qtbot.waitUntil(lambda: job not in job.active, timeout=10_000)
    assert told == [] and not out.exists()


def test_a_board_pack_finishing_behind_a_busy_gui_thread_does_not_crash(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """Its progress queued up while the GUI thread was busy; the progress dialog's
    setValue then met the next update inside itself and the process crashed."""
    from PySide6.QtWidgets import QMessageBox

    from benefitdesk.ui.boardpack.export import run_board_pack

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: told.append(self.text()) or 0)
    out = tmp_path / "pack.xlsx"
    job = run_board_pack(window, window.context, out)  # type: ignore[arg-type]
    assert QThreadPool.globalInstance().waitForDone(30_000)  # the GUI thread is busy
    qtbot.waitUntil(lambda: job not in job.active, timeout=10_000)
    assert out.exists() and told and told[0].startswith("The board pack as of")


def test_the_navigator_counts_what_needs_attention_once_opened(
    tmp_path: Path,
    app_settings: AppSettings,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """The dashboard is made after the register: its count reaches the navigator."""
    from benefitdesk.services.dashboard import attention_items

    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.interactive, timeout=30_000):
        win.open_portfolio(make_portfolio(tmp_path / "p.sqlite"), background=True)
    assert win.context is not None
    count = len(attention_items(win.context.report))
    assert count > 0
    assert win.workspace is not None
    assert f"Needs attention ({count})" in win.workspace.navigator.entries()
    win.close()
