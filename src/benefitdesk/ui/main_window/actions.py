"""What the user can do from the menus and the toolbar: the main window's actions.

Each action is declared once, with its words, keys, icon and tip (``SPECS``);
``build_actions`` makes them all, and whoever handles an action connects it (the
window, or one of its command objects). The menus, the toolbar and Help › Keyboard
Shortcuts are built from the same ``Actions``, so they cannot disagree.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack

from benefitdesk.ui.resources import icon

Key = QKeySequence.StandardKey


# Named tuples, not dataclasses, here and in menus.py: a dataclass compiles its methods
# when it is made, and Actions' 35 fields cost the window's first paint 15 M instructions
# (1.5 ms) where a named tuple costs 3 M.
class ActionSpec(NamedTuple):
    text: str
    shortcut: Key | str | None = None
    icon: str | None = None
    tip: str | None = None
    checkable: bool = False


SPECS: dict[str, ActionSpec] = {
    # -- File
    "new_portfolio": ActionSpec("&New Portfolio…", "Ctrl+Shift+N"),
    "new_from_spreadsheet": ActionSpec("New Portfolio from &Spreadsheet…"),
    "open_portfolio": ActionSpec("&Open…", Key.Open, "open"),
    "connect": ActionSpec(
        "Connect to &Server…", None, "open", "Open a portfolio shared on a PostgreSQL server"
    ),
    "close_portfolio": ActionSpec("&Close", Key.Close),
    "restore_backup": ActionSpec(
        "Restore &Backup…", None, None, "Put back one of the portfolio's automatic backups"
    ),
    "import_file": ActionSpec(
        "&Import…",
        "Ctrl+I",
        "import",
        "Import a register or measurement log from Excel or CSV (checked before writing)",
    ),
    "export_workbook": ActionSpec(
        "Export &Workbook…",
        None,
        "export",
        "The canonical workbook, for finance or another BenefitDesk",
    ),
    "collection_template": ActionSpec(
        "Collection &Template…",
        None,
        "template",
        "A workbook for owners to fill in their figures offline",
    ),
    "board_pack": ActionSpec(
        "Export &Board Pack…",
        "Ctrl+Shift+E",
        "board-pack",
        "The board's Excel workbook as of the report date",
    ),
    "quit": ActionSpec("&Quit", Key.Quit),
    # -- Edit (Undo and Redo come from the undo stack)
    "find": ActionSpec("&Find", Key.Find, "search"),
    # -- View
    "dashboard": ActionSpec("&Dashboard", "Ctrl+1", "dashboard"),
    "register": ActionSpec("&Register", "Ctrl+2", "benefits"),
    "my_benefits": ActionSpec("&My Benefits", "Ctrl+3", "my-benefits"),
    "refresh": ActionSpec("Re&fresh", Key.Refresh),
    # -- Benefit
    "new_benefit": ActionSpec(
        "&New Benefit…",
        Key.New,
        "new-benefit",
        "Define a new benefit: baseline, target, owner, data source, frequency",
    ),
    "log_measurement": ActionSpec(
        "&Log Measurement…",
        "Ctrl+M",
        "log-measurement",
        "Record this period's figure for the selected benefit",
    ),
    "approve": ActionSpec(
        "&Approve",
        "Ctrl+Shift+A",
        "approve",
        "Approve the selected benefit (refused while its definition has errors)",
    ),
    "review": ActionSpec(
        "&Review…",
        "Ctrl+Shift+R",
        "review",
        "Post-implementation review of the selected benefit (or its project) and its decision",
    ),
    "delete_benefit": ActionSpec(
        "&Delete Benefit…",
        None,
        "delete",
        "Delete the selected benefit and everything recorded about it (undoable)",
    ),
    # -- Portfolio
    "chase": ActionSpec(
        "&Chase Owners…",
        "Ctrl+Shift+O",
        "mail",
        "Who owes which figures and actions; an e-mail draft for each owner",
    ),
    "collection_workbooks": ActionSpec(
        "Collection &Workbooks…",
        None,
        "template",
        "One workbook per owner with their figures due, written into a folder",
    ),
    "import_returned": ActionSpec(
        "Import &Returned Workbooks…",
        None,
        "import",
        "Import a folder of filled-in collection workbooks; see who has not returned one",
    ),
    "reminders": ActionSpec(
        "Calendar &Reminders…",
        None,
        "calendar",
        "A calendar file (.ics) per owner: figures due at each period end, actions due",
    ),
    "sync": ActionSpec(
        "&Sync Now", "F6", "sync", "Pull the latest figures from the import profiles' sources"
    ),
    "profiles": ActionSpec(
        "Import &Profiles…",
        None,
        "profile",
        "Saved rules that read figures from exports and databases",
    ),
    "watch": ActionSpec(
        "Sync New Exports &Automatically",
        None,
        None,
        "Watch the profiles' files and folders; a new export syncs by itself",
        checkable=True,
    ),
    "import_history": ActionSpec(
        "Import &History…",
        "Ctrl+Shift+H",
        "history",
        "Every import and sync, what it changed, and undo",
    ),
    "proposals": ActionSpec(
        "Definition &Proposals…",
        None,
        "approve",
        "Changes to definitions proposed by benefit owners, to approve or reject",
    ),
    # -- Help
    "shortcuts": ActionSpec("&Keyboard Shortcuts", "Ctrl+/", None, "Every key, by menu"),
    "glossary": ActionSpec(
        "&Glossary",
        Key.HelpContents,
        None,
        "What each status means, and why a benefit needs attention",
    ),
    "about": ActionSpec("&About BenefitDesk", None, "about"),
}


class Actions(NamedTuple):
    """Every action of the main window, by what it does."""

    new_portfolio: QAction
    new_from_spreadsheet: QAction
    open_portfolio: QAction
    connect: QAction
    close_portfolio: QAction
    restore_backup: QAction
    import_file: QAction
    export_workbook: QAction
    collection_template: QAction
    board_pack: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    dashboard: QAction
    register: QAction
    my_benefits: QAction
    refresh: QAction
    new_benefit: QAction
    log_measurement: QAction
    approve: QAction
    review: QAction
    delete_benefit: QAction
    chase: QAction
    collection_workbooks: QAction
    import_returned: QAction
    reminders: QAction
    sync: QAction
    profiles: QAction
    watch: QAction
    import_history: QAction
    proposals: QAction
    shortcuts: QAction
    glossary: QAction
    about: QAction

    def on_portfolio(self) -> tuple[QAction, ...]:
        """Usable while a portfolio is open, read-only or not."""
        return (
            self.chase,
            self.collection_workbooks,
            self.reminders,
            self.review,
            self.export_workbook,
            self.collection_template,
            self.import_history,
            self.board_pack,
            self.close_portfolio,
            self.log_measurement,
            self.refresh,
            self.find,
            self.dashboard,
            self.register,
            self.my_benefits,
            self.proposals,
        )

    def editing(self) -> tuple[QAction, ...]:
        """Usable only while the open portfolio may be changed."""
        return (self.restore_backup, self.import_returned, *self.managing(), self.log_measurement)

    def managing(self) -> tuple[QAction, ...]:
        """Only the PMO may use these on a server (owners and viewers are refused)."""
        return (
            self.import_file,
            self.sync,
            self.profiles,
            self.watch,
            self.new_benefit,
            self.approve,
            self.delete_benefit,
        )


def make_action(parent: QObject, spec: ActionSpec) -> QAction:
    action = QAction(spec.text, parent)
    if spec.icon:
        action.setIcon(icon(spec.icon))
    if spec.shortcut is not None:
        action.setShortcut(QKeySequence(spec.shortcut))
    if spec.tip:
        action.setStatusTip(spec.tip)
        action.setToolTip(spec.tip)
    action.setCheckable(spec.checkable)
    return action


def build_actions(parent: QObject, undo_stack: QUndoStack) -> Actions:
    """Every action, unconnected; Undo and Redo follow ``undo_stack``."""
    made = {name: make_action(parent, spec) for name, spec in SPECS.items()}
    undo = undo_stack.createUndoAction(parent, "&Undo")
    undo.setShortcut(QKeySequence(Key.Undo))
    undo.setIcon(icon("undo"))
    redo = undo_stack.createRedoAction(parent, "&Redo")
    redo.setShortcut(QKeySequence(Key.Redo))
    redo.setIcon(icon("redo"))
    return Actions(undo=undo, redo=redo, **made)
