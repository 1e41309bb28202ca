"""Sync in the app: the import profiles dialog, the profile editor, Sync Now with
progress, and watching file sources so a new export syncs by itself.

The main window needs `SyncController(context, parent)` (one per open portfolio) and
`open_profiles_dialog(context, parent, controller)`.
"""

from benefitdesk.ui.sync.controller import SyncController, result_text
from benefitdesk.ui.sync.dialog import ProfilesDialog, open_profiles_dialog
from benefitdesk.ui.sync.editor import ProfileEditor
from benefitdesk.ui.sync.prompter import SyncPrompter

__all__ = [
    "ProfileEditor",
    "ProfilesDialog",
    "SyncController",
    "SyncPrompter",
    "open_profiles_dialog",
    "result_text",
]
