"""Filtering the register: text, owner ("My benefits"), project, status, at risk."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from benefitdesk.analysis.types import Status
from benefitdesk.ui.register.model import RegisterModel, RegisterRow


class RegisterFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setDynamicSortFilter(True)
        self._text = ""
        self._owner: str | None = None
        self._project_id: int | None = None
        self._statuses: frozenset[Status] = frozenset()
        self._at_risk_only = False
        self._hide_inactive = False

    def source(self) -> RegisterModel:
        model = self.sourceModel()
        assert isinstance(model, RegisterModel)
        return model

    def set_filters(
        self,
        *,
        text: str | None = None,
        owner: str | bool | None = False,
        project_id: int | bool | None = False,
        statuses: frozenset[Status] | None = None,
        at_risk_only: bool | None = None,
        hide_inactive: bool | None = None,
    ) -> None:
        """Change any of the filters (``False`` leaves owner/project as they are)."""
        self.beginFilterChange()
        if text is not None:
            self._text = text.casefold().strip()
        if owner is not False:
            self._owner = owner.casefold() if isinstance(owner, str) and owner else None
        if project_id is not False:
            self._project_id = project_id if isinstance(project_id, int) else None
        if statuses is not None:
            self._statuses = statuses
        if at_risk_only is not None:
            self._at_risk_only = at_risk_only
        if hide_inactive is not None:
            self._hide_inactive = hide_inactive
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def accepts(self, row: RegisterRow) -> bool:
        if self._owner is not None and row.owner.casefold() != self._owner:
            return False
        if self._project_id is not None and row.project_id != self._project_id:
            return False
        if self._statuses and row.status not in self._statuses:
            return False
        if self._at_risk_only and not row.at_risk:
            return False
        if self._hide_inactive and row.lifecycle in ("cancelled", "closed"):
            return False
        if self._text:
            haystack = f"{row.code} {row.title} {row.owner} {row.project} {row.risk}".casefold()
            return all(word in haystack for word in self._text.split())
        return True

    def filterAcceptsRow(  # noqa: N802
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        return self.accepts(self.source().row_at(source_row))
