"""The main window's monthly-cycle commands (a mixin of MainWindow): chase owners,
collection workbooks out and back, calendar reminders kept current, benefits review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from benefitdesk.ui.context import PortfolioContext


class MonthlyActionsMixin:
    """Each command opens its dialog or background job on the open portfolio."""

    context: Any
    settings: Any
    undo_stack: Any
    reminders: Any = None  # ui.reminders.RemindersController of the open portfolio

    def _start_monthly(self, context: PortfolioContext) -> None:
        """Keep the chosen calendar folder current while the portfolio is open."""
        from benefitdesk.ui.monthly.reminders import RemindersController

        self.reminders = RemindersController(context, self.settings, self)  # type: ignore[arg-type]
        self.reminders.written.connect(
            lambda result: self.statusBar().showMessage(  # type: ignore[attr-defined]
                f"Calendar reminders updated in {result.folder}", 5000
            )
        )
        self.reminders.failed.connect(
            lambda text: self.statusBar().showMessage(text, 15_000)  # type: ignore[attr-defined]
        )

    def _stop_monthly(self) -> None:
        if self.reminders is not None:
            self.reminders.shutdown()
            self.reminders.deleteLater()
            self.reminders = None

    def chase_owners(self) -> None:
        if self.context is not None:
            from benefitdesk.ui.monthly.chase_dialog import open_chase_dialog

            open_chase_dialog(self.context, self.settings, self)  # type: ignore[arg-type]

    def collection_workbooks(self) -> None:
        if self.context is not None:
            from benefitdesk.ui.monthly.collection import write_collection_workbooks

            write_collection_workbooks(self, self.context, self.settings)  # type: ignore[arg-type]

    def import_returned_workbooks(self) -> None:
        if self.context is not None and not self.context.read_only:
            from benefitdesk.ui.monthly.collection import import_returned_workbooks

            import_returned_workbooks(self, self.context, self.settings)  # type: ignore[arg-type]

    def calendar_reminders(self) -> None:
        if self.context is not None and self.reminders is not None:
            from benefitdesk.ui.monthly.reminders import choose_reminders_folder

            choose_reminders_folder(self, self.reminders)  # type: ignore[arg-type]

    def review_benefit(self) -> None:
        benefit_id = self.register.current_benefit_id() if self.context is not None else None  # type: ignore[attr-defined]
        if benefit_id is None:
            self.statusBar().showMessage("Select the benefit to review first", 5000)  # type: ignore[attr-defined]
            return
        from benefitdesk.ui.monthly.review import open_review_dialog

        open_review_dialog(self.context, self.settings, self.undo_stack, benefit_id, self)  # type: ignore[arg-type]
