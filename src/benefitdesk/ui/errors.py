"""Showing errors: a user's mistake gets a plain message, a bug gets details."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from benefitdesk.services.errors import ServiceError
from benefitdesk.store import PortfolioError


def is_user_error(error: BaseException) -> bool:
    from benefitdesk.exchange.errors import ExchangeError

    return isinstance(error, (ServiceError, PortfolioError, ExchangeError, OSError))


def show_error(parent: QWidget | None, title: str, error: BaseException, trace: str = "") -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(str(error) or error.__class__.__name__)
    if not is_user_error(error) and trace:
        box.setInformativeText("Something went wrong inside BenefitDesk. Nothing was saved.")
        box.setDetailedText(trace)
    box.exec()
