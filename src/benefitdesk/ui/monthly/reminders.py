"""Portfolio › Calendar Reminders…: ``OWNER NAME.ics`` files that keep themselves current.

Once a folder is chosen for a portfolio, every saved change (a frequency, an action,
a figure that moves the next due date, an import) rewrites the calendars there in
the background, a moment after the last change, so a calendar subscribed to the
file always shows what is due. The folder is remembered per portfolio.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.settings import AppSettings

if TYPE_CHECKING:  # with icalendar, imported when calendars are written
    from benefitdesk.services.reminders import ReminderSet

#: Quiet time after the last change before the calendars are rewritten.
DEBOUNCE_MS = 1500


def _key(context: PortfolioContext) -> str:
    """The settings key of the portfolio's folder (one per portfolio file)."""
    url: str = getattr(context.store, "url", "") or ""
    where = str(context.store.path or url)
    return "reminders/" + hashlib.sha1(where.encode(), usedforsecurity=False).hexdigest()[:16]


class RemindersController(QObject):
    """Writes the portfolio's calendars now, and again after every change."""

    written = Signal(object)  # ReminderSet
    failed = Signal(str)

    def __init__(self, context: PortfolioContext, settings: AppSettings, parent: QWidget):
        super().__init__(parent)
        self.context, self.settings, self.parent_widget = context, settings, parent
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.rewrite)
        self.running: Job | None = None
        self.pending = False
        self.written_key: tuple[str, int] | None = None  # (folder, reminders) last written
        context.changed.connect(self._changed)
        context.reloaded.connect(self._changed)

    @property
    def folder(self) -> Path | None:
        value = self.settings.value(_key(self.context), "")
        return Path(str(value)) if value else None

    def set_folder(self, folder: Path | None) -> None:
        self.settings.set_value(_key(self.context), str(folder) if folder else "")

    def _changed(self, *_args: object) -> None:
        if self.folder is not None:
            self.timer.start()

    def rewrite(self) -> Job | None:
        """Write the calendars quietly (after a change); one run at a time."""
        if self.folder is None:
            return None
        if self.running is not None:
            self.pending = True
            return None
        return self._run(self.folder, quiet=True)

    def write_now(self, folder: Path, then: Callable[[ReminderSet], None] | None = None) -> Job:
        """Write into ``folder`` with progress, and remember it for later changes."""
        self.set_folder(folder)
        return self._run(folder, quiet=False, then=then)

    def _run(
        self, folder: Path, *, quiet: bool, then: Callable[[ReminderSet], None] | None = None
    ) -> Job:
        report, last = self.context.report, self.written_key if quiet else None

        def work(control: JobControl) -> tuple[tuple[str, int], ReminderSet | None]:
            from benefitdesk.services.reminders import collect_reminders, write_collected

            found = collect_reminders(report)
            key = (str(folder), found.key())
            if key == last:
                return key, None  # nothing a calendar shows has changed
            written = write_collected(
                found,
                folder,
                cancelled=control.cancelled,
                progress=lambda done, total: control.progress(done, total, "Writing calendars…"),
            )
            return key, written

        job = Job(self.parent_widget, work, "Calendar reminders")
        if quiet:
            job.quiet()
        job.on_success(lambda result: self._done(result, then)).on_failure(self._failed)
        self.running = job.run()
        return self.running

    def _done(
        self,
        outcome: tuple[tuple[str, int], ReminderSet | None],
        then: Callable[[ReminderSet], None] | None,
    ) -> None:
        self.running = None
        self.written_key, result = outcome
        if result is not None:
            self.written.emit(result)
            if then is not None:
                then(result)
        if self.pending:
            self.pending = False
            self.rewrite()

    def _failed(self, error: BaseException, _trace: str) -> None:
        self.running = None
        self.failed.emit(f"Calendar reminders were not updated: {error}")

    def shutdown(self) -> None:
        self.timer.stop()


def choose_reminders_folder(parent: QWidget, controller: RemindersController) -> Job | None:
    """Ask for the folder (default: the one in use), then write the calendars into it."""
    context = controller.context
    start = controller.folder or (
        (context.store.path.parent / "Calendar reminders") if context.store.path else Path.home()
    )
    chosen = QFileDialog.getExistingDirectory(parent, "Folder for the calendar files", str(start))
    if not chosen:
        return None
    return controller.write_now(Path(chosen), lambda result: show_written(parent, result))


def show_written(parent: QWidget, result: ReminderSet) -> None:
    owners = [f for f in result.files if f.owner]
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Calendar reminders")
    box.setText(
        f"{len(owners)} owner calendars and one for the PMO are in {result.folder}.\n\n"
        "Send each owner their OWNER NAME.ics to import into Outlook, Google Calendar or "
        "Thunderbird (or subscribe to the file where it is shared). BenefitDesk rewrites "
        "them here whenever frequencies, actions or figures change."
    )
    folder_button = box.addButton("Show Folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is folder_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.folder)))
