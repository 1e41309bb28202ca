"""The menu bar and the toolbar, laid out from the window's ``Actions``.

This module says where each action appears; ``actions.py`` says what the actions are
and the window and its command objects say what they do.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMenuBar,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from benefitdesk.ui.main_window.actions import Actions
from benefitdesk.ui.resources import icon


class Menus(NamedTuple):  # named tuples: cheaper to make than dataclasses (actions.py)
    file: QMenu
    recent: QMenu  # File › Open Recent, filled as it opens
    edit: QMenu
    view: QMenu
    benefit: QMenu
    portfolio: QMenu
    help: QMenu


class Toolbar(NamedTuple):
    bar: QToolBar
    search: QLineEdit  # filters the register
    me: QComboBox  # who the user is: My benefits, and the name changes are recorded under


def build_menus(bar: QMenuBar, actions: Actions) -> Menus:
    a = actions
    file = bar.addMenu("&File")
    file.addActions([a.new_portfolio, a.new_from_spreadsheet, a.open_portfolio, a.connect])
    recent = file.addMenu("Open &Recent")
    file.addActions([a.close_portfolio, a.restore_backup])
    file.addSeparator()
    file.addActions([a.import_file, a.export_workbook, a.collection_template, a.board_pack])
    file.addSeparator()
    file.addAction(a.quit)
    edit = bar.addMenu("&Edit")
    edit.addActions([a.undo, a.redo])
    edit.addSeparator()
    edit.addAction(a.find)
    view = bar.addMenu("&View")
    view.addActions([a.dashboard, a.register, a.my_benefits])
    view.addSeparator()
    view.addAction(a.refresh)
    benefit = bar.addMenu("&Benefit")
    benefit.addActions([a.new_benefit, a.log_measurement, a.approve, a.review])
    benefit.addSeparator()
    benefit.addAction(a.delete_benefit)
    portfolio = bar.addMenu("&Portfolio")
    portfolio.addActions([a.chase, a.collection_workbooks, a.import_returned, a.reminders])
    portfolio.addSeparator()
    portfolio.addActions([a.sync, a.profiles, a.watch])
    portfolio.addSeparator()
    portfolio.addActions([a.import_history, a.proposals])
    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a.shortcuts, a.glossary])
    help_menu.addSeparator()
    help_menu.addAction(a.about)
    return Menus(file, recent, edit, view, benefit, portfolio, help_menu)


def build_toolbar(window: QMainWindow, actions: Actions) -> Toolbar:
    """The most used actions, then the register's search and "Me"."""
    bar = QToolBar("Main", window)
    bar.setObjectName("main_toolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(20, 20))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(bar)
    bar.addActions([actions.new_benefit, actions.log_measurement, actions.import_file])
    bar.addAction(actions.sync)
    bar.addSeparator()
    bar.addAction(actions.board_pack)
    spacer = QWidget(window)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    search = QLineEdit(window)
    search.setObjectName("search")
    search.setPlaceholderText("Search benefits  (Ctrl+F)")
    search.setClearButtonEnabled(True)
    search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
    search.setFixedWidth(240)
    bar.addWidget(search)
    bar.addWidget(QLabel("  Me: ", window))
    me = QComboBox(window)
    me.setObjectName("me")
    me.setMinimumWidth(160)
    me.setToolTip(
        "Who you are: 'My benefits' shows the benefits you own, and every change "
        "is recorded under your name beside your login"
    )
    bar.addWidget(me)
    return Toolbar(bar, search, me)
