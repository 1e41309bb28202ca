"""The navigator: Dashboard, Needs attention (n), My benefits, All benefits, Projects.

Each entry stands for a page key (``dashboard``, ``attention``, ``mine``, ``all``,
``project:<id>``); choosing one emits ``page_chosen(key)``, and the window shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView, QWidget

from benefitdesk.present.vocabulary import NEEDS_ATTENTION
from benefitdesk.ui.resources import icon

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class Navigator(QTreeView):
    page_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setHeaderHidden(True)
        self.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.model_ = QStandardItemModel(self)
        self.setModel(self.model_)
        self.selectionModel().currentChanged.connect(self._current_changed)

    def fill(self, projects: Iterable[Any], attention: int | None) -> None:
        """Rebuild the entries (keeping the chosen one) from the portfolio's projects."""
        current = self.current_key()
        self.model_.clear()
        root = self.model_.invisibleRootItem()
        root.appendRow(_item("Dashboard", "dashboard", "dashboard"))
        root.appendRow(_item(_attention_text(attention), "attention", "attention"))
        root.appendRow(_item("My benefits", "mine", "my-benefits"))
        root.appendRow(_item("All benefits", "all", "benefits"))
        folder = _item("Projects", "all", "project")
        for project in sorted(projects, key=lambda p: p.code):
            text, key = f"{project.code}  {project.name}", f"project:{project.id}"
            folder.appendRow(_item(text, key, "project"))
        root.appendRow(folder)
        self.expandAll()
        if current:
            self.select(current)

    def entries(self) -> list[str]:
        """The texts of the top-level entries."""
        return [self.model_.item(r).text() for r in range(self.model_.rowCount())]

    def current_key(self) -> str | None:
        index = self.currentIndex()
        return index.data(KEY_ROLE) if index.isValid() else None

    def set_attention(self, count: int | None) -> None:
        found = self._find("attention")
        if found is not None:
            text = _attention_text(count)
            self.model_.setData(found, text)
            self.model_.setData(found, text, Qt.ItemDataRole.ToolTipRole)

    def select(self, key: str) -> None:
        """Show ``key`` as chosen without emitting ``page_chosen``."""
        found = self._find(key)
        if found is not None:
            self.blockSignals(True)
            self.setCurrentIndex(found)
            self.blockSignals(False)

    def _find(self, key: str) -> Any:
        flags = Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly
        matches = self.model_.match(self.model_.index(0, 0), KEY_ROLE, key, 1, flags)
        return matches[0] if matches else None

    def _current_changed(self, current: Any, _previous: Any) -> None:
        key = current.data(KEY_ROLE) if current.isValid() else None
        if key and not self.signalsBlocked():
            self.page_chosen.emit(key)


def _item(text: str, key: str, icon_name: str) -> QStandardItem:
    entry = QStandardItem(icon(icon_name), text)
    entry.setData(key, KEY_ROLE)
    entry.setToolTip(text)  # a long project name is cut at the pane's edge
    return entry


def _attention_text(count: int | None) -> str:
    """ "Needs attention (12)"; "(…)" while the list is still being made, as the
    register shows figures still being computed."""
    return f"{NEEDS_ATTENTION} ({'…' if count is None else f'{count:,}'})"
