"""Charts (pyqtgraph). Nothing here imports pyqtgraph until a chart is asked for.

``import pyqtgraph`` costs about 0.44 s, more than half of a window start
(measured here), so ``from benefitdesk.ui.charts import BenefitChart`` resolves the name
lazily: the import happens on first use, not when the package is imported.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from benefitdesk.ui.charts.benefit_chart import BenefitChart
    from benefitdesk.ui.charts.value_chart import StatusChart, ValueChart

_LAZY = {
    "BenefitChart": "benefitdesk.ui.charts.benefit_chart",
    "StatusChart": "benefitdesk.ui.charts.value_chart",
    "ValueChart": "benefitdesk.ui.charts.value_chart",
}

__all__ = ["BenefitChart", "StatusChart", "ValueChart"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)
