"""The board pack workbook: executive summary, benefits, one sheet per benefit.

The service (``benefitdesk.services.board_pack``) computes the figures and hands them
over as a :class:`BoardPackData`; this package only lays them out.
"""

from benefitdesk.exchange.boardpack.data import (
    ActionLine,
    BenefitView,
    BoardPackData,
    FindingLine,
    IndicatorLine,
    MeasurementLine,
    NoteLine,
    TrendPoint,
)
from benefitdesk.exchange.boardpack.writer import (
    FIXED_SHEETS,
    benefit_sheet_names,
    sheet_name,
    step_count,
    write_board_pack,
)

__all__ = [
    "FIXED_SHEETS",
    "ActionLine",
    "BenefitView",
    "BoardPackData",
    "FindingLine",
    "IndicatorLine",
    "MeasurementLine",
    "NoteLine",
    "TrendPoint",
    "benefit_sheet_names",
    "sheet_name",
    "step_count",
    "write_board_pack",
]
