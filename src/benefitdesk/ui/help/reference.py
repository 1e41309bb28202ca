"""Help ▸ Keyboard Shortcuts and Help ▸ Glossary.

The shortcuts list is read from the menus themselves, so it can never disagree with
them; the keys that work inside a view (a form, a table, the tabs) are listed beside.
The glossary is ``present.vocabulary``'s: the statuses, the "needs attention" flag and
its reasons, in the words every view uses.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.present.vocabulary import glossary

#: Keys that work inside a view rather than from a menu.
IN_VIEWS: tuple[tuple[str, str], ...] = (
    ("Ctrl+Enter", "Apply the definition form, or accept a dialog"),
    ("Ins", "Add a row to the table of the benefit's tab (measurements, indicators, …)"),
    ("Del", "Delete the selected row of that table (undoable)"),
    ("Ctrl+PgUp / Ctrl+PgDown", "Previous / next tab of the benefit"),
    ("Enter", "Open the selected item of Needs attention"),
    ("Esc", "Close a dialog without saving"),
)


def _label(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every menu action that has a shortcut, in menu order."""
    found = []
    for top in bar.actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
            if any(keys):
                found.append((_label(top), _label(action), " or ".join(k for k in keys if k)))
    return found


def _table(rows: Iterable[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td width='180' style='padding:2px 18px 2px 0'><b>{html.escape(a)}</b></td>"
        f"<td style='padding:2px 0'>{html.escape(b)}</td></tr>"
        for a, b in rows
    )
    return f"<table>{cells}</table>"


class HelpDialog(QDialog):
    """A titled page of text with a Close button."""

    def __init__(self, title: str, body: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)


def shortcuts_dialog(bar: QMenuBar, parent: QWidget | None = None) -> HelpDialog:
    sections: dict[str, list[tuple[str, str]]] = {}
    for menu, action, keys in menu_shortcuts(bar):
        sections.setdefault(menu, []).append((keys, action))
    body = "".join(f"<h3>{html.escape(menu)}</h3>{_table(rows)}" for menu, rows in sections.items())
    body += f"<h3>In a view</h3>{_table(IN_VIEWS)}"
    return HelpDialog("Keyboard Shortcuts", body, parent)


def glossary_dialog(parent: QWidget | None = None) -> HelpDialog:
    intro = (
        "<p>A benefit has a <b>status</b>: where its latest figure stands against plan. "
        "Apart from it, a benefit may <b>need attention</b> for any of the reasons below; "
        "an on-track benefit whose figure is overdue needs attention but is not at risk.</p>"
    )
    return HelpDialog("Glossary", intro + _table(glossary()), parent)
