"""The board pack's options: dates, scope, appendix and paper, with a live size preview.

The dialog only gathers a :class:`BoardPackOptions`; ``ui/boardpack/export.py`` asks where to
save it and writes it in the background. The preview counts the benefits in scope and
the sheets from the portfolio already in memory, so it updates as the user ticks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.services.board_figures import month_before
from benefitdesk.services.board_limits import APPENDIX_LIMIT, SHEET_WARNING
from benefitdesk.services.board_pack import BoardPackOptions, planned_sheets
from benefitdesk.services.board_scope import (
    CATEGORIES,
    LIFECYCLES,
    PackScope,
    benefit_ids_in_scope,
)
from benefitdesk.services.errors import ServiceError
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.resources import icon
from benefitdesk.ui.widgets.fields import DateField

PAPERS = (("A4", "a4"), ("Letter", "letter"))
WARNING = "color: #b45309;"
ERROR = "color: #dc2626;"


class CheckList(QListView):
    """A list of choices to tick; nothing ticked means "all"."""

    def __init__(self, choices: Iterable[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.items = QStandardItemModel(self)
        for label, value in choices:
            item = QStandardItem(label)
            item.setToolTip(label)
            item.setData(value, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            self.items.appendRow(item)
        self.setModel(self.items)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMinimumHeight(110)
        self.setUniformItemSizes(True)

    def checked(self) -> tuple[str, ...]:
        return tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.items.item(row) for row in range(self.items.rowCount()))
            if item.checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, values: Iterable[str]) -> None:
        wanted = set(values)
        for row in range(self.items.rowCount()):
            item = self.items.item(row)
            value = str(item.data(Qt.ItemDataRole.UserRole))
            item.setCheckState(
                Qt.CheckState.Checked if value in wanted else Qt.CheckState.Unchecked
            )


def _scope_lists(context: PortfolioContext) -> dict[str, CheckList]:
    snapshot = context.report.snapshot
    projects = sorted(snapshot.projects.values(), key=lambda p: p.code)
    owner_ids = {b.owner_id for b in snapshot.benefits if b.owner_id is not None}
    owners = sorted(
        (snapshot.people[i].name for i in owner_ids if i in snapshot.people), key=str.casefold
    )
    return {
        "projects": CheckList((f"{p.code} {p.name}", p.code) for p in projects),
        "owners": CheckList((name, name) for name in owners),
        "statuses": CheckList((s.capitalize(), s) for s in LIFECYCLES),
        "categories": CheckList((c.capitalize(), c) for c in CATEGORIES),
    }


class BoardPackDialog(QDialog):
    """Choose what the board pack covers; ``options()`` is the answer."""

    def __init__(
        self, context: PortfolioContext, since: date | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Board pack")
        self.setWindowIcon(icon("board-pack"))
        intro = QLabel(
            "The board's workbook: a one-page summary with the movement since the previous "
            "pack, the benefits that need attention (most value at risk first), the "
            "decisions for the board, and an appendix for those who look.",
            self,
        )
        intro.setWordWrap(True)
        self.as_of = DateField(self)
        self.as_of.set_value(context.as_of)
        self.since = DateField(self)
        self.since.set_value(
            since if since and since < context.as_of else month_before(context.as_of)
        )
        dates = QFormLayout()
        dates.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        dates.addRow("&As of", self.as_of)
        dates.addRow("&Previous pack", self.since)
        self.lists = _scope_lists(context)
        self.drafts = QCheckBox("Include &draft benefits", self)
        scope = QGroupBox("Scope: tick to narrow the pack (nothing ticked: all)", self)
        grid = QGridLayout(scope)
        for column, (key, title) in enumerate(
            (
                ("projects", "Projects"),
                ("owners", "Owners"),
                ("statuses", "Lifecycle"),
                ("categories", "Categories"),
            )
        ):
            label = QLabel(f"<b>{title}</b>", scope)
            grid.addWidget(label, 0, column)
            grid.addWidget(self.lists[key], 1, column)
            self.lists[key].setAccessibleName(title)
        grid.addWidget(self.drafts, 2, 0, 1, 4)
        self.appendix = QCheckBox(
            "Include the &appendix: register, definition findings and a sheet per benefit", self
        )
        self.appendix_touched = False
        self.paper = QComboBox(self)
        for paper_name, value in PAPERS:
            self.paper.addItem(paper_name, value)
        layout_form = QFormLayout()
        layout_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        layout_form.addRow(self.appendix)
        layout_form.addRow("Pa&per (landscape)", self.paper)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = QPushButton("&Export…", self)
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(dates)
        layout.addWidget(scope)
        layout.addLayout(layout_form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        for widget in self.lists.values():
            widget.items.itemChanged.connect(self.refresh)
        self.drafts.toggled.connect(self.refresh)
        self.appendix.clicked.connect(self._appendix_clicked)
        self.as_of.edited.connect(self.refresh)
        self.since.edited.connect(self.refresh)
        self.setMinimumWidth(760)
        self.refresh()

    def scope(self) -> PackScope:
        lists = self.lists
        return PackScope(
            projects=lists["projects"].checked(),
            owners=lists["owners"].checked(),
            statuses=lists["statuses"].checked(),
            categories=lists["categories"].checked(),
            include_drafts=self.drafts.isChecked(),
        )

    def options(self) -> BoardPackOptions:
        return BoardPackOptions(
            as_of=self.as_of.value(),
            since=self.since.value(),
            scope=self.scope(),
            appendix=self.appendix.isChecked(),
            paper=str(self.paper.currentData()),
        )

    def benefits_in_scope(self) -> int:
        return len(benefit_ids_in_scope(self.context.report.snapshot, self.scope()))

    def sheets(self) -> int:
        return planned_sheets(self.context.report.snapshot, self.options())

    def _appendix_clicked(self) -> None:
        self.appendix_touched = True
        self.refresh()

    def refresh(self) -> None:
        """Follow the scope: the default appendix choice, the size, any date problem."""
        benefits = self.benefits_in_scope()
        if not self.appendix_touched:
            self.appendix.setChecked(benefits <= APPENDIX_LIMIT)
        problem = self._date_problem()
        self.export_button.setEnabled(problem is None and benefits >= 0)
        if problem:
            self.preview.setStyleSheet(ERROR)
            self.preview.setText(problem)
            return
        sheets = self.sheets()
        text = f"{benefits:,} benefit{'s' if benefits != 1 else ''} in scope · {sheets:,} sheets"
        if sheets > SHEET_WARNING:
            text += (
                f". That is more than {SHEET_WARNING} sheets: leave the appendix out or "
                "narrow the scope, or you will be asked to confirm."
            )
            self.preview.setStyleSheet(WARNING)
        else:
            self.preview.setStyleSheet("")
        self.preview.setText(text)

    def _date_problem(self) -> str | None:
        for field, name in ((self.as_of, "as-of date"), (self.since, "previous pack's date")):
            if field.error() or field.value() is None:
                return f"The {name} is not a date: type e.g. 31 Mar 2026"
        try:
            self.options().dates()
        except ServiceError as exc:
            return str(exc)
        return None
