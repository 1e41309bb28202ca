"""The main window: it composes the features over the open portfolio.

``window.MainWindow`` owns the portfolio and the undo stack; ``actions`` declares what
the user can do and ``menus`` where it appears; ``workspace`` holds the views;
``opening`` loads a portfolio in the background; the command objects (``files``,
``benefits``, ``exchange``, ``syncing``, ``monthly``, ``server``, ``backups``,
``helpmenu``, ``me``) handle their menus' actions through ``host.Host``. This package
is the only part of the UI that imports several features (docs/architecture.md, "UI").
"""

from benefitdesk.ui.main_window.window import MainWindow

__all__ = ["MainWindow"]
