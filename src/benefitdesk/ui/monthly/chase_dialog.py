"""Portfolio › Chase Owners…: per owner what they owe, one e-mail draft each, chased.

"Draft E-mails" writes each included owner's collection workbook into a folder, opens
one ``mailto:`` draft per owner in the user's mail client (subject and body listing
exactly what is owed, naming the workbook to attach), shows the folder so the
workbooks can be attached, and records the chase on every benefit concerned.
``mailto:`` cannot attach files portably; the dialog says so where it matters.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.present.formats import day
from benefitdesk.services.chase import (
    FIGURE_KINDS,
    NO_OWNER,
    ChaseList,
    OwedKind,
    OwnerChase,
    chase_list,
    last_chased,
    record_chase,
)
from benefitdesk.services.chase_message import chase_mailto, chase_message
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.monthly.chase_model import ChaseModel
from benefitdesk.ui.monthly.collection import FOLDER_KEY
from benefitdesk.ui.resources import icon
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.widgets.table import ROW_ROLE, RecordTable

Opener = Callable[[QUrl], Any]
SUMMARY_KINDS = (
    (OwedKind.OVERDUE_FIGURE, "overdue figure", "overdue figures"),
    (OwedKind.DUE_FIGURE, "figure due", "figures due"),
    (OwedKind.INDICATOR_FIGURE, "indicator figure", "indicator figures"),
    (OwedKind.OVERDUE_ACTION, "overdue action", "overdue actions"),
    (OwedKind.DEFINITION, "definition", "definitions"),
)


def summary_text(chase: ChaseList) -> str:
    items = [i for o in chase.owners for i in o.items]
    if not items:
        return "Nobody owes anything: every figure is in and no action is overdue."
    people = sum(1 for o in chase.owners if o.owner != NO_OWNER)
    parts = []
    for kind, one, many in SUMMARY_KINDS:
        n = sum(1 for i in items if i.kind is kind)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return f"{people} owner{'s' if people != 1 else ''} owe {len(items)} items: " + ", ".join(parts)


class ChaseDialog(QDialog):
    """The chase list of the context's report; ``opener`` opens mailto: and folder URLs
    (tests pass their own: a test never launches a mail client)."""

    def __init__(
        self,
        context: PortfolioContext,
        settings: AppSettings,
        parent: QWidget | None = None,
        *,
        opener: Opener | None = None,
    ):
        super().__init__(parent)
        self.context, self.settings = context, settings
        self.opener: Opener = opener or QDesktopServices.openUrl
        self.chase: ChaseList | None = None
        self.job: Job | None = None
        self.setWindowTitle("Chase owners")
        self.setWindowIcon(icon("attention"))
        self.resize(1080, 700)

        self.heading = QLabel(f"<b>What each owner owes as of {day(context.as_of)}</b>", self)
        self.summary = QLabel("Computing…", self)
        self.summary.setWordWrap(True)
        self.model = ChaseModel(self)
        self.table = RecordTable(
            "Owners",
            self.model,
            self,
            empty="Nobody owes anything.",
            widths=(170, 250, 105, 90, 120, 120, 95),
        )
        self.table.view.selectionModel().currentRowChanged.connect(self._show_message)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText("Select an owner to see the message they will get.")
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.preview)
        split.setSizes([260, 300])

        folder_row = self._build_folder_row()
        buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(folder_row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._show_folder()
        self.model.dataChanged.connect(lambda *_: self._enable())
        context.changed.connect(self._on_changed)
        self.refresh()

    def _build_folder_row(self) -> QHBoxLayout:
        """Where the collection workbooks go, with Change…, and the status line."""
        self.folder = Path(str(self.settings.value(FOLDER_KEY, "") or self._default_folder()))
        self.folder_label = QLabel(self)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        change = QPushButton("Change…", self)
        change.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Collection workbooks go to:", self))
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(change)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #1e3a8a;")
        return folder_row

    def _build_buttons(self) -> QDialogButtonBox:
        """Draft E-mails, Mark as Chased, Copy Message and Close."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.draft_button = buttons.addButton(
            "&Draft E-mails", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.draft_button.setIcon(icon("mail"))
        self.draft_button.setToolTip(
            "Write each ticked owner's collection workbook, open an e-mail draft for each "
            "in your mail client, and record them as chased today"
        )
        self.draft_button.clicked.connect(self.draft_emails)
        self.mark_button = buttons.addButton(
            "&Mark as Chased", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.mark_button.setToolTip(
            "Record the ticked owners as chased today (by phone, in person)"
        )
        self.mark_button.clicked.connect(self.mark_chased)
        self.copy_button = buttons.addButton(
            "&Copy Message", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_message)
        return buttons

    def _on_changed(self, _change: object) -> None:
        self.refresh()

    # -- the list --------------------------------------------------------------------------
    def _default_folder(self) -> Path:
        path = self.context.store.path
        base = path.parent if path else Path.home()
        return base / f"Collection {self.context.as_of:%Y-%m-%d}"

    def refresh(self) -> None:
        """Rebuild the list from the context's report (off the GUI thread)."""
        report, store = self.context.report, self.context.store

        def work(_control: JobControl) -> ChaseList:
            return chase_list(report, last_chased(store))

        Job(self, work, "Chase list").quiet().on_success(self._set_list).run()

    def _set_list(self, chase: ChaseList) -> None:
        current = self.current_owner()
        self.chase = chase
        self.model.set_owners(chase.owners)
        self.summary.setText(summary_text(chase))
        names = [self.owner_at(self.table.proxy.index(r, 0)) for r in range(self.model.rowCount())]
        keep = [n for n, o in enumerate(names) if current and o and o.owner == current.owner]
        if names:
            self.table.view.selectRow(keep[0] if keep else 0)
        self._enable()

    def owner_at(self, index: QModelIndex) -> OwnerChase | None:
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.owner if row is not None else None

    def current_owner(self) -> OwnerChase | None:
        return self.owner_at(self.table.view.currentIndex())

    def _show_message(self, current: QModelIndex, _previous: QModelIndex) -> None:
        owner = self.owner_at(current)
        if owner is None or self.chase is None:
            self.preview.clear()
            return
        message = chase_message(
            self.chase, owner, workbook=self._workbook_name(owner), sender=self.settings.me
        )
        to = owner.email or "(no e-mail address: copy the message instead)"
        self.preview.setPlainText(f"To: {to}\nSubject: {message.subject}\n\n{message.body}")
        self._enable()

    def _enable(self) -> None:
        included = self.model.included()
        writable = not self.context.read_only
        self.draft_button.setEnabled(any(o.email and o.owner for o in included))
        self.mark_button.setEnabled(writable and any(o.owner for o in included))
        self.copy_button.setEnabled(self.current_owner() is not None)

    # -- the folder ------------------------------------------------------------------------
    def _show_folder(self) -> None:
        self.folder_label.setText(str(self.folder))

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Collection workbooks folder", str(self.folder)
        )
        if chosen:
            self.set_folder(Path(chosen))

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.settings.set_value(FOLDER_KEY, str(folder))
        self._show_folder()

    @staticmethod
    def _workbook_name(owner: OwnerChase) -> str | None:
        from benefitdesk.services.collection import pack_name

        if owner.owner and any(i.kind in FIGURE_KINDS for i in owner.items):
            return pack_name(owner.owner)
        return None

    # -- acting ------------------------------------------------------------------------------
    def draft_emails(self) -> Job | None:
        """Write the ticked owners' workbooks, then open one draft each and record it."""
        if self.chase is None:
            return None
        owners = [o for o in self.model.included() if o.email and o.owner]
        if not owners:
            return None
        store, folder, as_of = self.context.store, self.folder, self.context.as_of
        names = [o.owner for o in owners if self._workbook_name(o)]

        def work(control: JobControl) -> set[str]:
            from benefitdesk.services.collection import write_packs

            if not names:
                return set()
            packs = write_packs(
                store,
                folder,
                as_of=as_of,
                owners=names,
                progress=lambda done, total: control.progress(done, total, "Writing workbooks…"),
                cancelled=control.cancelled,
            )
            return {p.owner for p in packs.packs}

        self.job = Job(self, work, "Draft e-mails").on_success(
            lambda written: self._open_drafts(owners, written)
        )
        return self.job.run()

    def _open_drafts(self, owners: list[OwnerChase], written: set[str]) -> None:
        assert self.chase is not None
        for owner in owners:
            workbook = self._workbook_name(owner) if owner.owner in written else None
            url, _message = chase_mailto(
                self.chase, owner, workbook=workbook, sender=self.settings.me
            )
            self.opener(QUrl(url, QUrl.ParsingMode.StrictMode))
        if written:
            self.opener(QUrl.fromLocalFile(str(self.folder)))
        recorded = self._record(owners, "e-mail")
        attach = (
            f" Attach each owner's workbook from {self.folder} (it just opened): an e-mail "
            "link cannot attach files itself."
            if written
            else ""
        )
        self.status.setText(
            f"Opened {len(owners)} e-mail draft{'s' if len(owners) != 1 else ''} in your mail "
            f"client.{attach}{' Recorded as chased today.' if recorded else ''}"
        )

    def mark_chased(self) -> None:
        owners = [o for o in self.model.included() if o.owner]
        if self._record(owners, "marked"):
            self.status.setText(
                f"Recorded {len(owners)} owner{'s' if len(owners) != 1 else ''} as chased today."
            )

    def _record(self, owners: list[OwnerChase], via: str) -> bool:
        if self.context.read_only or not owners:
            return False
        self.context.apply(record_chase(self.context.store, owners, on=date.today(), via=via))
        return True

    def copy_message(self) -> None:
        owner = self.current_owner()
        if owner is not None and self.chase is not None:
            message = chase_message(
                self.chase, owner, workbook=self._workbook_name(owner), sender=self.settings.me
            )
            QGuiApplication.clipboard().setText(f"Subject: {message.subject}\n\n{message.body}")
            self.status.setText(f"The message to {owner.owner or 'nobody'} is on the clipboard.")


def open_chase_dialog(
    context: PortfolioContext, settings: AppSettings, parent: QWidget
) -> ChaseDialog:
    dialog = ChaseDialog(context, settings, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
