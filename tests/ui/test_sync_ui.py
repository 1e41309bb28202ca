"""The sync screens: profiles dialog, profile editor (preview, test run, save), Sync
Now through a background job, watching a folder for new exports, and the register's
"automated" mark."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QStyleOptionViewItem, QWidget

from benefitdesk.services.sync import SyncProfile, list_profiles
from benefitdesk.store import Store
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.register.model import rows_from_report
from benefitdesk.ui.sync import (
    ProfileEditor,
    ProfilesDialog,
    SyncController,
    SyncPrompter,
    open_profiles_dialog,
)
from benefitdesk.ui.sync.models import CodeDelegate, KeyMapModel, ProfileModel
from test_sync_support import (
    add_portfolio_codes,
    csv_profile,
    figures,
    saved,
    sql_profile,
    write_csv,
    write_sqlite,
)

pytestmark = pytest.mark.gui


class FakePrompter(SyncPrompter):
    """Answers as the test says and remembers what it was asked."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str, str]] = []  # (kind, text, details)
        self.confirm_answer = True
        self.chosen: Path | None = None
        self.fill: Callable[[Any], None] = lambda dialog: None

    def confirm(self, parent: Any, title: str, text: str, action: str) -> bool:
        self.said.append(("confirm", text, ""))
        return self.confirm_answer

    def open_file(self, parent: Any, title: str, folder: str, filters: str) -> Path | None:
        return self.chosen

    def save_file(self, parent: Any, title: str, suggested: str, filters: str) -> Path | None:
        return self.chosen

    def folder(self, parent: Any, title: str, folder: str) -> Path | None:
        return self.chosen

    def run(self, dialog: QDialog) -> bool:
        self.fill(dialog)
        if dialog.result() != QDialog.DialogCode.Accepted:
            dialog.try_accept()  # type: ignore[attr-defined]
        return dialog.result() == QDialog.DialogCode.Accepted

    def inform(self, parent: Any, title: str, text: str, details: str = "") -> None:
        self.said.append(("inform", text, details))

    def warn(self, parent: Any, title: str, text: str, details: str = "") -> None:
        self.said.append(("warn", text, details))

    def error(self, parent: Any, title: str, error: BaseException, trace: str = "") -> None:
        self.said.append(("error", str(error), trace))


@pytest.fixture
def portfolio(store: Store) -> Store:
    add_portfolio_codes(store)
    return store


@pytest.fixture
def context(portfolio: Store) -> PortfolioContext:
    return PortfolioContext(portfolio)


@pytest.fixture
def prompter() -> FakePrompter:
    return FakePrompter()


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def controller(
    context: PortfolioContext, window: QWidget, prompter: FakePrompter
) -> Iterator[SyncController]:
    made = SyncController(context, window, prompter=prompter, debounce_ms=50)
    yield made
    made.shutdown()


def wait_job(qtbot: Any, owner: Any) -> None:
    qtbot.waitUntil(lambda: owner.job is None, timeout=15_000)


def b1_values(store: Store) -> dict[Any, float]:
    return {d: v for (o, d), v in figures(store).items() if o == "1"}


# --- register ----------------------------------------------------------------------------


def test_benefits_fed_by_a_profile_show_as_automated_in_the_register(
    context: PortfolioContext, portfolio: Store
) -> None:
    assert not any(r.automated for r in rows_from_report(context.report))
    saved(portfolio, SyncProfile("CRM", path="a.csv", keys={"k": "b-002", "j": "LI-001"}))
    context.reload()
    automated = {r.code: r.automated for r in rows_from_report(context.report)}
    assert automated == {"B-001": False, "B-002": True, "B-003": False}


# --- the profile list --------------------------------------------------------------------


def test_the_dialog_lists_profiles_with_their_last_run(
    qtbot: Any,
    qtmodeltester: Any,
    context: PortfolioContext,
    controller: SyncController,
    portfolio: Store,
    tmp_path: Path,
    prompter: FakePrompter,
) -> None:
    good = write_csv(tmp_path / "crm.csv", ["KPI,Month,Value", "conversion_rate,2026-01-31,11"])
    saved(portfolio, csv_profile(good), csv_profile(tmp_path / "gone.csv", name="Lost"))
    dialog = open_profiles_dialog(context, None, controller, prompter=prompter)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ProfilesDialog) and dialog.isVisible()
    qtmodeltester.check(dialog.model)
    assert [(r.name, r.last_status) for r in dialog.rows()] == [("CRM", None), ("Lost", None)]
    model = dialog.model
    assert model.index(0, ProfileModel.COL_LAST_RUN).data() == "never"

    dialog.sync_all()
    wait_job(qtbot, controller)
    statuses = {r.name: r.last_status for r in dialog.rows()}
    assert statuses == {"CRM": "ok", "Lost": "failed"}
    result = model.index(1, ProfileModel.COL_RESULT).data()
    assert result.startswith("failed, nothing written: gone.csv: file not found")
    assert model.index(0, ProfileModel.COL_LAST_RUN).data() != "never"
    assert "failed: Lost" in dialog.status.text()
    kind, text, details = prompter.said[-1]
    assert kind == "warn" and "Nothing was written for Lost" in text
    assert "gone.csv: file not found" in details


