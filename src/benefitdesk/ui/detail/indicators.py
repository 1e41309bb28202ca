"""The Indicators tab: leading indicators of the benefit and their measurements.

Left, the indicators with their own baseline, target and status; right, the figures
of the selected one, logged, edited and deleted the same way as the benefit's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout

from benefitdesk.analysis.periods import next_period_end, period_end
from benefitdesk.analysis.types import Status
from benefitdesk.present.formats import number
from benefitdesk.services import records
from benefitdesk.services.measurements import indicator_measurement_records
from benefitdesk.services.records import IndicatorFields
from benefitdesk.ui.commands import log_measurement_command
from benefitdesk.ui.detail.base import DetailTab
from benefitdesk.ui.detail.commands import add_command, delete_command, edit_command
from benefitdesk.ui.detail.indicator_models import (
    IndicatorModel,
    IndicatorRow,
    IndicatorValueModel,
    IndicatorValueRow,
    value_rows,
)
from benefitdesk.ui.detail.measurement_dialog import MeasurementDialog, MeasurementFields
from benefitdesk.ui.detail.record_dialogs import IndicatorDialog
from benefitdesk.ui.resources import icon
from benefitdesk.ui.widgets.fields import fmt_date
from benefitdesk.ui.widgets.table import RecordTable


class IndicatorsTab(DetailTab):
    EDITS = "records"  # the indicators' figures; the indicators themselves are definitions

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.model = IndicatorModel(self)
        self.indicators = RecordTable(
            "Leading indicators",
            self.model,
            self,
            empty="No leading indicator yet: without one, a shortfall only shows once it has "
            "happened. Add one (Insert), e.g. an adoption rate.",
            add=("Add…", self.add),
            edit=self.edit,
            delete=self.delete,
            widths=(55, 170, 65, 65, 90, 75, 85, 85),
            stretch=IndicatorModel.COL_NAME,
        )
        self.values = IndicatorValueModel(self)
        self.figures = RecordTable(
            "Measurements",
            self.values,
            self,
            empty="Select an indicator to see its figures.",
            add=("Log…", self.log),
            edit=self.edit_value,
            delete=self.delete_value,
            widths=(95, 80, 65, 160, 90),
            newest_first=True,
            can_edit=lambda: self.indicators.current_row() is not None,
        )
        self.figures.act_add.setIcon(icon("log-measurement"))
        self.figures.act_add.setToolTip("Log a figure for the selected indicator (Ins)")
        self.indicators.view.selectionModel().currentRowChanged.connect(self._indicator_changed)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.indicators)
        split.addWidget(self.figures)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(split)

    def refresh(self) -> None:
        row = self.row()
        rows: list[IndicatorRow] = []
        if row is not None:
            result = self.context.result_for(row.id)
            status = {i.code: i for i in result.indicators} if result is not None else {}
            for i in self.context.report.snapshot.indicators.get(row.id, []):
                found = status.get(i.code)
                rows.append(
                    IndicatorRow(
                        i.id, i.code, i.name, i.unit, i.baseline, i.baseline_date, i.target,
                        i.target_date, i.frequency, i.data_source,
                        found.status if found else Status.NO_DATA,
                        found.latest_value if found else None,
                        found.latest_date if found else None,
                        i.row_version,
                    )
                )  # fmt: skip
        self.indicators.set_rows(rows)
        if self.indicators.current_row() is None and rows:
            self.indicators.select_id(rows[0].id)
        self._indicator_changed()

    def _indicator_changed(self, *_args: Any) -> None:
        indicator = self.indicators.current_row()
        if indicator is None:
            self.figures.title.setText("<b>Measurements</b>")
            self.figures.set_rows([])
            return
        self.figures.title.setText(f"<b>{indicator.code} {indicator.name}</b>")
        found = indicator_measurement_records(self.context.store, indicator_id=indicator.id)
        self.figures.set_rows(value_rows(found, indicator))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.indicators.set_read_only(read_only)
        self.figures.set_read_only(read_only)

    def set_access(self, records: str | None, definitions: str | None) -> None:
        super().set_access(records, definitions)
        self.indicators.set_read_only(definitions is not None)

    # -- indicators -----------------------------------------------------------------------
    def add(self) -> bool:
        row = self.row()
        if row is None or self.indicators.read_only:
            return False
        data = IndicatorFields(
            records.next_indicator_code(self.context.store),
            "",
            baseline_date=row.baseline_date,
            target_date=row.target_date,
            frequency=row.frequency,
        )
        dialog = IndicatorDialog(self, data)

        def submit(fields: IndicatorFields) -> None:
            self.push(
                add_command(
                    self.context,
                    f"Add indicator {fields.code}",
                    lambda: records.add_indicator(
                        self.context.store, benefit_id=row.id, data=fields
                    ),
                )
            )

        dialog.submit = submit
        if not self.prompter.run(dialog):
            return False
        added_fields = dialog.data()
        code = added_fields.code if added_fields is not None else None
        added = next((i for i in self.model.rows() if i.code == code), None)
        if added is not None:
            self.indicators.select_id(added.id)
        return True

    def edit(self, indicator: IndicatorRow) -> bool:
        dialog = IndicatorDialog(self, indicator.fields())
        before = indicator.fields()

        def submit(fields: IndicatorFields) -> None:
            self.push(
                edit_command(
                    self.context,
                    f"Edit indicator {indicator.code}",
                    lambda **v: records.update_indicator(
                        self.context.store, indicator_id=indicator.id, data=fields, **v
                    ),
                    lambda **v: records.update_indicator(
                        self.context.store, indicator_id=indicator.id, data=before, **v
                    ),
                    row_version=indicator.row_version,
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def delete(self, indicator: IndicatorRow) -> bool:
        count = self.values.rowCount() if self.indicators.current_row() == indicator else 0
        extra = f" and its {count} measurement{'s' if count != 1 else ''}" if count else ""
        text = (
            f"Delete the leading indicator {indicator.code} {indicator.name}{extra}? "
            "You can undo this."
        )
        if not self.prompter.confirm(self, "Delete indicator", text):
            return False
        return self.run(
            delete_command(
                self.context, f"Delete indicator {indicator.code}", "indicator", indicator.id
            )
        )

    # -- their measurements -----------------------------------------------------------------
    def _due(self, indicator: IndicatorRow) -> date:
        frequency = indicator.frequency.value if indicator.frequency else "monthly"
        dates = [r.date for r in self.values.rows()]
        if dates:
            return next_period_end(max(dates), frequency)
        return period_end(self.context.as_of, frequency)

    def log(self) -> bool:
        indicator = self.indicators.current_row()
        if indicator is None or self.read_only:
            return False
        dialog = MeasurementDialog(
            self,
            title="Log indicator measurement",
            subject=f"{indicator.code} {indicator.name}",
            unit=indicator.unit,
            data=MeasurementFields(self._due(indicator), None),
            existing={r.date: r.value for r in self.values.rows()},
            baseline=indicator.baseline,
            target=indicator.target,
        )

        def submit(data: MeasurementFields) -> None:
            assert data.day is not None and data.value is not None
            self.push(
                log_measurement_command(
                    self.context, indicator.code, data.day, data.value, data.note
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def edit_value(self, value: IndicatorValueRow) -> bool:
        indicator = self.indicators.current_row()
        if indicator is None:
            return False
        dialog = MeasurementDialog(
            self,
            title="Edit indicator measurement",
            subject=f"{indicator.code} {indicator.name}",
            unit=indicator.unit,
            data=MeasurementFields(value.date, value.value, value.note),
            existing={r.date: r.value for r in self.values.rows()},
            editing=True,
            baseline=indicator.baseline,
            target=indicator.target,
        )

        def update(day: date, number: float, note: str | None) -> Any:
            return lambda **v: records.update_measurement(
                self.context.store,
                entity="indicator_measurement",
                record_id=value.id,
                day=day,
                value=number,
                note=note,
                **v,
            )

        def submit(data: MeasurementFields) -> None:
            assert data.day is not None and data.value is not None
            self.push(
                edit_command(
                    self.context,
                    f"Edit {indicator.code} {fmt_date(value.date)}",
                    update(data.day, data.value, data.note),
                    update(value.date, value.value, value.note),
                    row_version=value.row_version,
                )
            )

        dialog.submit = submit
        return self.prompter.run(dialog)

    def delete_value(self, value: IndicatorValueRow) -> bool:
        indicator = self.indicators.current_row()
        if indicator is None:
            return False
        text = (
            f"Delete the {number(value.value)} logged for {indicator.code} on "
            f"{fmt_date(value.date)}? You can undo this."
        )
        if not self.prompter.confirm(self, "Delete measurement", text):
            return False
        return self.run(
            delete_command(
                self.context,
                f"Delete {indicator.code} {fmt_date(value.date)}",
                "indicator_measurement",
                value.id,
            )
        )
