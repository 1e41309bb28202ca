"""File › Export Workbook… and File › Collection Template…: workbooks written in the
background, like the board pack (`ui/boardpack/export.py`).

The export is the canonical workbook (every sheet, importable back as it is); the
collection template asks one owner (or everyone) for the figures due, and its filled-in
copy imports without a mapping.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.present.formats import day
from benefitdesk.ui.context import PortfolioContext
from benefitdesk.ui.jobs import Job, JobControl
from benefitdesk.ui.resources import icon
from benefitdesk.ui.settings import AppSettings
from benefitdesk.ui.widgets.saving import (
    choose_workbook,
    portfolio_name,
    show_written,
)

#: Benefit statuses a collection template asks figures for.
COLLECTED = frozenset({"approved", "tracking"})
EVERYONE = ""  # `choose_owner`'s answer for a template of every owner's benefits


# --- the canonical workbook ---------------------------------------------------------------


def export_workbook(
    parent: QWidget, context: PortfolioContext, settings: AppSettings
) -> Job | None:
    """Ask where, then write the whole portfolio as the canonical workbook."""
    stem = f"{portfolio_name(context)} {context.as_of:%Y-%m-%d}"
    out = choose_workbook(parent, settings, context, "Export workbook", stem)
    return None if out is None else run_export(parent, context, out)


def run_export(parent: QWidget, context: PortfolioContext, out: Path) -> Job:
    from benefitdesk.services.exporting import ExportResult, export_portfolio

    store = context.store

    def work(control: JobControl) -> ExportResult:
        return export_portfolio(
            store,
            out,
            progress=lambda done, total: control.progress(
                done, total, f"Writing {out.name}… {done:,} of {total:,} rows"
            ),
            cancelled=control.cancelled,
        )

    def done(result: ExportResult) -> None:
        show_written(
            parent,
            "Export workbook",
            f"The portfolio is in {result.path}\n\n{len(result.rows)} sheets, "
            f"{result.total_rows:,} rows. It imports back as it is (File › Import…).",
            result.path,
        )

    return Job(parent, work, "Export workbook").on_success(done).run()


# --- the collection template ------------------------------------------------------------


def owners(context: PortfolioContext) -> list[tuple[str, int]]:
    """People who own benefits that collect figures, with how many, by name."""
    snapshot = context.report.snapshot
    counted: Counter[str] = Counter()
    for benefit in snapshot.benefits:
        status = getattr(benefit.status, "value", benefit.status)
        name = snapshot.person_name(benefit.owner_id)
        if status in COLLECTED and name:
            counted[name] += 1
    return sorted(counted.items(), key=lambda item: item[0].casefold())


class OwnerDialog(QDialog):
    """Whose figures the template asks for: one owner, or everyone."""

    def __init__(self, context: PortfolioContext, me: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Collection template")
        self.setWindowIcon(icon("template"))
        self.owner = QComboBox(self)
        self.owner.addItem("Everyone (all approved and tracking benefits)", EVERYONE)
        for name, count in owners(context):
            self.owner.addItem(f"{name} ({count} benefit{'s' if count != 1 else ''})", name)
        index = self.owner.findData(me) if me else -1
        self.owner.setCurrentIndex(max(index, 0))
        intro = QLabel(
            "A workbook for an owner to fill in offline: each benefit and leading indicator "
            f"with the periods due up to {day(context.as_of)}, the value cells to fill "
            "in, and the last figure and target beside them. The filled-in copy imports as "
            "it is (File › Import…).",
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        label = QLabel("&Owner:", self)
        label.setBuddy(self.owner)
        form.addRow(label, self.owner)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Next…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def chosen(self) -> str:
        return str(self.owner.currentData() or EVERYONE)


def choose_owner(parent: QWidget, context: PortfolioContext, settings: AppSettings) -> str | None:
    """The owner chosen (`EVERYONE` for all), or None when the user cancelled."""
    dialog = OwnerDialog(context, settings.me, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()


def collection_template(
    parent: QWidget, context: PortfolioContext, settings: AppSettings
) -> Job | None:
    """Ask whose figures (default: "me"), where to save, then write the template."""
    owner = choose_owner(parent, context, settings)
    if owner is None:
        return None
    who = owner or "all owners"
    stem = f"{who} — figures due {context.as_of:%Y-%m-%d}"
    title = "Collection template"
    out = choose_workbook(parent, settings, context, title, stem)
    return None if out is None else run_template(parent, context, out, owner or None)


def run_template(parent: QWidget, context: PortfolioContext, out: Path, owner: str | None) -> Job:
    from benefitdesk.services.exporting import TemplateResult
    from benefitdesk.services.exporting import collection_template as write

    store, as_of = context.store, context.as_of

    def work(control: JobControl) -> TemplateResult:
        control.progress(0, 0, f"Writing {out.name}…")
        return write(store, out, owner=owner, as_of=as_of, cancelled=control.cancelled)

    def done(result: TemplateResult) -> None:
        who = f" for {result.owner}" if result.owner else ""
        asked = result.benefit_rows + result.indicator_rows
        what = (
            f"It asks for {result.benefit_rows:,} benefit and {result.indicator_rows:,} "
            "indicator figures."
            if asked
            else "No figures are due: every figure up to this date is in."
        )
        show_written(
            parent,
            "Collection template",
            f"The collection workbook{who} is in {result.path}\n\n{what} Send it to be filled "
            "in; import the returned copy with File › Import….",
            result.path,
        )

    return Job(parent, work, "Collection template").on_success(done).run()
