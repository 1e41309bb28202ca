"""The main window's actions, menus and toolbar (a mixin of MainWindow).

Kept apart from the window's behaviour so each file has one job: this one says what
the user can do, with which keys and icons; main_window.py says what happens.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSizePolicy, QToolBar, QWidget

from benefitdesk.ui.resources import icon


class MenusMixin:
    """Builds ``act_*`` actions, the menu bar and the toolbar of a QMainWindow."""

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: Any = None,
        icon_name: str | None = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.act_new = self._action("&New Portfolio…", self.new_portfolio, "Ctrl+Shift+N")
        self.act_open = self._action("&Open…", self.choose_and_open, keys.Open, "open")
        self.act_new_from_file = self._action(
            "New Portfolio from &Spreadsheet…", lambda: self.new_portfolio_from_spreadsheet()
        )
        self.act_close = self._action("&Close", self.close_portfolio, keys.Close)
        self.act_quit = self._action("&Quit", self.close, keys.Quit)
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence(keys.Undo))
        self.act_undo.setIcon(icon("undo"))
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcut(QKeySequence(keys.Redo))
        self.act_redo.setIcon(icon("redo"))
        self.act_find = self._action("&Find", self.focus_search, keys.Find, "search")
        self.act_dashboard = self._action(
            "&Dashboard", lambda: self.navigate("dashboard"), "Ctrl+1", "dashboard"
        )
        self.act_register = self._action(
            "&Register", lambda: self.navigate("all"), "Ctrl+2", "benefits"
        )
        self.act_mine = self._action(
            "&My Benefits", lambda: self.navigate("mine"), "Ctrl+3", "my-benefits"
        )
        self.act_log = self._action(
            "&Log Measurement…",
            self.log_measurement,
            "Ctrl+M",
            "log-measurement",
            "Record this period's figure for the selected benefit",
        )
        self.act_new_benefit = self._action(
            "&New Benefit…",
            self.new_benefit,
            keys.New,
            "new-benefit",
            "Define a new benefit: baseline, target, owner, data source, frequency",
        )
        self.act_approve = self._action(
            "&Approve",
            self.approve_benefit,
            "Ctrl+Shift+A",
            "approve",
            "Approve the selected benefit (refused while its definition has errors)",
        )
        self.act_delete_benefit = self._action(
            "&Delete Benefit…",
            self.delete_benefit,
            None,
            "delete",
            "Delete the selected benefit and everything recorded about it (undoable)",
        )
        self.act_board_pack = self._action(
            "Export &Board Pack…",
            self.export_board_pack,
            "Ctrl+Shift+E",
            "board-pack",
            "The board's Excel workbook as of the report date",
        )
        self.act_import = self._action(
            "&Import…",
            self.import_workbook,
            "Ctrl+I",
            "import",
            "Import a register or measurement log from Excel or CSV (checked before writing)",
        )
        self.act_export = self._action(
            "Export &Workbook…",
            self.export_workbook,
            None,
            "export",
            "The canonical workbook, for finance or another BenefitDesk",
        )
        self.act_template = self._action(
            "Collection &Template…",
            self.collection_template,
            None,
            "template",
            "A workbook for owners to fill in their figures offline",
        )
        self.act_history = self._action(
            "Import &History…",
            self.import_history,
            "Ctrl+Shift+H",
            "history",
            "Every import and sync, what it changed, and undo",
        )
        self.act_sync = self._action(
            "&Sync Now",
            self.sync_now,
            "F6",
            "sync",
            "Pull the latest figures from the import profiles' sources",
        )
        self.act_profiles = self._action(
            "Import &Profiles…",
            self.show_profiles,
            None,
            "profile",
            "Saved rules that read figures from exports and databases",
        )
        self.act_watch = self._action(
            "Sync New Exports &Automatically",
            self.toggle_watching,
            None,
            None,
            "Watch the profiles' files and folders; a new export syncs by itself",
        )
        self.act_watch.setCheckable(True)
        self._build_monthly_actions()
        self.act_refresh = self._action("Re&fresh", self.reload, keys.Refresh)
        self.act_shortcuts = self._action(
            "&Keyboard Shortcuts", self.show_shortcuts, "Ctrl+/", None, "Every key, by menu"
        )
        self.act_glossary = self._action(
            "&Glossary",
            self.show_glossary,
            keys.HelpContents,
            None,
            "What each status means, and why a benefit needs attention",
        )
        self.act_about = self._action("&About BenefitDesk", self.about, None, "about")
        self.act_restore = self._action(
            "Restore &Backup…",
            self.restore_backup,
            None,
            None,
            "Put back one of the portfolio's automatic backups",
        )
        self.edit_actions = [
            self.act_restore,
            self.act_import_returned,
            self.act_import,
            self.act_sync,
            self.act_profiles,
            self.act_watch,
            self.act_new_benefit,
            self.act_approve,
            self.act_delete_benefit,
            self.act_log,
        ]
        self.portfolio_actions = [
            self.act_chase,
            self.act_collection,
            self.act_reminders,
            self.act_review,
            self.act_export,
            self.act_template,
            self.act_history,
            self.act_board_pack,
            self.act_close,
            self.act_log,
            self.act_refresh,
            self.act_find,
            self.act_dashboard,
            self.act_register,
            self.act_mine,
        ]

    def _build_monthly_actions(self) -> None:
        """The monthly cycle: chase, collect, remind, review (ui/window_monthly.py)."""
        self.act_chase = self._action(
            "&Chase Owners…",
            self.chase_owners,
            "Ctrl+Shift+O",
            "mail",
            "Who owes which figures and actions; an e-mail draft for each owner",
        )
        self.act_collection = self._action(
            "Collection &Workbooks…",
            self.collection_workbooks,
            None,
            "template",
            "One workbook per owner with their figures due, written into a folder",
        )
        self.act_import_returned = self._action(
            "Import &Returned Workbooks…",
            self.import_returned_workbooks,
            None,
            "import",
            "Import a folder of filled-in collection workbooks; see who has not returned one",
        )
        self.act_reminders = self._action(
            "Calendar &Reminders…",
            self.calendar_reminders,
            None,
            "calendar",
            "A calendar file (.ics) per owner: figures due at each period end, actions due",
        )
        self.act_review = self._action(
            "&Review…",
            self.review_benefit,
            "Ctrl+Shift+R",
            "review",
            "Post-implementation review of the selected benefit (or its project) and its decision",
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addActions(
            [self.act_new, self.act_new_from_file, self.act_open, self.act_connect]
        )
        self.recent_menu = self.file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addAction(self.act_close)
        self.file_menu.addAction(self.act_restore)
        self.file_menu.addSeparator()
        self.exchange_anchor = self.file_menu.addSeparator()
        for action in (self.act_import, self.act_export, self.act_template, self.act_board_pack):
            self.file_menu.insertAction(self.exchange_anchor, action)
        self.file_menu.addAction(self.act_quit)
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addActions([self.act_undo, self.act_redo])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_find)
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addActions([self.act_dashboard, self.act_register, self.act_mine])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_refresh)
        self.benefit_menu = bar.addMenu("&Benefit")
        self.benefit_menu.addActions([self.act_new_benefit, self.act_log, self.act_approve])
        self.benefit_menu.addAction(self.act_review)
        self.benefit_menu.addSeparator()
        self.benefit_menu.addAction(self.act_delete_benefit)
        self.portfolio_menu = bar.addMenu("&Portfolio")
        self.portfolio_menu.addActions(
            [self.act_chase, self.act_collection, self.act_import_returned, self.act_reminders]
        )
        self.portfolio_menu.addSeparator()
        self.portfolio_menu.addActions([self.act_sync, self.act_profiles, self.act_watch])
        self.portfolio_menu.addSeparator()
        self.portfolio_menu.addAction(self.act_history)
        self.portfolio_menu.addAction(self.act_proposals)
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addActions([self.act_shortcuts, self.act_glossary])
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar("Main", self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(QSize(20, 20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self.toolbar.addAction(self.act_new_benefit)
        self.toolbar.addAction(self.act_log)
        self.toolbar.addAction(self.act_import)
        self.toolbar.addAction(self.act_sync)
        self.toolbar_anchor = self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_board_pack)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search benefits  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setFixedWidth(240)
        self.search.textChanged.connect(self._search_changed)
        self.toolbar.addWidget(self.search)
        self.toolbar.addWidget(QLabel("  Me: ", self))
        self.me = QComboBox(self)
        self.me.setObjectName("me")
        self.me.setMinimumWidth(160)
        self.me.setToolTip(
            "Who you are: 'My benefits' shows the benefits you own, and every change "
            "is recorded under your name beside your login"
        )
        self.me.currentTextChanged.connect(self._me_changed)
        self.toolbar.addWidget(self.me)

    # -- the Help menu: each item opens a dialog ------------------------------------
    def show_shortcuts(self) -> None:
        from benefitdesk.ui.help.reference import shortcuts_dialog

        shortcuts_dialog(self.menuBar(), self).exec()

    def show_glossary(self) -> None:
        from benefitdesk.ui.help.reference import glossary_dialog

        glossary_dialog(self).exec()

    def about(self) -> None:
        from benefitdesk.ui.help.about import show_about

        show_about(self, self.context.store.path if self.context else None)
