"""Importing in the app: the import dialog (file, sheets and columns, check, import)
and the import history with Undo.

The main window needs `open_import_dialog(context, settings, parent)` for File ›
Import… and `open_import_history(context, parent)` for Portfolio › Import History….
"""

from benefitdesk.ui.importing.dialog import ImportDialog, open_import_dialog
from benefitdesk.ui.importing.history import ImportHistoryDialog, open_import_history

__all__ = ["ImportDialog", "ImportHistoryDialog", "open_import_dialog", "open_import_history"]
