"""Portfolio › Import Profiles: the list of profiles with their last run and result.

New, Edit, Duplicate and Delete open the editor or ask first; Import… and Export…
move profiles as a TOML file; Sync and Sync All run through the `SyncController`,
which also owns the "sync by itself when a new export arrives" switch shown here.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.services.changes import Change
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.sync import (
    ProfileFileError,
    SyncResult,
    delete_profile,
    export_profiles,
    import_profiles,
    list_profiles,
)
from benefitdesk.ui.sync.controller import SyncController
from benefitdesk.ui.sync.editor import ProfileEditor
from benefitdesk.ui.sync.models import ProfileModel, ProfileRow
from benefitdesk.ui.sync.prompter import TOML_FILTER, SyncPrompter
from benefitdesk.ui.widgets.table import RecordTable

if TYPE_CHECKING:
    from benefitdesk.ui.context import PortfolioContext


class ProfilesDialog(QDialog):
    """The import profiles of the open portfolio."""

    def __init__(
        self,
        context: PortfolioContext,
        controller: SyncController,
        parent: QWidget | None = None,
        *,
        prompter: SyncPrompter | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self.controller = controller
        self.prompter = prompter or controller.prompter
        self.setWindowTitle("Import profiles")
        self.resize(900, 420)
        self.model = ProfileModel(self)
        self.table = RecordTable(
            "Import profiles",
            self.model,
            self,
            empty="No import profiles yet. A profile reads figures from an export file, "
            "the newest export in a folder, or a database query. Add one, or import a "
            ".toml file of profiles.",
            add=("New…", self.new_profile),
            edit=self.edit_profile,
            delete=self.delete_profile,
            widths=(200, 260, 120, 130),
            can_edit=lambda: not context.read_only,
        )
        self.act_duplicate = self.table.action("Duplicate", self.duplicate_profile, "add")
        self.act_sync = self.table.action("Sync", self.sync_selected, "sync")
        self.act_sync_all = self.table.action("Sync All", self.sync_all, "sync", needs_row=False)
        self.act_import = self.table.action("Import…", self.import_file, "import", needs_row=False)
        self.act_export = self.table.action(
            "Export…", self.export_file, "export", needs_row=False, editing=False
        )
        self.watch = QCheckBox(
            "Sync file and folder profiles by themselves when a new export arrives", self
        )
        self.watch.setChecked(controller.watching)
        self.watch.setEnabled(not context.read_only)
        self.watch.toggled.connect(controller.set_watching)
        controller.watching_changed.connect(self._watching_changed)
        self.status = QLabel(controller.last_sync_text(), self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        controller.status_changed.connect(self.status.setText)
        controller.finished.connect(self._synced)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.watch)
        layout.addLayout(bottom)
        self.refresh()

    # -- list -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.table.set_rows([ProfileRow.of(s) for s in list_profiles(self.context.store)])

    def rows(self) -> list[ProfileRow]:
        return list(self.model.rows())

    def _synced(self, _result: SyncResult) -> None:
        self.refresh()

    def _watching_changed(self, on: bool) -> None:
        self.watch.blockSignals(True)
        self.watch.setChecked(on)
        self.watch.blockSignals(False)

    def _changed(self, change: Change | None) -> None:
        self.refresh()
        if change is not None:
            self.context.apply(change)  # the register shows which benefits are automated
        self.controller.profiles_changed()

    # -- editing ----------------------------------------------------------------------------------
    def editor(self, row: ProfileRow | None = None, *, copy: bool = False) -> ProfileEditor:
        profile = row.saved.profile if row is not None else None
        if profile is not None and copy:
            profile = replace(profile, name=self._copy_name(profile.name))
        return ProfileEditor(
            self.context,
            profile,
            self,
            profile_id=row.id if row is not None and not copy else None,
            prompter=self.prompter,
        )

    def _copy_name(self, name: str) -> str:
        taken = {r.name.casefold() for r in self.rows()}
        candidate, n = f"{name} (copy)", 2
        while candidate.casefold() in taken:
            candidate, n = f"{name} (copy {n})", n + 1
        return candidate

    def _open(self, editor: ProfileEditor) -> bool:
        if self.prompter.run(editor):
            self._changed(editor.change)
            return True
        return False

    def new_profile(self) -> bool:
        return self._open(self.editor())

    def edit_profile(self, row: ProfileRow) -> bool:
        return self._open(self.editor(row))

    def duplicate_profile(self) -> bool:
        row = self.table.current_row()
        return row is not None and self._open(self.editor(row, copy=True))

    def delete_profile(self, row: ProfileRow) -> bool:
        text = (
            f'Delete the import profile "{row.name}"?\n\nThe figures it brought in stay; '
            "undo its imports to remove them."
        )
        if not self.prompter.confirm(self, "Delete import profile", text, "Delete"):
            return False
        try:
            change = delete_profile(self.context.store, row.id)
        except ServiceError as exc:
            self.prompter.error(self, "Delete import profile", exc)
            return False
        self._changed(change)
        return True

    # -- syncing ----------------------------------------------------------------------------------
    def sync_selected(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self.controller.sync([row.name])

    def sync_all(self) -> None:
        self.controller.sync_all()

    # -- TOML -------------------------------------------------------------------------------------
    def _folder(self) -> str:
        path = self.context.store.path
        return str(path.parent) if path is not None else str(Path.home())

    def import_file(self) -> bool:
        chosen = self.prompter.open_file(self, "Import profiles", self._folder(), TOML_FILTER)
        if chosen is None:
            return False
        try:
            done = import_profiles(self.context.store, chosen)
        except ProfileFileError as exc:
            self.prompter.warn(
                self,
                "Import profiles",
                f"{chosen.name} cannot be imported; nothing was changed.",
                "\n".join(exc.messages),
            )
            return False
        except (ServiceError, OSError) as exc:
            self.prompter.error(self, "Import profiles", exc)
            return False
        self._changed(done.change)
        parts = [f"{len(done.added)} added", f"{len(done.replaced)} replaced"]
        if done.unchanged:
            parts.append(f"{len(done.unchanged)} already up to date")
        self.prompter.inform(
            self,
            "Import profiles",
            f"Profiles from {chosen.name}: " + ", ".join(parts) + ".",
            "\n".join(done.warnings),
        )
        return True

    def export_file(self) -> bool:
        suggested = str(Path(self._folder()) / "import profiles.toml")
        chosen = self.prompter.save_file(self, "Export profiles", suggested, TOML_FILTER)
        if chosen is None:
            return False
        if chosen.suffix.lower() != ".toml":
            chosen = chosen.with_name(f"{chosen.name}.toml")
        try:
            count = export_profiles(self.context.store, chosen)
        except (ServiceError, OSError) as exc:
            self.prompter.error(self, "Export profiles", exc)
            return False
        self.status.setText(f"Wrote {count} profile(s) to {chosen}")
        return True


def open_profiles_dialog(
    context: PortfolioContext,
    parent: QWidget | None = None,
    controller: SyncController | None = None,
    *,
    prompter: SyncPrompter | None = None,
) -> ProfilesDialog:
    """Show the profiles dialog (window-modal, returns at once). Pass the main window's
    `SyncController` so that syncs started here and from the toolbar never overlap."""
    controller = controller or SyncController(context, parent, prompter=prompter)
    dialog = ProfilesDialog(context, controller, parent, prompter=prompter)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
