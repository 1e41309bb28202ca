"""The monthly cycle in the app: the chase dialog drafts one e-mail per owner (through an
injected opener: no mail client is launched) and records the chase; collection
workbooks out and back; calendars kept current; the review dialog records an undoable
decision; the Chases & reviews tab and the dashboard's forecast accuracy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from benefitdesk.model import Lifecycle, ReviewDecision, VarianceCause
from benefitdesk.services.chase import last_chased
from benefitdesk.store import Store
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.dashboard.accuracy import AccuracyPanel
from benefitdesk.ui.detail.base import Prompter
from benefitdesk.ui.detail.followup import FollowUpTab
from benefitdesk.ui.jobs import Job
from benefitdesk.ui.monthly import collection
from benefitdesk.ui.monthly.chase_dialog import ChaseDialog
from benefitdesk.ui.monthly.reminders import RemindersController
from benefitdesk.ui.monthly.review import ReviewDialog
from benefitdesk.ui.settings import AppSettings
from monthly_helpers import AS_OF, build_demo

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory)


@pytest.fixture
def context(demo_file: Path, tmp_path: Path) -> Iterator[PortfolioContext]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    with Store(copy) as store:
        yield PortfolioContext(store, as_of=AS_OF)


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def finish(qtbot: Any, job: Job | None) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: job not in Job.active, timeout=30_000)


def chase_dialog(
    qtbot: Any, context: PortfolioContext, settings: AppSettings, opened: list[QUrl]
) -> ChaseDialog:
    dialog = ChaseDialog(context, settings, opener=opened.append)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.chase is not None, timeout=10_000)
    return dialog


def test_chase_dialog_drafts_one_email_per_owner_and_records_it(
    qtbot: Any,
    qtmodeltester: Any,
    context: PortfolioContext,
    app_settings: AppSettings,
    tmp_path: Path,
) -> None:
    app_settings.me = "Priya Shah"
    opened: list[QUrl] = []
    dialog = chase_dialog(qtbot, context, app_settings, opened)
    qtmodeltester.check(dialog.model)
    assert dialog.chase is not None
    names = [o.owner for o in dialog.chase.owners]
    assert dialog.model.rowCount() == len(names) and "Alice Chen" in names
    assert "owe" in dialog.summary.text()
    # untick Lucy: she is not e-mailed
    lucy = names.index("Lucy Evans")
    index = dialog.model.index(lucy, 0)
    assert dialog.model.setData(
        index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    dialog.set_folder(tmp_path / "January")

    finish(qtbot, dialog.draft_emails())

    mails = [u for u in opened if u.scheme() == "mailto"]
    folders = [u for u in opened if u.isLocalFile()]
    assert len(mails) == len(names) - 1 and folders == [
        QUrl.fromLocalFile(str(tmp_path / "January"))
    ]
    alice_url = next(u for u in mails if u.path() == "alice.chen@northwind.example")
    query = parse_qs(
        urlsplit(alice_url.toString(QUrl.ComponentFormattingOption.FullyEncoded)).query
    )
    body = query["body"][0]
    alice = dialog.chase.owner("Alice Chen")
    assert alice is not None and alice.items
    for item in alice.items:
        assert item.line() in body
    assert '"Alice Chen.xlsx"' in body and body.rstrip().endswith("Priya Shah")
    assert (tmp_path / "January" / "Alice Chen.xlsx").exists()
    assert not (tmp_path / "January" / "Lucy Evans.xlsx").exists()
    chased = last_chased(context.store)
    assert chased["alice chen"] == date.today() and "lucy evans" not in chased
    assert "Attach each owner's workbook" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.model.rows()[0].owner.last_chased is not None, timeout=10_000)
    assert dialog.model.checked == set(names) - {"Lucy Evans"}  # the choice survives


def test_mark_as_chased_and_read_only(
    qtbot: Any, context: PortfolioContext, app_settings: AppSettings
) -> None:
    dialog = chase_dialog(qtbot, context, app_settings, [])
    dialog.mark_chased()
    assert set(last_chased(context.store)) == {o.owner.casefold() for o in dialog.model.included()}
    dialog.copy_message()
    assert "Subject:" in QGuiApplication.clipboard().text()
    context.store.read_only = True  # type: ignore[misc]
    dialog._enable()
    assert not dialog.mark_button.isEnabled()


def test_followup_tab_lists_chases_and_reviews(
    qtbot: Any, context: PortfolioContext, app_settings: AppSettings
) -> None:
    chase_dialog(qtbot, context, app_settings, []).mark_chased()
    benefit = context.benefit_by_code("B-001")
    tab = FollowUpTab(context, QUndoStack(), Prompter())
    qtbot.addWidget(tab)
    tab.show_benefit(benefit.id)
    tab.reload()
    rows = tab.chases.model.rows()
    assert rows and all(r.entry.owner == "Alice Chen" for r in rows)
    assert any(r.entry.what.startswith("I-001") for r in rows)
    assert tab.reviews.model.rowCount() == 0


def test_review_dialog_records_an_undoable_decision_and_writes_the_workbook(
    qtbot: Any,
    context: PortfolioContext,
    app_settings: AppSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    stack = QUndoStack()
    b2 = context.benefit_by_code("B-002")
    dialog = ReviewDialog(context, app_settings, stack, b2.id)
    qtbot.addWidget(dialog)
    assert [r.code for r in dialog.rows] == ["B-002"]
    dialog.project.setChecked(True)
    assert [r.code for r in dialog.rows] == ["B-001", "B-002", "B-003"]  # B-004 cancelled
    assert dialog.rows[2].decision.value() is ReviewDecision.CLOSE_REALISED  # 107 % realised
    dialog.rows[1].decision.set_value(ReviewDecision.CLOSE_NOT_REALISED)
    dialog.rows[1].note.setText("Price pressure is structural")
    dialog.lessons.setPlainText("Benchmarks from the vendor were optimistic.")
    out = tmp_path / "review.xlsx"
    finish(qtbot, dialog.write(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "B-001", "B-002", "B-003"]

    assert dialog.record()
    status = {c: context.benefit_by_code(c).status for c in ("B-001", "B-002", "B-003")}
    assert status == {
        "B-001": Lifecycle.TRACKING,
        "B-002": Lifecycle.CLOSED,
        "B-003": Lifecycle.CLOSED,
    }
    assert context.benefit_by_code("B-001").tracking_end is not None
    stack.undo()
    assert context.benefit_by_code("B-002").status is Lifecycle.TRACKING
    assert context.benefit_by_code("B-003").status is Lifecycle.TRACKING
    stack.redo()
    assert context.benefit_by_code("B-002").status is Lifecycle.CLOSED


def test_review_refuses_continuing_without_a_date(
    qtbot: Any,
    context: PortfolioContext,
    app_settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "benefitdesk.ui.monthly.review.show_error", lambda _p, _t, e: shown.append(str(e))
    )
    dialog = ReviewDialog(context, app_settings, QUndoStack(), context.benefit_by_code("B-002").id)
    qtbot.addWidget(dialog)
    dialog.rows[0].until.set_value(None)
    assert not dialog.record()
    assert shown and "B-002" in shown[0] and "new date" in shown[0]
    assert context.benefit_by_code("B-002").status is Lifecycle.TRACKING


def test_reminders_are_rewritten_after_a_change(
    qtbot: Any,
    window: QWidget,
    context: PortfolioContext,
    app_settings: AppSettings,
    tmp_path: Path,
) -> None:
    controller = RemindersController(context, app_settings, window)
    controller.timer.setInterval(10)
    folder = tmp_path / "ics"
    finish(qtbot, controller.write_now(folder))
    alice = folder / "Alice Chen.ics"
    first = alice.read_bytes()
    assert b"RRULE:FREQ=MONTHLY;BYMONTHDAY=-1" in first
    from benefitdesk.services.records import ActionFields, add_action

    benefit = context.benefit_by_code("B-001")
    change = add_action(
        context.store,
        benefit_id=benefit.id,
        data=ActionFields(
            title="Chase the CRM admins", owner="Alice Chen", due_date=date(2027, 3, 1)
        ),
    )
    with qtbot.waitSignal(controller.written, timeout=10_000):
        context.apply(change)
    assert b"Chase the CRM admins" in alice.read_bytes()
    # a change no calendar shows (a variance note) rewrites nothing
    from benefitdesk.services.records import NoteFields, add_note

    before = alice.stat().st_mtime_ns
    note = add_note(
        context.store,
        benefit_id=benefit.id,
        data=NoteFields(
            period=date(2026, 10, 31), cause=VarianceCause.ADOPTION, explanation="Slow start"
        ),
    )
    with qtbot.assertNotEmitted(controller.written, wait=500):
        context.apply(note)
    qtbot.waitUntil(lambda: controller.running is None and not controller.timer.isActive())
    assert alice.stat().st_mtime_ns == before
    # another portfolio window (or none chosen): nothing is written
    controller.set_folder(None)
    assert controller.rewrite() is None


def test_collection_workbooks_out_and_back(
    qtbot: Any,
    window: QWidget,
    context: PortfolioContext,
    app_settings: AppSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "packs"
    boxes: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a: str(folder)))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box.text()) or 0)
    shown: list[collection.ReturnedDialog] = []
    monkeypatch.setattr(collection.ReturnedDialog, "exec", lambda d: shown.append(d) or 0)

    finish(qtbot, collection.write_collection_workbooks(window, context, app_settings))
    assert (folder / "Alice Chen.xlsx").exists() and "collection workbooks" in boxes[-1]
    book = openpyxl.load_workbook(folder / "Alice Chen.xlsx")
    book["Measurements"]["F2"] = 24.1
    book.save(folder / "Alice Chen.xlsx")
    (folder / "Owen Price.xlsx").unlink()

    reloaded: list[bool] = []
    context.reloaded.connect(lambda: reloaded.append(True))
    finish(qtbot, collection.import_returned_workbooks(window, context, app_settings))
    (dialog,) = shown
    qtbot.addWidget(dialog)
    assert "Owen Price" in dialog.missing.text() and reloaded
    fates = [collection.fate(r.entry) for r in dialog.model.rows()]
    assert any(f.startswith("Imported as batch") for f in fates)


def test_forecast_accuracy_panel(qtbot: Any, context: PortfolioContext) -> None:
    panel = AccuracyPanel()
    qtbot.addWidget(panel)
    panel.update_from(context.report)
    assert panel.model.rowCount() == 1  # the demo's realised benefits are cost savings
    assert panel.model.headerData(0, Qt.Orientation.Horizontal) == "Category"
    panel.by.setCurrentIndex(1)
    assert panel.model.headerData(0, Qt.Orientation.Horizontal) == "Owner"
    assert panel.model.display(panel.model.rows()[0], 0) == "Helen Carter"
    assert "2 of 2 met their target" in panel.overall.text()


def test_main_window_offers_the_monthly_cycle(
    qtbot: Any,
    demo_file: Path,
    tmp_path: Path,
    app_settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from benefitdesk.ui.main_window import MainWindow
    from benefitdesk.ui.monthly import review as review_ui

    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    win = MainWindow(app_settings, as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_portfolio(copy)
    portfolio = [a.text() for a in win.menus.portfolio.actions()]
    assert portfolio[:4] == [
        "&Chase Owners…",
        "Collection &Workbooks…",
        "Import &Returned Workbooks…",
        "Calendar &Reminders…",
    ]
    assert win.act.review in win.menus.benefit.actions() and win.act.review.isEnabled()
    assert win.monthly.reminders is not None  # keeps a chosen calendar folder current

    reviewed: list[int] = []
    monkeypatch.setattr(review_ui, "open_review_dialog", lambda *args: reviewed.append(args[3]))
    win.register.table.setCurrentIndex(QModelIndex())  # the register selects its first row
    win.monthly.review_benefit()  # nothing selected: says so, opens nothing
    assert reviewed == [] and "Select the benefit" in win.statusBar().currentMessage()
    benefit = win.context.benefit_by_code("B-002")  # type: ignore[union-attr]
    win.show_benefit(benefit.id)
    win.act.review.trigger()
    assert reviewed == [benefit.id]

    win.act.chase.trigger()
    dialogs = list(win.findChildren(ChaseDialog))
    assert len(dialogs) == 1
    qtbot.waitUntil(lambda: dialogs[0].chase is not None, timeout=10_000)
    dialogs[0].close()
    win.close()
    assert win.monthly.reminders is None
