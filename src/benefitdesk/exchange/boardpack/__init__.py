"""The board pack workbook: summary, exceptions, decisions, and an appendix.

The service (``benefitdesk.services.board_pack``) computes the figures and hands them
over as a :class:`BoardPackData`; this package only lays them out.
"""

from benefitdesk.analysis.lines import MeasurementLine
from benefitdesk.exchange.boardpack.data import (
    ActionLine,
    Appendix,
    BenefitView,
    BoardPackData,
    ClosureProposal,
    FindingLine,
    IndicatorLine,
    Movement,
    NoteLine,
    Pace,
    Rebaseline,
    TrendPoint,
)
from benefitdesk.exchange.boardpack.exceptions import CHART_LIMIT
from benefitdesk.exchange.boardpack.writer import (
    APPENDIX_SHEETS,
    MAIN_SHEETS,
    benefit_sheet_names,
    sheet_count,
    sheet_name,
    step_count,
    write_board_pack,
)

__all__ = [
    "APPENDIX_SHEETS",
    "CHART_LIMIT",
    "MAIN_SHEETS",
    "ActionLine",
    "Appendix",
    "BenefitView",
    "BoardPackData",
    "ClosureProposal",
    "FindingLine",
    "IndicatorLine",
    "MeasurementLine",
    "Movement",
    "NoteLine",
    "Pace",
    "Rebaseline",
    "TrendPoint",
    "benefit_sheet_names",
    "sheet_count",
    "sheet_name",
    "step_count",
    "write_board_pack",
]
