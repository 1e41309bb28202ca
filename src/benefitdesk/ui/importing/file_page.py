"""Step 1 of an import: the file, and optionally a mapping saved last time.

The folder of the last file and the mappings used lately are remembered in the user's
settings, so next month's import starts where this one was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.exchange.limits import TEXT_SUFFIXES, WORKBOOK_SUFFIXES
from benefitdesk.ui.importing.widgets import Heading, QuietCombo
from benefitdesk.ui.resources import icon
from benefitdesk.ui.settings import AppSettings, paths

FILE_FILTER = (
    "Workbooks and CSV files (*.xlsx *.xlsm *.xlsb *.xls *.ods *.csv *.tsv);;All files (*)"
)
MAPPING_FILTER = "Import mappings (*.toml *.json)"
FOLDER_KEY = "import/folder"
MAPPINGS_KEY = "import/mappings"
MAPPING_FOLDER_KEY = "import/mapping_folder"
MAX_MAPPINGS = 6
_CHOOSE = "choose"


def recent_mappings(settings: AppSettings) -> list[Path]:
    """Mapping files used or saved lately that still exist, newest first."""
    return [p for p in paths(settings.value(MAPPINGS_KEY, [])) if p.is_file()]


def remember_mapping(settings: AppSettings, path: Path) -> None:
    items = [p for p in paths(settings.value(MAPPINGS_KEY, [])) if p != path]
    settings.set_value(MAPPINGS_KEY, [str(p) for p in [path, *items][:MAX_MAPPINGS]])
    settings.set_value(MAPPING_FOLDER_KEY, str(path.parent))


def mapping_folder(settings: AppSettings) -> str:
    return str(settings.value(MAPPING_FOLDER_KEY, "") or settings.value(FOLDER_KEY, "") or "")


def readable(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES | TEXT_SUFFIXES


def refusal(path: Path) -> str | None:
    """Why `path` cannot be imported at all, in a sentence; None when it can be tried."""
    if not path.is_file():
        return f"{path} was not found. Choose a file that exists."
    if not readable(path):
        return (
            f"{path.name} is not a file BenefitDesk imports. Choose an Excel workbook "
            "(.xlsx, .xlsm, .xls, .xlsb), an OpenDocument spreadsheet (.ods) or a CSV file."
        )
    return None


class FilePage(QWidget):
    """Which file, and how to read it: detected, or as a saved mapping says."""

    changed = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setAcceptDrops(True)
        self.file = QLineEdit(self)
        self.file.setPlaceholderText("A workbook or CSV file — or drop one here")
        self.file.setClearButtonEnabled(True)
        self.file.textChanged.connect(lambda _t: self.changed.emit())
        self.browse_button = QPushButton(icon("open"), "&Browse…", self)
        self.browse_button.clicked.connect(self.browse)
        self.mapping = QuietCombo(self)
        self.mapping.setMinimumContentsLength(36)
        self.mapping.activated.connect(self._mapping_chosen)
        self._previous_mapping = 0
        self.fill_mappings()

        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.file)
        form.addRow(file_label, row)
        mapping_label = QLabel("&Mapping:", self)
        mapping_label.setBuddy(self.mapping)
        form.addRow(mapping_label, self.mapping)
        hint = QLabel(
            "Registers kept by hand are fine: title and group rows above the header, "
            "headers such as “Benefit ID”, “Responsible officer” or “Target Realisation "
            "Date”, KPI registers without codes, numbers like “£1.2m”, “22 340,00” or "
            "“8 days”, “N/A” or “Pending” for no value, plans by year (FY2026/27, y1…y5) "
            "and CSV files in any encoding. Anything guessed is said on the next page. "
            "A saved mapping reads next month's file exactly as you confirm this one.",
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #475569;")
        layout = QVBoxLayout(self)
        layout.addWidget(
            Heading(
                "Choose a file to import",
                "An Excel workbook or a CSV file: a register, a measurement log, a filled-in "
                "collection template or a BenefitDesk export. Nothing is written until you "
                "have checked what the import will do.",
                self,
            )
        )
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(hint)
        layout.addStretch(1)

    # -- the file --------------------------------------------------------------------------
    def path(self) -> Path | None:
        text = self.file.text().strip().strip('"')
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path) -> None:
        self.file.setText(str(path))

    def folder(self) -> str:
        current = self.path()
        if current is not None and current.parent.is_dir():
            return str(current.parent)
        return str(self.settings.value(FOLDER_KEY, "") or "")

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Import a file", self.folder(), FILE_FILTER)
        if chosen:
            self.set_path(Path(chosen))

    def remember(self, path: Path) -> None:
        self.settings.set_value(FOLDER_KEY, str(path.parent))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile() and readable(Path(urls[0].toLocalFile())):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.set_path(Path(event.mimeData().urls()[0].toLocalFile()))
        event.acceptProposedAction()

    # -- the mapping -----------------------------------------------------------------------
    def fill_mappings(self, select: Path | None = None) -> None:
        self.mapping.clear()
        self.mapping.addItem("Detect sheets and columns automatically", None)
        for path in recent_mappings(self.settings):
            self.mapping.addItem(icon("settings"), f"Saved mapping: {path.name}", str(path))
            self.mapping.setItemData(
                self.mapping.count() - 1, str(path), Qt.ItemDataRole.ToolTipRole
            )
        self.mapping.addItem(icon("open"), "Use a saved mapping…", _CHOOSE)
        index = self.mapping.findData(str(select)) if select else 0
        self.mapping.setCurrentIndex(max(index, 0))
        self._previous_mapping = self.mapping.currentIndex()

    def mapping_path(self) -> Path | None:
        data = self.mapping.currentData()
        return Path(data) if data and data != _CHOOSE else None

    def _mapping_chosen(self, index: int) -> None:
        if self.mapping.itemData(index) != _CHOOSE:
            self._previous_mapping = index
            return
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Use a saved mapping", mapping_folder(self.settings), MAPPING_FILTER
        )
        if not chosen:
            self.mapping.setCurrentIndex(self._previous_mapping)
            return
        remember_mapping(self.settings, Path(chosen))
        self.fill_mappings(select=Path(chosen))

    def use_mapping(self, path: Path) -> None:
        """Select `path` as the mapping (it becomes the most recent one)."""
        remember_mapping(self.settings, path)
        self.fill_mappings(select=path)
