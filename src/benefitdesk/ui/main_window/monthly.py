"""The window's monthly-cycle commands: Portfolio › Chase Owners…, Collection
Workbooks…, Import Returned Workbooks…, Calendar Reminders… and Benefit › Review….
The calendars of a chosen folder are kept current while the portfolio is open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from benefitdesk.ui.main_window.host import Host

if TYPE_CHECKING:  # with icalendar, imported when the portfolio's services start
    from benefitdesk.ui.context import PortfolioContext
    from benefitdesk.ui.monthly.reminders import RemindersController


class MonthlyCommands:
    def __init__(self, host: Host, parent: QWidget):
        self.host, self.parent = host, parent
        self.reminders: RemindersController | None = None  # of the open portfolio
        actions = host.act
        actions.chase.triggered.connect(self.chase_owners)
        actions.collection_workbooks.triggered.connect(self.collection_workbooks)
        actions.import_returned.triggered.connect(self.import_returned_workbooks)
        actions.reminders.triggered.connect(self.calendar_reminders)
        actions.review.triggered.connect(self.review_benefit)

    def start(self, context: PortfolioContext) -> None:
        """Keep the chosen calendar folder current while the portfolio is open."""
        from benefitdesk.ui.monthly.reminders import RemindersController

        say = self.host.say
        self.reminders = RemindersController(context, self.host.settings, self.parent)
        self.reminders.written.connect(
            lambda result: say(f"Calendar reminders updated in {result.folder}", 5000)
        )
        self.reminders.failed.connect(lambda text: say(text, 15_000))

    def stop(self) -> None:
        if self.reminders is not None:
            self.reminders.shutdown()
            self.reminders.deleteLater()
            self.reminders = None

    def chase_owners(self) -> None:
        if self.host.context is not None:
            from benefitdesk.ui.monthly.chase_dialog import open_chase_dialog

            open_chase_dialog(self.host.context, self.host.settings, self.parent)

    def collection_workbooks(self) -> None:
        if self.host.context is not None:
            from benefitdesk.ui.monthly.collection import write_collection_workbooks

            write_collection_workbooks(self.parent, self.host.context, self.host.settings)

    def import_returned_workbooks(self) -> None:
        context = self.host.context
        if context is not None and not context.read_only:
            from benefitdesk.ui.monthly.collection import import_returned_workbooks

            import_returned_workbooks(self.parent, context, self.host.settings)

    def calendar_reminders(self) -> None:
        if self.host.context is not None and self.reminders is not None:
            from benefitdesk.ui.monthly.reminders import choose_reminders_folder

            choose_reminders_folder(self.parent, self.reminders)

    def review_benefit(self) -> None:
        context = self.host.context
        benefit_id = self.host.current_benefit_id() if context is not None else None
        if context is None or benefit_id is None:
            self.host.say("Select the benefit to review first", 5000)
            return
        from benefitdesk.ui.monthly.review import open_review_dialog

        settings, undo_stack = self.host.settings, self.host.undo_stack
        open_review_dialog(context, settings, undo_stack, benefit_id, self.parent)