def test_delete_duplicate_import_and_export(
    qtbot: Any,
    context: PortfolioContext,
    controller: SyncController,
    portfolio: Store,
    tmp_path: Path,
    prompter: FakePrompter,
) -> None:
    saved(portfolio, csv_profile(tmp_path / "crm.csv"))
    dialog = ProfilesDialog(context, controller, prompter=prompter)
    qtbot.addWidget(dialog)
    dialog.table.select_id(dialog.rows()[0].id)
    assert dialog.duplicate_profile()
    assert [r.name for r in dialog.rows()] == ["CRM", "CRM (copy)"]

    prompter.chosen = tmp_path / "out" / "profiles"
    prompter.chosen.parent.mkdir()
    assert dialog.export_file()
    exported = tmp_path / "out" / "profiles.toml"
    assert 'path = "../crm.csv"' in exported.read_text(encoding="utf-8")

    prompter.confirm_answer = False
    assert not dialog.delete_profile(dialog.rows()[1])
    prompter.confirm_answer = True
    assert dialog.delete_profile(dialog.rows()[1])
    assert dialog.delete_profile(dialog.rows()[0])
    assert dialog.rows() == []

    prompter.chosen = exported
    assert dialog.import_file()
    assert [r.name for r in dialog.rows()] == ["CRM", "CRM (copy)"]
    assert prompter.said[-1][1] == "Profiles from profiles.toml: 2 added, 0 replaced."
    bad = tmp_path / "bad.toml"
    bad.write_text("[[profile]]\nname = 'X'\nsource = 'ftp'\n", encoding="utf-8")
    prompter.chosen = bad
    assert not dialog.import_file()
    kind, text, details = prompter.said[-1]
    assert kind == "warn" and "nothing was changed" in text and '"ftp"' in details


# --- the editor --------------------------------------------------------------------------


def test_editor_preview_test_run_and_save(
    qtbot: Any,
    qtmodeltester: Any,
    context: PortfolioContext,
    portfolio: Store,
    tmp_path: Path,
    prompter: FakePrompter,
) -> None:
    folder = tmp_path / "exports"
    write_csv(
        folder / "crm-1.csv",
        [
            "KPI,Month,Value",
            "conversion_rate,2026-01-15,10",
            "conversion_rate,2026-01-20,12",
            "pipeline,2026-01-31,400",
        ],
    )
    editor = ProfileEditor(context, None, prompter=prompter)
    qtbot.addWidget(editor)
    editor.name.setText("CRM monthly export")
    editor.source.set_value("folder")
    assert editor.pattern.isVisibleTo(editor) and not editor.url.isVisibleTo(editor)
    prompter.chosen = folder
    editor.choose_path()
    assert editor.path.text() == str(folder)
    editor.pattern.setText("crm-*.csv")
    editor.key_column.setText("KPI")
    editor.date_column.setText("Month")
    editor.value_column.setText("Value")
    editor.aggregate.set_value("mean")
    editor.add_key("conversion_rate", "B-001")
    qtmodeltester.check(editor.key_model)

    editor.preview()
    wait_job(qtbot, editor)
    assert [r.row.code for r in editor.panel.sample_model.rows()] == [
        "B-001",
        "B-001",
        "— not in the key map",
    ]
    assert [(f.figure.code, f.figure.value) for f in editor.panel.figure_model.rows()] == [
        ("B-001", 11.0)
    ]
    assert 'unknown key "pipeline"' in editor.panel.problems.toPlainText()
    editor.skip_unmapped.setChecked(True)
    editor.preview()
    wait_job(qtbot, editor)
    assert (
        "3 rows read from crm-1.csv: 1 figure; 1 source key(s) not in the key map"
        in editor.panel.summary.text()
    )
    assert editor.add_unmapped.isEnabled()

    editor.test_run()
    wait_job(qtbot, editor)
    assert "1 would be added, 0 changed, 0 unchanged" in editor.panel.summary.text()
    assert figures(portfolio) == {}  # a test run writes nothing

    assert editor.try_accept()
    assert editor.change is not None and editor.change.benefit_ids == frozenset({1})
    (stored,) = [s.profile for s in list_profiles(portfolio)]
    assert stored == SyncProfile(
        name="CRM monthly export",
        source="folder",
        path=str(folder),
        pattern="crm-*.csv",
        key_column="KPI",
        date_column="Month",
        value_column="Value",
        aggregate="mean",
        keys={"conversion_rate": "B-001"},
        unmapped="skip",
    )


def test_editor_keeps_the_dialog_open_with_the_reasons(
    qtbot: Any, context: PortfolioContext, portfolio: Store, prompter: FakePrompter
) -> None:
    editor = ProfileEditor(context, None, prompter=prompter)
    qtbot.addWidget(editor)
    editor.source.set_value("sql")
    assert editor.url.isVisibleTo(editor) and not editor.path.isVisibleTo(editor)
    assert not editor.try_accept()
    assert "needs a name" in editor.messages["name"].text()
    assert "needs a database URL" in editor.messages["url"].text()
    assert "at least one" in editor.messages["keys"].text()
    assert list_profiles(portfolio) == []


