"""File › Export Board Pack…: choose the scope, then write the workbook in the background.

The dialog gathers the options; a pack of more than ``SHEET_WARNING`` sheets is written
only once the user has said yes. The as-of date of the last pack made from a portfolio
is remembered and offered as the next pack's "previous pack" date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from benefitdesk.present.formats import day
from benefitdesk.present.vocabulary import need_attention
from benefitdesk.services.board_limits import SHEET_WARNING
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.widgets.saving import (
    choose_workbook,
    portfolio_name,
    show_written,
)

if TYPE_CHECKING:
    from benefitdesk.services.board_pack import BoardPackOptions


def _last_pack_key(context: PortfolioContext) -> str:
    where = str(context.store.path) if context.store.path else "portfolio"
    return f"boardpack/last_as_of/{where}"


def last_pack_date(settings: AppSettings, context: PortfolioContext) -> date | None:
    text = str(settings.value(_last_pack_key(context), "") or "")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def export_board_pack(
    parent: QWidget, context: PortfolioContext, settings: AppSettings
) -> Job | None:
    """Ask what the pack covers and where to save it, then write it with progress."""
    from benefitdesk.ui.boardpack.dialog import BoardPackDialog

    dialog = BoardPackDialog(context, last_pack_date(settings, context), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    options = dialog.options()
    sheets = dialog.sheets()
    if sheets > SHEET_WARNING and not confirm_large(parent, sheets, dialog.benefits_in_scope()):
        return None
    as_of = options.as_of or context.as_of
    stem = f"{portfolio_name(context)} board pack {as_of:%Y-%m-%d}"
    out = choose_workbook(parent, settings, context, "Export board pack", stem)
    if out is None:
        return None

    def remember(_result: Any) -> None:
        settings.set_value(_last_pack_key(context), as_of.isoformat())

    return run_board_pack(parent, context, out, options, max_sheets=None, then=remember)


def confirm_large(parent: QWidget, sheets: int, benefits: int) -> bool:
    answer = QMessageBox.question(
        parent,
        "A large board pack",
        f"The pack will have {sheets:,} sheets: an appendix sheet for each of {benefits:,} "
        "benefits. A board reads the first few; the appendix is for those who look.\n\n"
        "Write it anyway? (Choose No, then leave the appendix out or narrow the scope.)",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def run_board_pack(
    parent: QWidget,
    context: PortfolioContext,
    out: Path,
    options: BoardPackOptions | None = None,
    *,
    max_sheets: int | None = SHEET_WARNING,
    then: Callable[[Any], None] | None = None,
) -> Job:
    """Write the pack in the background; ``then(result)`` runs once it is written."""
    from benefitdesk.services.board_pack import BoardPackOptions, BoardPackResult
    from benefitdesk.services.board_pack import export_board_pack as write

    chosen = options or BoardPackOptions(context.as_of)

    def work(control: JobControl) -> BoardPackResult:
        return write(
            context.store,
            out,
            chosen,
            progress=lambda done, total: control.progress(done, total, f"Writing {out.name}…"),
            cancelled=control.cancelled,
            max_sheets=max_sheets,
        )

    def done(result: BoardPackResult) -> None:
        if then is not None:
            then(result)
        appendix = "with the appendix" if result.appendix else "without the appendix"
        show_written(
            parent,
            "Board pack",
            f"The board pack as of {day(result.as_of)} is in {result.path}\n\n"
            f"{result.benefits:,} benefits, {need_attention(result.exceptions)}; "
            f"{result.sheets:,} sheets {appendix}. Movement is since {day(result.since)}.",
            result.path,
        )

    return Job(parent, work, "Export board pack").on_success(done).run()
