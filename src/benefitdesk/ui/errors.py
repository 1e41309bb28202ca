"""Showing errors: a user's mistake gets a plain message, a bug gets details.

Failures of the machine (no permission, a full disk, a read-only file system, a damaged
file) are put in words by the store's `explain`, the same words the command line uses.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from benefitdesk.services.errors import ServiceError
from benefitdesk.store import PortfolioError, explain


def is_user_error(error: BaseException) -> bool:
    from benefitdesk.exchange.errors import ExchangeError

    if isinstance(error, (ServiceError, PortfolioError, ExchangeError, OSError)):
        return True
    return explain(error) is not None  # an SQLite failure of the machine or the file


def show_error(parent: QWidget | None, title: str, error: BaseException, trace: str = "") -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(explain(error) or str(error) or error.__class__.__name__)
    if not is_user_error(error) and trace:
        box.setInformativeText("Something went wrong inside BenefitDesk. Nothing was saved.")
        box.setDetailedText(trace)
    box.exec()
