"""Every field of a benefit's definition, in sections that reflow with the width.

At full width the Benefit, Measure and Ownership sections sit side by side with the
narrative underneath; narrower, they stack. Each field has its message line under it,
where validation problems and definition findings appear.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from benefitdesk.model import (
    BenefitKind,
    Category,
    Classification,
    Confidence,
    Frequency,
    Lifecycle,
)
from benefitdesk.present.formats import day
from benefitdesk.services.benefits import BenefitFields
from benefitdesk.ui.widgets.fields import (
    ChoiceField,
    DateField,
    FieldMessage,
    MemoField,
    NumberField,
    PersonField,
    TextField,
    with_message,
)
from benefitdesk.ui.widgets.form import FieldSet

FIELD_NAMES = tuple(f.name for f in dataclass_fields(BenefitFields))
TEXT_FIELDS = ("description", "measure", "unit", "data_source", "objective", "sustainment", "notes")
SECTION_STYLE = "font-weight: 600; color: #334155; padding-top: 4px;"


def normalised(data: BenefitFields) -> BenefitFields:
    """``data`` with blank text as None and spacing tidied, for comparing edits."""
    changes: dict[str, Any] = {
        name: (getattr(data, name) or "").strip() or None for name in TEXT_FIELDS
    }
    changes["code"] = data.code.strip()
    changes["title"] = data.title.strip()
    changes["owner"] = " ".join((data.owner or "").split()) or None
    changes["project_code"] = data.project_code or None
    changes["row_version"] = None  # bookkeeping, not an edit
    return replace(data, **changes)


class Section(QWidget):
    """A heading over a form of label / field rows."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        heading = QLabel(title, self)
        heading.setStyleSheet(SECTION_STYLE)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setVerticalSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 6)
        layout.setSpacing(4)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addStretch(1)