def test_editing_a_profile_round_trips_every_setting(
    qtbot: Any, context: PortfolioContext, portfolio: Store, tmp_path: Path
) -> None:
    db = write_sqlite(tmp_path / "ops.db", [("cost_per_invoice", "2026-01-03", 10.0)])
    profile = sql_profile(
        db, period="quarterly", day_first=False, decimal=",", unmapped="skip", key_column="kpi"
    )
    saved(portfolio, profile)
    stored = list_profiles(portfolio)[0]
    editor = ProfileEditor(context, stored.profile, profile_id=stored.id)
    qtbot.addWidget(editor)
    assert editor.profile() == stored.profile
    editor.period.set_value("yearly")
    assert editor.try_accept()
    assert list_profiles(portfolio)[0].profile == SyncProfile(
        **{**stored.profile.__dict__, "period": "yearly"}
    )


def test_the_code_combo_lists_benefits_and_indicators(
    qtbot: Any, context: PortfolioContext
) -> None:
    editor = ProfileEditor(context, None)
    qtbot.addWidget(editor)
    delegate = editor.key_view.itemDelegateForColumn(KeyMapModel.COL_CODE)
    assert isinstance(delegate, CodeDelegate)
    row = editor.key_model.add("k", "")
    index = editor.key_model.index(row, KeyMapModel.COL_CODE)
    combo = delegate.createEditor(editor.key_view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(combo, QComboBox)
    assert [combo.itemData(i) for i in range(combo.count())] == [
        "B-001",
        "B-002",
        "B-003",
        "LI-001",
    ]
    combo.setCurrentIndex(3)
    delegate.setModelData(combo, editor.key_model, index)
    assert editor.key_model.keys() == {"k": "LI-001"}
    assert index.data(Qt.ItemDataRole.DisplayRole) == "LI-001"


# --- Sync Now and watching -----------------------------------------------------------------


def test_sync_all_refreshes_the_views(
    qtbot: Any,
    context: PortfolioContext,
    controller: SyncController,
    portfolio: Store,
    tmp_path: Path,
    prompter: FakePrompter,
) -> None:
    path = write_csv(tmp_path / "crm.csv", ["KPI,Month,Value", "conversion_rate,2026-01-31,11.75"])
    saved(portfolio, csv_profile(path))
    changes: list[Any] = []
    context.changed.connect(changes.append)
    with qtbot.waitSignal(controller.finished, timeout=15_000) as finished:
        assert controller.sync_all() is not None
        assert controller.running and controller.sync_all() is None  # queued, not doubled
    result = finished.args[0]
    assert [r.status for r in result.runs] == ["ok"]
    assert changes and changes[0].entity == "sync" and changes[0].benefit_ids == frozenset({1})
    assert context.benefit_by_code("B-001") is not None
    assert context.report.result_for("B-001").latest_value == 11.75
    wait_job(qtbot, controller)  # the queued run: up to date, no figure written
    assert prompter.said[0][0] == "inform" and "11.75" not in prompter.said[0][1]
    assert controller.last_sync_text().startswith("Last sync ")


def test_no_profiles_and_read_only_are_told_not_run(
    context: PortfolioContext, controller: SyncController, prompter: FakePrompter
) -> None:
    assert controller.sync_all() is None
    assert "no import profiles" in prompter.said[-1][1]


def test_watching_a_folder_syncs_a_new_export_by_itself(
    qtbot: Any,
    controller: SyncController,
    portfolio: Store,
    tmp_path: Path,
    prompter: FakePrompter,
) -> None:
    folder = tmp_path / "drop"
    write_csv(
        folder / "a.csv",
        ["KPI,Month,Value", "conversion_rate,2026-01-31,11"],
        mtime=time.time() - 60,
    )
    saved(
        portfolio,
        SyncProfile(
            "Drop folder",
            "folder",
            path=str(folder),
            pattern="*.csv",
            key_column="KPI",
            date_column="Month",
            value_column="Value",
            keys={"conversion_rate": "B-001"},
        ),
    )
    statuses: list[str] = []
    controller.status_changed.connect(statuses.append)
    controller.watching = True
    assert controller.watching and str(folder) in controller.watcher.watched_paths()
    assert figures(portfolio) == {}  # switching it on syncs nothing by itself

    write_csv(folder / "b.csv", ["KPI,Month,Value", "conversion_rate,2026-02-28,12"])
    qtbot.waitUntil(lambda: len(b1_values(portfolio)) == 1, timeout=15_000)
    wait_job(qtbot, controller)
    assert list(b1_values(portfolio).values()) == [12.0]
    assert any("A new export for Drop folder arrived" in s for s in statuses)
    assert not [s for s in prompter.said if s[0] != "confirm"]  # quiet: no boxes

    controller.watching = False
    assert controller.watcher.watched_paths() == []
