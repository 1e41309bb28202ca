"""The window's Help menu: Keyboard Shortcuts, Glossary, About BenefitDesk."""

from __future__ import annotations

from PySide6.QtWidgets import QMenuBar, QWidget

from benefitdesk.ui.main_window.host import Host


class HelpCommands:
    def __init__(self, host: Host, parent: QWidget, menu_bar: QMenuBar):
        self.host, self.parent, self.menu_bar = host, parent, menu_bar
        host.act.shortcuts.triggered.connect(self.show_shortcuts)
        host.act.glossary.triggered.connect(self.show_glossary)
        host.act.about.triggered.connect(self.about)

    def show_shortcuts(self) -> None:
        """Every key, read from the menus themselves."""
        from benefitdesk.ui.help.reference import shortcuts_dialog

        shortcuts_dialog(self.menu_bar, self.parent).exec()

    def show_glossary(self) -> None:
        from benefitdesk.ui.help.reference import glossary_dialog

        glossary_dialog(self.parent).exec()

    def about(self) -> None:
        from benefitdesk.ui.help.about import show_about

        context = self.host.context
        show_about(self.parent, context.store.path if context is not None else None)