class DefinitionForm(QWidget):
    """The fields of :class:`BenefitFields`; ``edited(key)`` fires as the user types."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fieldset = FieldSet()
        self.identity = Section("Benefit", self)
        self.measure_section = Section("Measure", self)
        self.ownership = Section("Ownership and value", self)
        self.narrative = QWidget(self)

        self._build_identity()
        self._build_measure()
        self._build_ownership()
        self.memos: list[QWidget] = []
        self.description = self._memo("description", "Description", "What changes for whom")
        self.sustainment = self._memo(
            "sustainment", "Sustainment", "How the benefit is kept once realised"
        )
        self.notes = self._memo("notes", "Notes", "Anything else worth knowing")

        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(8, 4, 8, 8)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(6)
        self.narrative_grid = QGridLayout(self.narrative)
        self.narrative_grid.setContentsMargins(0, 0, 12, 0)
        self.columns = 0
        self._reflow(3)

    # -- building -----------------------------------------------------------------------
    def _build_identity(self) -> None:
        s = self.identity
        self.code = self._row(s, "code", "&Code", TextField(placeholder="e.g. B-021", limit=100))
        self.title = self._row(
            s, "title", "&Title", TextField(placeholder="What improves, in a few words", limit=300)
        )
        self.project = self._row(s, "project_code", "&Project", ChoiceField([], blank="— none —"))
        self.kind = self._row(
            s,
            "kind",
            "&Kind",
            ChoiceField(
                [
                    ("Benefit", BenefitKind.BENEFIT),
                    ("Dis-benefit", BenefitKind.DIS_BENEFIT),
                    ("Maintain (hold a level)", BenefitKind.MAINTAIN),
                ]
            ),
        )
        self.category = self._row(s, "category", "Cate&gory", ChoiceField(Category))
        self.classification = self._row(
            s, "classification", "Classi&fication", ChoiceField(Classification, blank="— not set —")
        )
        self.objective = self._row(
            s, "objective", "O&bjective", TextField(placeholder="The strategic objective it serves")
        )

    def _build_measure(self) -> None:
        s = self.measure_section
        self.measure = self._row(
            s, "measure", "&Measure", TextField(placeholder="KPI name, e.g. Conversion rate")
        )
        self.unit = self._row(s, "unit", "&Unit", TextField(placeholder="e.g. %, £k, hours"))
        self.baseline = NumberField(placeholder="value")
        self.baseline_date = DateField(placeholder="date")
        self._pair(
            s, "baseline", "Base&line", self.baseline, "on", "baseline_date", self.baseline_date
        )
        self.target = NumberField(placeholder="value")
        self.target_date = DateField(placeholder="date")
        self._pair(s, "target", "T&arget", self.target, "by", "target_date", self.target_date)
        self.tolerance = self._row(
            s, "tolerance", "Toleran&ce ±", NumberField(placeholder="maintain KPIs: the band")
        )
        self.realisation_start = self._row(
            s, "realisation_start", "Realisation &start", DateField()
        )
        self.tracking_end = self._row(
            s, "tracking_end", "Trac&king end", DateField(placeholder="until realised")
        )
        self.frequency = self._row(
            s, "frequency", "&Frequency", ChoiceField(Frequency, blank="— not set —")
        )
        self.data_source = self._row(
            s, "data_source", "&Data source", TextField(placeholder="System or report, e.g. CRM")
        )

    def _build_ownership(self) -> None:
        s = self.ownership
        self.owner = self._row(s, "owner", "&Owner", PersonField(placeholder="A business leader"))
        self.currency = QLabel("£", self)
        self.financial_value = self._row(
            s,
            "financial_value",
            "Financial &value",
            NumberField(placeholder="optional"),
            self.currency,
        )
        self.confidence = self._row(
            s, "confidence", "Confide&nce", ChoiceField(Confidence, blank="— not set —")
        )
        self.status = self._row(s, "status", "Lifecycle stat&us", ChoiceField(Lifecycle))
        self.defined_on = self._row(s, "defined_on", "Defined o&n", DateField())

    def _connect(self, key: str, field: Any) -> None:
        field.edited.connect(lambda k=key: self.edited.emit(k))

    def _row(self, section: Section, key: str, label: str, field: Any, *extra: QWidget) -> Any:
        field.setParent(section)
        line = self.fieldset.add(key, field)
        section.form.addRow(label, with_message(field, line, *extra))
        self._connect(key, field)
        return field

    def _pair(
        self,
        section: Section,
        key: str,
        label: str,
        value: NumberField,
        joiner: str,
        date_key: str,
        day: DateField,
    ) -> None:
        line = self.fieldset.add(key, value)
        self.fieldset.add(date_key, day, line)
        word = QLabel(joiner, section)
        value.setMinimumWidth(70)
        section.form.addRow(label, with_message(value, line, word, day))
        self._connect(key, value)
        self._connect(date_key, day)

    def _memo(self, key: str, label: str, placeholder: str) -> MemoField:
        box = QWidget(self.narrative)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        heading = QLabel(label, box)
        heading.setStyleSheet(SECTION_STYLE)
        field = MemoField(box, placeholder=placeholder, lines=3)
        heading.setBuddy(field)
        line = self.fieldset.add(key, field)
        column.addWidget(heading)
        column.addWidget(field)
        column.addWidget(line)
        self._connect(key, field)
        self.memos.append(box)
        return field

    # -- layout that follows the width ------------------------------------------------------
    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        width = event.size().width()
        self._reflow(3 if width >= 1000 else 2 if width >= 640 else 1)

    def _reflow(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for widget in (self.identity, self.measure_section, self.ownership, self.narrative):
            self.grid.removeWidget(widget)
        for i in range(4):
            self.grid.setColumnStretch(i, 0)
        sections = [self.identity, self.measure_section, self.ownership]
        for i, section in enumerate(sections):
            self.grid.addWidget(section, i // columns, i % columns)
        for col in range(columns):
            self.grid.setColumnStretch(col, 1)
        if columns == 2:
            self.grid.addWidget(self.narrative, 1, 1)
        else:
            self.grid.addWidget(
                self.narrative, (len(sections) + columns - 1) // columns, 0, 1, columns
            )
        for memo in self.memos:
            self.narrative_grid.removeWidget(memo)
        across = 3 if columns == 3 else 1
        for i, memo in enumerate(self.memos):
            self.narrative_grid.addWidget(memo, i // across, i % across)
        self.grid.setRowStretch(self.grid.rowCount(), 1)

    # -- values --------------------------------------------------------------------------------
    def set_projects(self, projects: list[tuple[str, str]]) -> None:
        """(code, name) pairs for the project choice."""
        current = self.project.value()
        self.project.blockSignals(True)
        self.project.clear_choices()
        self.project.add_choice("— none —", None)
        for code, name in projects:
            self.project.add_choice(f"{code} — {name}", code)
        self.project.set_value(current)
        self.project.blockSignals(False)

    def set_people(self, names: list[str]) -> None:
        self.owner.blockSignals(True)
        self.owner.set_people(names)
        self.owner.blockSignals(False)

    def set_currency(self, sign: str) -> None:
        self.currency.setText(sign)

    def set_fields(self, data: BenefitFields) -> None:
        self.fieldset.set_values({name: getattr(data, name) for name in FIELD_NAMES})

    def fields(self) -> BenefitFields | None:
        """What the form holds, or None while a number or date does not parse."""
        if self.fieldset.parse_errors():
            return None
        values = self.fieldset.values()
        values["code"] = values["code"] or ""
        values["title"] = values["title"] or ""
        values["kind"] = values["kind"] or BenefitKind.BENEFIT
        values["category"] = values["category"] or Category.OTHER
        values["status"] = values["status"] or Lifecycle.DRAFT
        return BenefitFields(**values)

    def set_start_hint(self, start: date | None, source: str) -> None:
        hint = f"{day(start)} ({source})" if start else "the project's go-live"
        self.realisation_start.setPlaceholderText(hint)

    def set_read_only(self, read_only: bool) -> None:
        self.fieldset.set_read_only(read_only)

    def message_line(self, key: str) -> FieldMessage | None:
        return self.fieldset.lines.get(key)

    def focus_field(self, key: str) -> None:
        field = self.fieldset.fields.get(key)
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            parent = self.parentWidget()
            while parent is not None and not hasattr(parent, "ensureWidgetVisible"):
                parent = parent.parentWidget()
            if parent is not None:
                parent.ensureWidgetVisible(field)

    def sizeHint(self) -> Any:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        hint.setWidth(min(hint.width(), 600))
        return hint
