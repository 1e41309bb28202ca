"""The benefit detail on the demo portfolio: header, definition form, approval, undo.

Questions to the user go through a fake prompter: dialogs are filled in by the test
and accepted through their own validation, confirmations answer as told.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog
from sqlmodel import select

from benefitdesk.demo import create_demo
from benefitdesk.model import Benefit, Lifecycle, Person
from benefitdesk.store import Store
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.detail import BenefitDetail
from benefitdesk.ui.detail.base import CANCEL, DISCARD, Prompter
from benefitdesk.ui.detail.indicator_models import IndicatorModel, IndicatorValueModel
from benefitdesk.ui.detail.measurements import MeasurementModel
from benefitdesk.ui.detail.people import ActivityModel, StakeholderModel
from benefitdesk.ui.detail.plan_model import PlanModel
from benefitdesk.ui.detail.variance import ActionModel, NoteModel
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.widgets.history import HistoryModel

pytestmark = pytest.mark.gui
TODAY = date(2026, 11, 25)


class FakePrompter(Prompter):
    """Answers as the test says; ``fill`` completes a dialog and reports acceptance."""

    def __init__(self) -> None:
        self.confirms: list[str] = []
        self.confirm_answer = True
        self.unsaved_answer = DISCARD
        self.fill: Callable[[Any], None] = lambda dialog: None
        self.errors: list[str] = []
        self.dialogs: list[Any] = []

    def confirm(self, parent: Any, title: str, text: str, action: str = "Delete") -> bool:
        self.confirms.append(text)
        return self.confirm_answer

    def unsaved(self, parent: Any, what: str) -> str:
        self.confirms.append(what)
        return self.unsaved_answer

    def run(self, dialog: QDialog) -> bool:
        self.dialogs.append(dialog)
        self.fill(dialog)
        if dialog.result() != QDialog.DialogCode.Accepted and hasattr(dialog, "try_accept"):
            dialog.try_accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    def error(self, parent: Any, title: str, error: BaseException) -> None:
        self.errors.append(str(error))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=TODAY).close()
    return path


@pytest.fixture
def context(demo_template: Path, tmp_path: Path, qapp: Any) -> Iterator[PortfolioContext]:
    path = tmp_path / "portfolio.sqlite"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{demo_template}{suffix}")
        if source.exists():
            shutil.copy(source, f"{path}{suffix}")
    store = Store(path)
    context = PortfolioContext(store, as_of=TODAY)
    yield context
    store.close()


@pytest.fixture
def prompter() -> FakePrompter:
    return FakePrompter()


@pytest.fixture
def detail(
    qtbot: Any, context: PortfolioContext, app_settings: AppSettings, prompter: FakePrompter
) -> BenefitDetail:
    widget = BenefitDetail(context, app_settings, QUndoStack(), prompter=prompter)
    qtbot.addWidget(widget)
    widget.resize(1200, 640)
    widget.show()
    return widget


def show(detail: BenefitDetail, code: str, tab: str = "overview") -> Any:
    row = detail.context.benefit_by_code(code)
    detail.show_benefit(row.id)
    detail.show_tab(tab)
    return row


def stored(context: PortfolioContext, code: str) -> Benefit | None:
    with context.store.reading() as session:
        return session.exec(select(Benefit).where(Benefit.code == code)).first()


def messages(detail: BenefitDetail, key: str) -> str:
    line = detail.definition.form.message_line(key)
    assert line is not None
    return line.text()


# -- header ------------------------------------------------------------------------------
def test_header_says_who_owns_it_and_why_it_is_at_risk(detail: BenefitDetail) -> None:
    show(detail, "B-002")
    text = detail.header.text()
    assert text.startswith(
        "B-002 Revenue per sales rep — owner Alice Chen — At risk · needs attention: "
        "behind plan (−17.7%)"
    )
    assert detail.header.figures["variance"].value.text() == "−17.7%"
    assert detail.header.figures["latest"].value.text() != "—"


def test_empty_state_and_deleted_benefit(detail: BenefitDetail) -> None:
    assert detail.stack.currentWidget() is detail.empty
    row = show(detail, "B-020")
    from benefitdesk.services.records import delete_record

    removed = delete_record(detail.context.store, entity="benefit", record_id=row.id)
    detail.context.apply(removed.change)
    assert detail.benefit_id is None
    assert "no longer exists" in detail.empty.text()


# -- creating a benefit through the form -------------------------------------------------
def test_create_benefit_refuses_bad_input_beside_the_field_then_saves(
    detail: BenefitDetail, qtbot: Any
) -> None:
    detail.new_benefit()
    form = detail.definition.form
    assert form.code.text() == "B-021"
    assert not detail.tabs.isTabEnabled(detail.tabs.indexOf(detail.plan))
    assert not detail.definition.apply()
    assert "needs a title" in messages(detail, "title")

    qtbot.keyClicks(form.title, "Average handling time")
    form.baseline.setText("abc")
    assert "is not a number" in messages(detail, "baseline")
    form.baseline.setText("7.5")
    form.baseline_date.setText("2026-06-30")
    form.target.setText("7.5")
    assert "differ from the baseline" in messages(detail, "target")
    form.target.setText("6")
    form.target_date.setText("31 Dec 2027")
    form.code.setText("B-001")
    assert "Code in use" in messages(detail, "code")
    assert not detail.definition.apply()
    form.code.setText("B-021")
    form.owner.setEditText("Dana New")
    assert "will be added" in messages(detail, "owner")

    with qtbot.waitSignal(detail.benefit_created) as created:
        qtbot.keyClick(form.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = stored(detail.context, "B-021")
    assert saved is not None and saved.id == created.args[0] == detail.benefit_id
    assert (saved.baseline, saved.target, saved.target_date) == (7.5, 6.0, date(2027, 12, 31))
    assert saved.status is Lifecycle.DRAFT and saved.defined_on == TODAY
    assert detail.header.text().startswith("B-021 Average handling time — owner Dana New")
    assert detail.tabs.isTabEnabled(detail.tabs.indexOf(detail.plan))

    detail.undo_stack.undo()
    assert stored(detail.context, "B-021") is None
    assert detail.benefit_id is None
    detail.undo_stack.redo()
    again = stored(detail.context, "B-021")
    assert again is not None and again.id == saved.id


def test_a_form_is_not_unapplied_while_its_own_save_is_applied(
    detail: BenefitDetail, prompter: FakePrompter, qtbot: Any
) -> None:
    """Views refresh inside the save; one that asks the detail to leave then must not
    get an 'unapplied changes' question about the form being saved."""
    detail.new_benefit()
    form = detail.definition.form
    qtbot.keyClicks(form.title, "Average handling time")
    form.baseline.setText("7.5")
    form.baseline_date.setText("2026-06-30")
    form.target.setText("6")
    form.target_date.setText("2027-12-31")
    left: list[bool] = []
    detail.context.changed.connect(lambda _change: left.append(detail.leave()))
    assert detail.definition.apply()
    assert left == [True] and prompter.confirms == []
    assert stored(detail.context, "B-021") is not None


def test_revert_on_a_new_benefit_returns_to_the_previous_one(detail: BenefitDetail) -> None:
    row = show(detail, "B-003", "definition")
    detail.new_benefit()
    detail.definition.revert()
    assert detail.benefit_id == row.id
    assert detail.stack.currentWidget() is detail.tabs


# -- editing, undo and unapplied edits ---------------------------------------------------
def test_edit_applies_as_one_undoable_command(detail: BenefitDetail) -> None:
    show(detail, "B-001", "definition")
    tab = detail.definition
    assert not tab.apply_button.isEnabled()
    tab.form.title.setText("Lead conversion (CRM)")
    tab.form.data_source.setText("")
    assert tab.is_dirty() and tab.apply_button.isEnabled() and tab.dirty_label.isVisible()
    assert "No data source" in messages(detail, "data_source")
    assert tab.apply()
    assert detail.undo_stack.count() == 1
    after = stored(detail.context, "B-001")
    assert (
        after is not None and after.title == "Lead conversion (CRM)" and after.data_source is None
    )
    assert not tab.is_dirty()

    detail.undo_stack.undo()
    before = stored(detail.context, "B-001")
    assert before is not None and before.title == "Lead-to-opportunity conversion rate"
    assert tab.form.title.text() == "Lead-to-opportunity conversion rate"
    assert before.data_source == "CRM opportunity report (nightly)"
    detail.undo_stack.redo()
    assert tab.form.title.text() == "Lead conversion (CRM)"


def test_revert_restores_the_saved_definition(detail: BenefitDetail) -> None:
    show(detail, "B-001", "definition")
    detail.definition.form.unit.setText("percent")
    detail.definition.revert()
    assert detail.definition.form.unit.text() == "%"
    assert not detail.definition.is_dirty()


def test_switching_with_unapplied_edits_asks(
    detail: BenefitDetail, prompter: FakePrompter, qtbot: Any
) -> None:
    first = show(detail, "B-001", "definition")
    detail.definition.form.title.setText("Changed")
    prompter.unsaved_answer = CANCEL
    other = detail.context.benefit_by_code("B-003")
    with qtbot.waitSignal(detail.benefit_kept) as kept:
        detail.show_benefit(other.id)
    assert kept.args == [first.id] and detail.benefit_id == first.id
    prompter.unsaved_answer = DISCARD
    detail.show_benefit(other.id)
    assert detail.benefit_id == other.id
    assert stored(detail.context, "B-001").title != "Changed"  # type: ignore[union-attr]


# -- the approval gate -------------------------------------------------------------------
def test_approval_refused_shows_reasons_beside_fields_then_accepted(detail: BenefitDetail) -> None:
    show(detail, "B-019", "definition")
    tab = detail.definition
    assert tab.approve_button.isVisible()
    assert not detail.approve()
    assert "cannot be approved" in tab.summary.text()
    assert "No named owner" in messages(detail, "owner")
    assert stored(detail.context, "B-019").status is Lifecycle.DRAFT  # type: ignore[union-attr]
    assert detail.undo_stack.count() == 0

    tab.form.owner.setEditText("Grace Okafor")
    assert detail.approve()
    saved = stored(detail.context, "B-019")
    assert saved is not None and saved.status is Lifecycle.APPROVED
    assert tab.form.status.value() is Lifecycle.APPROVED
    assert not tab.approve_button.isVisible()
    with detail.context.store.reading() as session:
        assert session.exec(select(Person).where(Person.name == "Grace Okafor")).first()
    detail.undo_stack.undo()
    assert stored(detail.context, "B-019").status is Lifecycle.DRAFT  # type: ignore[union-attr]


def test_finding_link_opens_the_indicators_tab(detail: BenefitDetail) -> None:
    show(detail, "B-019", "definition")
    assert "No leading indicator" in detail.definition.form.fieldset.general.text()
    detail.definition.form.fieldset.general.link_activated.emit("indicators")
    assert detail.tabs.currentWidget() is detail.indicators


def test_read_only_portfolio_disables_editing(
    qtbot: Any, context: PortfolioContext, app_settings: AppSettings, prompter: FakePrompter
) -> None:
    context.store.read_only = True
    widget = BenefitDetail(context, app_settings, QUndoStack(), prompter=prompter)
    qtbot.addWidget(widget)
    widget.show()
    show(widget, "B-002", "definition")
    widget.definition.form.title.setText("x")
    assert not widget.definition.apply_button.isEnabled()
    assert not widget.definition.apply()
    widget.show_tab("measurements")
    assert not widget.measurements.table.act_add.isEnabled()
    widget.new_benefit()
    assert not widget.definition.new


# -- every table model passes Qt's model tester ------------------------------------------
@pytest.mark.parametrize(
    ("tab", "attribute", "model_type"),
    [
        ("plan", "model", PlanModel),
        ("measurements", "model", MeasurementModel),
        ("indicators", "model", IndicatorModel),
        ("indicators", "values", IndicatorValueModel),
        ("variance", "note_model", NoteModel),
        ("variance", "action_model", ActionModel),
        ("people", "activity_model", ActivityModel),
        ("people", "stakeholder_model", StakeholderModel),
        ("history", "model", HistoryModel),
    ],
)
def test_table_models_pass_the_model_tester(
    detail: BenefitDetail, qtmodeltester: Any, tab: str, attribute: str, model_type: type
) -> None:
    show(detail, "B-002", tab)
    if tab == "plan":
        detail.plan.generate_linear()
    model = getattr(detail.pages[tab], attribute)
    assert isinstance(model, model_type)
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_an_empty_portfolio_says_how_to_begin(
    tmp_path: Path, qtbot: Any, app_settings: AppSettings
) -> None:
    store = Store(tmp_path / "empty.sqlite", create=True)
    try:
        widget = BenefitDetail(PortfolioContext(store, as_of=TODAY), app_settings, QUndoStack())
        qtbot.addWidget(widget)
        assert widget.stack.currentWidget() is widget.empty
        assert "no benefits yet" in widget.empty.text()
        assert "New Benefit (Ctrl+N)" in widget.empty.text()
        assert "Import (Ctrl+I)" in widget.empty.text()
    finally:
        store.close()


def test_a_portfolio_with_benefits_says_to_select_one(detail: BenefitDetail) -> None:
    assert detail.empty.text().startswith("Select a benefit in the register")
