"""The Overview tab: the benefit chart, and the definition at a glance beside it.

The chart module imports pyqtgraph, which is slow to import, so it is loaded the
first time the tab is shown; until it exists a placeholder stands in.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from benefitdesk.analysis.checks import Severity, check_definition
from benefitdesk.model import OPEN_ACTION_STATUSES
from benefitdesk.present.formats import day, month, quantity
from benefitdesk.services import inputs
from benefitdesk.ui.detail.base import DetailTab
from benefitdesk.ui.widgets.fields import fmt_date

CHART_MODULE = "benefitdesk.ui.charts.benefit_chart"
MUTED = "#64748b"


def load_chart_class() -> Any | None:
    """BenefitChart, or None while its module is not there (a missing import inside it
    is a real error and is raised)."""
    try:
        from benefitdesk.ui.charts.benefit_chart import BenefitChart
    except ModuleNotFoundError as missing:
        if missing.name in (CHART_MODULE, "benefitdesk.ui.charts"):
            return None
        raise
    return BenefitChart


class OverviewTab(DetailTab):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.chart: Any | None = None
        self.chart_area = QVBoxLayout()
        self.chart_area.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel("The benefit chart appears here.", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet(f"color: {MUTED};")
        self.chart_area.addWidget(self.placeholder)
        self.glance = QLabel(self)
        self.glance.setTextFormat(Qt.TextFormat.RichText)
        self.glance.setWordWrap(True)
        self.glance.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.glance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.glance.setContentsMargins(10, 6, 10, 6)
        side = QScrollArea(self)
        side.setWidget(self.glance)
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setFixedWidth(290)
        chart_box = QWidget(self)
        chart_box.setLayout(self.chart_area)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(chart_box, 1)
        layout.addWidget(side)

    def _ensure_chart(self) -> None:
        if self.chart is not None:
            return
        from benefitdesk.ui.charts.preload import chart_loader

        loader = chart_loader()
        if not loader.done:  # pyqtgraph is still being imported off the GUI thread
            self.placeholder.setText("Loading the chart…")
            loader.ready.connect(self.refresh, Qt.ConnectionType.UniqueConnection)
            loader.start()
            return
        chart_class = load_chart_class()
        if chart_class is None:
            return
        self.chart = chart_class(self.context, self)
        self.chart_area.removeWidget(self.placeholder)
        self.placeholder.hide()
        self.chart_area.addWidget(self.chart)

    def chart_drawn(self) -> bool:
        """The shown benefit's chart is drawn (or there is none to draw)."""
        if self.benefit_id is None:
            return True
        return self.chart is not None and self.chart.drawn_benefit == self.benefit_id

    def refresh(self) -> None:
        self._ensure_chart()
        if self.chart is not None:
            self.chart.show_benefit(self.benefit_id)
        self.glance.setText(self._glance())

    def _glance(self) -> str:
        row = self.row()
        if row is None:
            return ""
        snap = self.context.report.snapshot
        lines: list[tuple[str, str]] = []
        measure = escape(row.measure or "— no measure —") + (
            f" ({escape(row.unit)})" if row.unit else ""
        )
        lines.append(("Measure", measure))
        if row.baseline is not None:
            baseline = escape(quantity(row.baseline, row.unit))
            lines.append(("Baseline", f"{baseline} on {day(row.baseline_date)}"))
        if row.target is not None:
            target = escape(quantity(row.target, row.unit))
            lines.append(("Target", f"{target} by {day(row.target_date)}"))
        project = snap.project_of(row)
        start = inputs.realisation_start(row, project)
        if start:
            lines.append(("Realisation from", fmt_date(start)))
        if project is not None:
            lines.append(("Project", f"{escape(project.code)} {escape(project.name)}"))
        lines.append(("Owner", escape(snap.person_name(row.owner_id) or "— none —")))
        lines.append(("Reported", escape(row.frequency.value if row.frequency else "— not set —")))
        lines.append(("Data source", escape(row.data_source or "— none —")))
        lines.append(("Lifecycle", escape(row.status.value)))
        versions = snap.plans.get(row.id) or {}
        if versions:
            latest = max(versions)
            reason = snap.plan_reasons.get((row.id, latest))
            text = f"version {latest}" + (f" — {escape(reason)}" if reason and latest > 1 else "")
            lines.append(("Plan", text))
        else:
            lines.append(("Plan", "default ramp (no plan saved)"))
        actions = [a for a in snap.actions if a.benefit_id == row.id]
        open_actions = [a for a in actions if a.status in OPEN_ACTION_STATUSES]
        late = [a for a in open_actions if a.due_date and a.due_date < self.context.as_of]
        if actions:
            text = f"{len(open_actions)} open"
            if late:
                text += f", <span style='color:#b91c1c'>{len(late)} overdue</span>"
            lines.append(("Actions", text))
        findings = self._findings(row)
        if findings:
            lines.append(("Definition", findings))
        notes = [n for n in snap.notes if n.benefit_id == row.id]
        html = (
            "<table cellspacing='0' cellpadding='2'>"
            + "".join(
                f"<tr><td style='color:{MUTED}; padding-right:8px'>{k}</td><td>{v}</td></tr>"
                for k, v in lines
            )
            + "</table>"
        )
        if notes:
            latest_note = max(notes, key=lambda n: n.period)
            html += (
                f"<p style='margin-top:8px'><span style='color:{MUTED}'>Latest variance note "
                f"({month(latest_note.period)}, {escape(latest_note.cause.value)})</span><br>"
                f"{escape(latest_note.explanation)}</p>"
            )
        return html

    def _findings(self, row: Any) -> str:
        snap = self.context.report.snapshot
        found = check_definition(inputs.definition_input(snap, row))
        errors = sum(f.severity is Severity.ERROR for f in found)
        warnings = len(found) - errors
        parts = []
        if errors:
            parts.append(
                f"<span style='color:#b91c1c'>{errors} error{'s' if errors != 1 else ''}</span>"
            )
        if warnings:
            plural = "s" if warnings != 1 else ""
            parts.append(f"<span style='color:#b45309'>{warnings} warning{plural}</span>")
        return ", ".join(parts) if parts else "passes every check"
