"""The Follow-up tab: every chase about this benefit and every review of it.

Chases are recorded by Portfolio › Chase Owners… (or ``benefitdesk chase --mark``);
reviews by Benefit › Review…. Loaded only while the tab is visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout

from benefitdesk.present.formats import day
from benefitdesk.services.chase import ChaseEntry, chase_history
from benefitdesk.ui.detail.base import DetailTab
from benefitdesk.ui.widgets.table import RecordModel, RecordTable


@dataclass(frozen=True, slots=True)
class ChaseLine:
    id: int
    entry: ChaseEntry


class ChaseModel(RecordModel):
    COL_DATE, COL_OWNER, COL_WHAT, COL_VIA, COL_BY = range(5)
    HEADERS = ("Chased on", "Owner", "Asked for", "How", "By")

    def display(self, row: ChaseLine, col: int) -> str:
        e = row.entry
        return (day(e.chased_on), e.owner, e.what, e.via, e.by or "")[col]

    def sort_key(self, row: ChaseLine, col: int) -> Any:
        if col == self.COL_DATE:
            return f"{row.entry.chased_on.isoformat()}|{row.id:08d}"
        return super().sort_key(row, col)

    def tooltip(self, row: ChaseLine, col: int) -> str | None:
        if col == self.COL_OWNER and row.entry.email:
            return row.entry.email
        return row.entry.what if col == self.COL_WHAT else None


@dataclass(frozen=True, slots=True)
class ReviewLine:
    id: int
    reviewed_on: date
    decision: str
    continue_until: date | None
    note: str
    by: str


class ReviewModel(RecordModel):
    COL_DATE, COL_DECISION, COL_UNTIL, COL_NOTE, COL_BY = range(5)
    HEADERS = ("Reviewed on", "Decision", "Continue until", "Why", "By")

    def display(self, row: ReviewLine, col: int) -> str:
        until = day(row.continue_until, none="")
        return (day(row.reviewed_on), row.decision.capitalize(), until, row.note, row.by)[col]

    def sort_key(self, row: ReviewLine, col: int) -> Any:
        if col == self.COL_DATE:
            return f"{row.reviewed_on.isoformat()}|{row.id:08d}"
        return super().sort_key(row, col)


class FollowUpTab(DetailTab):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.chases = RecordTable(
            "Chases",
            ChaseModel(self),
            self,
            empty="Nobody has been chased about this benefit (Portfolio › Chase Owners…).",
            widths=(100, 130, 420, 70),
            stretch=ChaseModel.COL_WHAT,
            newest_first=True,
        )
        self.reviews = RecordTable(
            "Reviews",
            ReviewModel(self),
            self,
            empty="Not reviewed yet (Benefit › Review…).",
            widths=(100, 170, 110, 360),
            stretch=ReviewModel.COL_NOTE,
            newest_first=True,
        )
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.chases)
        split.addWidget(self.reviews)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(split)

    def refresh(self) -> None:
        if self.benefit_id is None or self.row() is None:
            self.chases.set_rows([])
            self.reviews.set_rows([])
            return
        store = self.context.store
        chases = chase_history(store, self.benefit_id)
        self.chases.set_rows([ChaseLine(n, e) for n, e in enumerate(chases)])
        from benefitdesk.services.review import reviews_of  # with openpyxl: when shown

        reviews = reviews_of(store, self.benefit_id)
        self.reviews.set_rows(
            [
                ReviewLine(n, r.reviewed_on, r.decision, r.continue_until, r.note or "", r.by or "")
                for n, r in enumerate(reviews)
            ]
        )
