"""Reading a workbook for import: sheets detected, rows typed and located, mappings.

`reader.open_sheets` finds what each sheet holds (`detect`), `records` reads the small
sheets into typed records, `figures` streams measurements (long or wide) as compact
tuples, and `mapping` loads and saves the user's confirmed mapping. Nothing here
touches the portfolio: the import service resolves codes and writes.
"""

from benefitdesk.exchange.importing.detect import SheetLayout, detect_sheet
from benefitdesk.exchange.importing.figures import (
    Figure,
    FigureStats,
    long_figures,
    wide_figures,
)
from benefitdesk.exchange.importing.mapping import (
    ImportMapping,
    SheetMapping,
    dumps_mapping,
    load_mapping,
    save_mapping,
)
from benefitdesk.exchange.importing.reader import (
    ColumnInfo,
    OpenSheet,
    SheetInspection,
    WorkbookInspection,
    inspect_workbook,
    mapping_from_inspection,
    open_sheets,
    sheet_sizes,
)
from benefitdesk.exchange.importing.records import Record, parse_records

__all__ = [
    "ColumnInfo",
    "Figure",
    "FigureStats",
    "ImportMapping",
    "OpenSheet",
    "Record",
    "SheetInspection",
    "SheetLayout",
    "SheetMapping",
    "WorkbookInspection",
    "detect_sheet",
    "dumps_mapping",
    "inspect_workbook",
    "load_mapping",
    "long_figures",
    "mapping_from_inspection",
    "open_sheets",
    "parse_records",
    "save_mapping",
    "sheet_sizes",
    "wide_figures",
]
