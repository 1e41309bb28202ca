"""Help ▸ About: what is running, under which licence, and where its files live.

These are the facts a support request needs (and a benefit owner looking for a lost
portfolio): the version, the licence, the data folder, the open portfolio and its backup
folder, and the Qt, PySide6 and Python versions. "Copy Details" puts them on the
clipboard as plain text; folders that exist are links that open the file manager.
"""

from __future__ import annotations

import html
import platform
import sys
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from benefitdesk import __version__
from benefitdesk.places import data_folder
from benefitdesk.store.backup import backup_folder
from benefitdesk.ui.resources import app_icon

SUMMARY = "Track whether projects deliver the business value they promised."
COPYRIGHT = "© BenefitDesk contributors"
DISTRIBUTION = "benefitdesk"


def _distribution() -> metadata.Distribution | None:
    try:
        return metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a bare source tree
        return None


def licence_name() -> str:
    """The licence as the package metadata declares it (an SPDX expression)."""
    dist = _distribution()
    declared = (dist.metadata.get_all("License-Expression") or [None])[0] if dist else None
    return declared or "MIT"


def licence_text() -> str | None:
    """The full licence: from the installed metadata, the bundle, or the checkout."""
    dist = _distribution()
    if dist is not None:
        for name in ("licenses/LICENSE", "LICENSE"):
            text = dist.read_text(name)
            if text:
                return text
    frozen = getattr(sys, "_MEIPASS", None)  # the bundle keeps LICENSE beside its files
    folder = Path(frozen) if frozen else Path(__file__).resolve().parents[4]  # checkout
    path = folder / "LICENSE"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def about_facts(portfolio_path: Path | None) -> list[tuple[str, str]]:
    """(label, value) rows, in the order shown and copied."""
    build = " (application bundle)" if getattr(sys, "frozen", False) else ""
    rows = [
        ("Version", f"{__version__}{build}"),
        ("Licence", f"{licence_name()} — {COPYRIGHT}"),
        ("Data folder", str(data_folder())),
        ("Portfolio", str(portfolio_path) if portfolio_path else "none open"),
    ]
    if portfolio_path is not None:
        rows.append(("Backups", str(backup_folder(portfolio_path))))
    rows += [
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("System", platform.platform(terse=True)),
    ]
    return rows


def facts_text(rows: list[tuple[str, str]]) -> str:
    return "\n".join([f"BenefitDesk {__version__}", *(f"{k}: {v}" for k, v in rows)]) + "\n"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, portfolio_path: Path | None):
        super().__init__(parent)
        self.setWindowTitle("About BenefitDesk")
        self.rows = about_facts(portfolio_path)

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(f"<h2 style='margin:0'>BenefitDesk {__version__}</h2><p>{SUMMARY}</p>")
        title.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(logo)
        header.addWidget(title, 1)

        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for label, value in self.rows:
            field = QLabel(self._linked(label, value))
            field.setTextFormat(Qt.TextFormat.RichText)  # the values are escaped HTML
            field.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByMouse
            )
            field.setOpenExternalLinks(True)
            field.setWordWrap(True)
            form.addRow(f"{label}:", field)
            self.values[label] = field

        self.licence = QPlainTextEdit(licence_text() or "The licence text is not installed.")
        self.licence.setReadOnly(True)
        self.licence.setVisible(False)
        self.licence.setMinimumHeight(180)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton("&Copy Details")
        self.copy_button.setToolTip("Copy these details, e.g. for a support request")
        self.copy_button.clicked.connect(self.copy_details)
        self.licence_button = QPushButton("Show &Licence")
        self.licence_button.setCheckable(True)
        self.licence_button.toggled.connect(self._toggle_licence)
        role = QDialogButtonBox.ButtonRole.ActionRole
        buttons.addButton(self.copy_button, role)
        buttons.addButton(self.licence_button, role)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(form)
        layout.addWidget(self.licence)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    @staticmethod
    def _linked(label: str, value: str) -> str:
        """Folders that exist become links to open them; everything else is plain."""
        escaped = html.escape(value)
        folder = Path(value) if label in ("Data folder", "Backups") else None
        if label == "Portfolio" and value != "none open":
            folder = Path(value).parent
        if folder is not None and folder.is_dir():
            url = html.escape(QUrl.fromLocalFile(str(folder)).toString(), quote=True)
            return f'<a href="{url}">{escaped}</a>'
        return escaped

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(facts_text(self.rows))

    def _toggle_licence(self, shown: bool) -> None:
        self.licence.setVisible(shown)
        self.licence_button.setText("Hide &Licence" if shown else "Show &Licence")
        self.adjustSize()


def show_about(parent: QWidget | None, portfolio_path: Path | None) -> None:
    """Show the About dialog (modal) for the portfolio open in ``parent``, if any."""
    AboutDialog(parent, portfolio_path).exec()
