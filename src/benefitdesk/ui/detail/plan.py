"""The Plan tab: the realisation profile, its versions, generators and re-baselining.

The table edits a working copy of the current plan. "Save plan" writes it in place
(version 1 the first time; afterwards only while the benefit is a draft), while
"Re-baseline…" asks why and saves it as a NEW version: the older versions are kept
and can be viewed, read-only, with their reasons.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from benefitdesk.analysis.periods import next_period_end
from benefitdesk.analysis.plan import linear_profile, plan_vertices, s_curve_profile
from benefitdesk.analysis.status import is_defined
from benefitdesk.model import Lifecycle
from benefitdesk.present.formats import moment
from benefitdesk.services import inputs
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.plans import PlanVersionRecord, plan_versions, validate_points
from benefitdesk.ui.detail.base import DetailTab
from benefitdesk.ui.detail.commands import rebaseline_command, save_plan_command
from benefitdesk.ui.detail.plan_model import PlanModel, PlanRow, Points
from benefitdesk.ui.detail.plan_preview import PlanPreview
from benefitdesk.ui.widgets.reason import ReasonDialog
from benefitdesk.ui.widgets.table import RecordTable


class PlanTab(DetailTab):
    EDITS = "definitions"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.versions: list[PlanVersionRecord] = []
        self.working: Points = []
        self.base: Points = []  # the saved plan the working copy started from
        self.viewing: int | None = None  # a version number, or None for the working copy
        self.actuals: list[tuple[date, float]] = []

        self.version = QComboBox(self)
        self.version.setMinimumWidth(220)
        self.version.setToolTip("Earlier versions are kept and shown read-only")
        self.version.currentIndexChanged.connect(self._version_changed)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #475569;")
        self.model = PlanModel(self)
        self.model.on_edit = self._point_edited
        self.table = RecordTable(
            "Planned values",
            self.model,
            self,
            empty="No plan saved: the default ramp (baseline → target from the realisation "
            "start) is used. Generate a linear or S-curve profile, or add points.",
            add=("Add point", self.add_point),
            delete=self.remove_point,
            widths=(110, 120, 100),
            can_edit=lambda: self._editable(),
        )
        self.table.view.setEditTriggers(
            self.table.view.EditTrigger.DoubleClicked
            | self.table.view.EditTrigger.EditKeyPressed
            | self.table.view.EditTrigger.AnyKeyPressed
        )
        self.table.act_delete.setText("Remove point")
        self.table.act_delete.setToolTip("Remove the selected point (Del)")
        self.top = QHBoxLayout()
        self.top.setSpacing(2)
        version_label = QLabel("&Version ", self)
        version_label.setBuddy(self.version)
        self.top.addWidget(version_label)
        self.top.addWidget(self.version)
        self.top.addSpacing(12)
        self.act_linear = self._action("Linear", self.generate_linear, "linear")
        self.act_linear.setToolTip("A straight ramp from the realisation start to the target")
        self.act_scurve = self._action("S-curve", self.generate_s_curve, "s-curve")
        self.act_scurve.setToolTip("A ramp-up: slow adoption, then fast, then levelling off")
        self.top.addStretch(1)
        self.act_save = self._action("Save plan", self.save, "check", "Ctrl+Return")
        self.act_rebaseline = self._action("Re-baseline…", self.rebaseline, "rebaseline")
        self.act_rebaseline.setToolTip(
            "Save this plan as a new version with a reason; the current one is kept"
        )
        self.act_discard = self._action("Discard", self.discard, "revert")
        self.act_discard.setToolTip("Throw away the unsaved changes to the plan")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.preview = PlanPreview(self)

        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(self.top)
        layout.addWidget(self.reason)
        layout.addWidget(split, 1)

    def _action(self, text: str, slot: Any, icon_name: str, key: Any = None) -> Any:
        return self.table.action(
            text, slot, icon_name, key, needs_row=False, editing=False, into=self.top
        )

    def _editable(self) -> bool:
        return self.viewing is None and not self.read_only and self.row() is not None

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.benefit_id is None or self.row() is None:
            self.versions, self.working = [], []
            self._show()
            return
        keep = self.is_dirty()
        self.versions = plan_versions(self.context.store, benefit_id=self.benefit_id)
        self.actuals = self.context.series(self.benefit_id)
        if not keep:
            self.working = list(self.current())
            self.base = self.current()
        if self.viewing is not None and self.viewing not in [v.version for v in self.versions]:
            self.viewing = None
        self._show()

    def show_benefit(self, benefit_id: int | None) -> None:
        self.versions, self.working, self.viewing, self.actuals = [], [], None, []
        super().show_benefit(benefit_id)

    def current(self) -> Points:
        return list(self.versions[-1].points) if self.versions else []

    def is_dirty(self) -> bool:
        return sorted(self.working) != sorted(self.current())

    def _goal(self) -> tuple[float, float] | None:
        row = self.row()
        if row is None or not is_defined(
            row.baseline, row.baseline_date, row.target, row.target_date
        ):
            return None
        return row.baseline, row.target

    def _show(self) -> None:
        self.version.blockSignals(True)
        self.version.clear()
        self.version.addItem("Working plan" if self.is_dirty() else "Current plan", None)
        for record in reversed(self.versions):
            label = f"Version {record.version}"
            label += " — current" if record is self.versions[-1] else ""
            label += " — original" if record.version == 1 and len(self.versions) > 1 else ""
            self.version.addItem(label, record.version)
        found = self.version.findData(self.viewing)
        self.version.setCurrentIndex(max(0, found))
        self.version.blockSignals(False)
        shown = self._viewed()
        editable = self.viewing is None and not self.read_only and self.row() is not None
        points = self.working if self.viewing is None else list(shown.points if shown else [])
        self.model.set_points(sorted(points), editable, self._goal())
        self._describe(shown)
        self._update_actions()
        self._draw()

    def _viewed(self) -> PlanVersionRecord | None:
        if self.viewing is None:
            return self.versions[-1] if self.versions else None
        return next((v for v in self.versions if v.version == self.viewing), None)

    def _describe(self, shown: PlanVersionRecord | None) -> None:
        if shown is None:
            self.reason.setText("No saved plan yet: the first save creates version 1.")
            return
        saved = f"saved {moment(shown.created_at)}" if shown.created_at else ""
        why = f"Reason: {shown.reason}" if shown.reason else "No reason recorded"
        prefix = "" if self.viewing is None else "Read-only, kept for comparison. "
        self.reason.setText(f"{prefix}Version {shown.version}, {saved}. {why}")
        self.reason.setToolTip(shown.reason or "")

    def _update_actions(self) -> None:
        row = self.row()
        editable = self.viewing is None and not self.read_only and row is not None
        dirty = self.is_dirty()
        problems = validate_points(self.working) if self.working else {}
        can_generate = editable and self._goal() is not None
        for action in (self.act_linear, self.act_scurve):
            action.setEnabled(can_generate)
            if not can_generate and row is not None and editable:
                action.setToolTip("Needs a baseline and a target, each with a date")
        draft = row is not None and row.status == Lifecycle.DRAFT
        in_place = not self.versions or draft
        self.act_save.setEnabled(
            editable and dirty and in_place and not problems and bool(self.working)
        )
        self.act_save.setToolTip(
            "Save the plan (Ctrl+Enter)"
            if in_place
            else "An approved benefit's plan changes only by re-baselining (the old plan is kept)"
        )
        self.act_rebaseline.setEnabled(
            editable and dirty and bool(self.versions) and not problems and bool(self.working)
        )
        self.act_discard.setEnabled(editable and dirty)
        self.table.update_actions()
        if problems:
            self.message.setStyleSheet("color: #b91c1c;")
            self.message.setText(next(iter(problems.values())))
        elif dirty:
            self.message.setStyleSheet("color: #b45309;")
            self.message.setText(
                "● Unsaved plan: Save plan"
                + (" or Re-baseline…" if self.versions else "")
                + " to keep it, Discard to drop it."
            )
        else:
            self.message.setText("")

    def _draw(self) -> None:
        row = self.row()
        if row is None:
            self.preview.set_series([], [], [], None)
            return
        snapshot = self.context.report.snapshot
        viewed = self._viewed()
        shown = self.working if self.viewing is None or viewed is None else list(viewed.points)
        anchor = (
            [(row.baseline_date, row.baseline)]
            if row.baseline_date and row.baseline is not None
            else []
        )
        saved = self.current() if self.viewing is None and self.is_dirty() else []
        target = (
            (row.target_date, row.target) if row.target_date and row.target is not None else None
        )
        actuals = self.actuals
        dirty = self.is_dirty()
        label = (
            ("Working plan" if dirty else "Current plan")
            if self.viewing is None
            else f"Version {self.viewing}"
        )
        plan = anchor + sorted(shown)
        default = [(p.date, p.value) for p in plan_vertices(inputs.benefit_input(snapshot, row))]
        compare, compare_label = (anchor + saved if saved else []), "Saved plan"
        original = self.versions[0] if len(self.versions) > 1 else None
        if not compare and original is not None and self.viewing != original.version:
            compare, compare_label = anchor + list(original.points), "Original plan (v1)"
        if not self.versions:  # the figures are measured against the default ramp
            if shown:
                compare, compare_label = default, "Default ramp"
            else:
                plan, label = default, "Default ramp"
        self.preview.set_series(plan, compare, actuals, target, label, compare_label)

    # -- editing the working copy ---------------------------------------------------------
    def _version_changed(self) -> None:
        self.viewing = self.version.currentData()
        self._show()

    def _set_working(self, points: Points) -> None:
        self.working = sorted(points)
        self._show()

    def _point_edited(self) -> None:
        """A cell was edited: the table already shows it; update the rest."""
        self.working = sorted(self.model.points())
        self.version.setItemText(0, "Working plan" if self.is_dirty() else "Current plan")
        self._update_actions()
        self._draw()

    def add_point(self) -> None:
        row = self.row()
        if row is None or self.viewing is not None or self.read_only:
            return
        frequency = row.frequency.value if row.frequency else "monthly"
        if self.working:
            last_day, last_value = max(self.working)
            day = next_period_end(last_day, frequency)
        else:
            start = row.baseline_date or self.context.as_of
            last_value = row.baseline if row.baseline is not None else 0.0
            day = next_period_end(start - timedelta(days=1), frequency)
        self._set_working([*self.working, (day, last_value)])
        self.table.select_id(self._position_of(day))

    def _position_of(self, day: date) -> int:
        return next(i for i, (d, _v) in enumerate(self.model.points()) if d == day)

    def remove_point(self, point: PlanRow) -> None:
        if self.viewing is None and not self.read_only:
            self._set_working([p for i, p in enumerate(self.model.points()) if i != point.id])

    def _generate(self, profile: Any) -> None:
        row = self.row()
        if row is None or self._goal() is None:
            return
        project = self.context.report.snapshot.project_of(row)
        start = inputs.realisation_start(row, project)
        frequency = row.frequency.value if row.frequency else "monthly"
        points = profile(
            row.baseline, row.baseline_date, row.target, row.target_date, start, frequency
        )
        self._set_working([(p.date, p.value) for p in points])

    def generate_linear(self) -> None:
        self._generate(linear_profile)

    def generate_s_curve(self) -> None:
        self._generate(s_curve_profile)

    def discard(self) -> None:
        self.base = self.current()
        self._set_working(self.current())

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        row = self.row()
        if row is None or not self.act_save.isEnabled():
            return False
        before = self.base if self.versions else None  # the plan the edits started from
        command = save_plan_command(self.context, row.id, row.code, self.working, before)
        if not self.run(command):
            return False
        self.base = list(self.working)
        return True

    def rebaseline(self) -> bool:
        row = self.row()
        if row is None or not self.act_rebaseline.isEnabled():
            return False
        dialog = ReasonDialog(
            self,
            title=f"Re-baseline {row.code}",
            intro=f"The plan becomes version {self.versions[-1].version + 1}. Version "
            f"{self.versions[-1].version} is kept, so reports can compare the two.",
            label="&Reason",
            accept_text="&Re-baseline",
            required="Say why the plan changes: the board will ask",
            placeholder="e.g. Go-live moved three months; target unchanged",
        )
        points = list(self.working)

        def submit(reason: str | None) -> None:
            self.push(rebaseline_command(self.context, row.id, row.code, points, reason or ""))
            self.base = list(points)  # the new version is what further edits start from

        dialog.submit = submit
        try:
            return self.prompter.run(dialog)
        except ServiceError as refused:  # pragma: no cover - the dialog shows refusals
            self.prompter.error(self, "Re-baseline", refused)
            return False

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.table.set_read_only(read_only)
        self._show()
