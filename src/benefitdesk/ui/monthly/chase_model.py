"""The chase table: one row per owner, what they owe by kind, and a box to include them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from benefitdesk.present.formats import day
from benefitdesk.services.chase import NO_OWNER, OwedKind, OwnerChase
from benefitdesk.ui.widgets.table import Index, RecordModel

ALERT = "#b91c1c"
MUTED = "#64748b"


@dataclass(frozen=True, slots=True)
class ChaseRow:
    id: int
    owner: OwnerChase

    @property
    def can_mail(self) -> bool:
        return bool(self.owner.email) and self.owner.owner != NO_OWNER


class ChaseModel(RecordModel):
    """Owners and what they owe; the first column's box says who is included."""

    (
        COL_OWNER,
        COL_EMAIL,
        COL_OVERDUE,
        COL_DUE,
        COL_INDICATORS,
        COL_ACTIONS,
        COL_DEFINITIONS,
        COL_CHASED,
    ) = range(8)
    HEADERS = (
        "Owner",
        "E-mail",
        "Overdue figures",
        "Figures due",
        "Indicator figures",
        "Overdue actions",
        "Definitions",
        "Last chased",
    )
    NUMERIC = frozenset({COL_OVERDUE, COL_DUE, COL_INDICATORS, COL_ACTIONS, COL_DEFINITIONS})
    KINDS: ClassVar[dict[int, OwedKind]] = {
        COL_OVERDUE: OwedKind.OVERDUE_FIGURE,
        COL_DUE: OwedKind.DUE_FIGURE,
        COL_INDICATORS: OwedKind.INDICATOR_FIGURE,
        COL_ACTIONS: OwedKind.OVERDUE_ACTION,
        COL_DEFINITIONS: OwedKind.DEFINITION,
    }

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.checked: set[str] = set()  # owner names included in the next draft or mark

    def set_owners(self, owners: list[OwnerChase]) -> None:
        """Show ``owners``; everyone who can be e-mailed starts included, and an owner
        already shown keeps the choice made for them."""
        rows = [ChaseRow(n, o) for n, o in enumerate(owners)]
        shown = {r.owner.owner for r in self._rows}
        self.checked = {
            r.owner.owner
            for r in rows
            if (r.owner.owner in self.checked) or (r.owner.owner not in shown and r.can_mail)
        }
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def included(self) -> list[OwnerChase]:
        return [r.owner for r in self._rows if r.owner.owner in self.checked]

    def display(self, row: ChaseRow, col: int) -> str:
        o = row.owner
        if col == self.COL_OWNER:
            return o.owner or "No owner (assign one)"
        if col == self.COL_EMAIL:
            return o.email or ("no e-mail address" if o.owner else "")
        if col == self.COL_CHASED:
            return day(o.last_chased, none="never")
        count = o.count(self.KINDS[col])
        return str(count) if count else ""

    def sort_key(self, row: ChaseRow, col: int) -> Any:
        if col in self.KINDS:
            return row.owner.count(self.KINDS[col])
        if col == self.COL_CHASED:
            return row.owner.last_chased.isoformat() if row.owner.last_chased else ""
        return super().sort_key(row, col)

    def foreground(self, row: ChaseRow, col: int) -> Any:
        if col == self.COL_EMAIL and not row.owner.email:
            return QColor(ALERT)
        if col == self.COL_OVERDUE or col == self.COL_ACTIONS:
            return QColor(ALERT)
        if col == self.COL_CHASED and row.owner.last_chased is None:
            return QColor(MUTED)
        return None

    def tooltip(self, row: ChaseRow, col: int) -> str | None:
        if col == self.COL_EMAIL and not row.owner.email and row.owner.owner:
            return "Add an e-mail address to this person to draft a message"
        kind = self.KINDS.get(col)
        if kind is None:
            return None
        return "\n".join(i.line() for i in row.owner.items if i.kind is kind) or None

    # -- the include box --------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.COL_OWNER:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.CheckStateRole
            and index.isValid()
            and index.column() == self.COL_OWNER
            and 0 <= index.row() < len(self._rows)
        ):
            owner = self._rows[index.row()].owner.owner
            return Qt.CheckState.Checked if owner in self.checked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.COL_OWNER:
            return False
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        owner = self._rows[index.row()].owner.owner
        state = value.value if hasattr(value, "value") else value
        if state == Qt.CheckState.Checked.value:
            self.checked.add(owner)
        else:
            self.checked.discard(owner)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
