"""Decisions and escalations: what the board is asked to act on.

Three tables on one sheet: corrective actions past their due date (most overdue
first), plans re-baselined since the previous pack (with the reason and the original
against the current target), and benefits proposed for closure (the rule is in
``docs/board-pack.md``). A table that runs onto the next page repeats its header there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from benefitdesk.exchange.boardpack.data import (
    ActionLine,
    BoardPackData,
    ClosureProposal,
    Rebaseline,
)
from benefitdesk.exchange.boardpack.looks import Sheet, sentence, value_look
from benefitdesk.exchange.boardpack.pages import Pager, footer, print_setup
from benefitdesk.exchange.boardpack.tables import Cells, Field, Table
from benefitdesk.present.formats import day

WIDTHS = (9.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5)
LAST = len(WIDTHS) - 1

ACTION_FIELDS = (
    Field("Benefit", 0),
    Field("Benefit title", 1, 2, wrap=True),
    Field("Corrective action", 3, 5, wrap=True),
    Field("Owner", 6, wrap=True),
    Field("Due", 7, align="center"),
    Field("Days late", 8, align="right"),
    Field("Status", 9),
)
REBASELINE_FIELDS = (
    Field("Benefit", 0),
    Field("Benefit title", 1, 2, wrap=True),
    Field("Decided on", 3, align="center"),
    Field("Original target", 4, align="right"),
    Field("by", 5, align="center"),
    Field("Current target", 6, align="right"),
    Field("by", 7, align="center"),
    Field("Reason", 8, 9, wrap=True),
)
CLOSURE_FIELDS = (
    Field("Benefit", 0),
    Field("Benefit title", 1, 2, wrap=True),
    Field("Owner", 3, wrap=True),
    Field("Lifecycle", 4),
    Field("Proposal", 5, 7, wrap=True),
    Field("Since", 8, align="center"),
    Field("Realised value", 9, align="right"),
)
PROPOSALS = {
    "target_reached": "Target reached: confirm it as realised and agree how it is sustained",
    "tracking_ended": "Tracking period over: close it and hand it to business as usual",
}


def _action_cells(as_of: date) -> Callable[[ActionLine], Cells]:
    def cells(action: ActionLine) -> Cells:
        late = (as_of - action.due_date).days if action.due_date else None
        return [
            (action.benefit_code, "text"),
            (action.benefit_title, "wrap"),
            (action.title, "wrap"),
            (action.owner or "Not named", "wrap"),
            (action.due_date, "date_late_c"),
            (late, "count_late"),
            (sentence(action.status), "text"),
        ]

    return cells


def _rebaseline_cells(item: Rebaseline) -> Cells:
    original, current = item.original_target, item.current_target
    look = value_look(*(p.value for p in (original, current) if p is not None))
    return [
        (item.benefit_code, "text"),
        (item.benefit_title, "wrap"),
        (item.decided_on, "date_c"),
        (original.value if original else None, look),
        (original.date if original else None, "date_c"),
        (current.value if current else None, look),
        (current.date if current else None, "date_c"),
        (item.reason or "No reason recorded", "wrap"),
    ]


def _closure_cells(item: ClosureProposal) -> Cells:
    return [
        (item.benefit_code, "text"),
        (item.benefit_title, "wrap"),
        (item.owner or "Not named", "wrap"),
        (sentence(item.lifecycle), "text"),
        (PROPOSALS.get(item.reason, item.reason), "wrap"),
        (item.on, "date_c"),
        (item.realised_value, "money"),
    ]


def write_decisions(sheet: Sheet, data: BoardPackData) -> None:
    sheet.put(0, 0, "Decisions and escalations", "title")
    sheet.height(0, 24)
    text = (
        f"What the board is asked to act on as of {day(data.as_of)}: corrective actions "
        "past their due date, plans re-baselined since the previous pack, and benefits "
        "proposed for closure."
    )
    sheet.span(1, 0, LAST, text, "subtitle")
    sheet.fit(1, [(text, 0, LAST, "subtitle")], 15)
    pager = Pager(sheet)
    since = f" since {day(data.movement.since)}" if data.movement else ""
    tables = (
        (
            ACTION_FIELDS,
            "Corrective actions past their due date",
            data.overdue_actions,
            _action_cells(data.as_of),
            "None: every open corrective action is within its due date.",
        ),
        (
            REBASELINE_FIELDS,
            f"Plans re-baselined{since}",
            data.rebaselines,
            _rebaseline_cells,
            "None.",
        ),
        (CLOSURE_FIELDS, "Benefits proposed for closure", data.closures, _closure_cells, "None."),
    )
    row = 3
    for fields, title, items, cells, empty in tables:
        row = Table(sheet, fields, pager, title=title).write(row, items, cells, empty)
        sheet.height(row, 12)
        row += 1
    pager.finish()
    print_setup(sheet, footer=footer(data), paper=data.paper, area=(0, 0, row, LAST))
