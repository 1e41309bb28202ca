"""Ask once before saving a figure far outside its usual range (1705 after 173.1).

The first Save shows why the figure looks wrong and turns the button into "Save
anyway"; pressing it again (or Enter) saves. Changing the figure asks afresh. A
question in the dialog rather than a message box: the keyboard flow stays Enter, Enter.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QPushButton

from benefitdesk.analysis.plausibility import RECENT, UsualRange, far_outside, usual_range
from benefitdesk.present.formats import quantity


class UnusualValueCheck:
    def __init__(
        self,
        button: QPushButton,
        recent: Iterable[float] = (),
        *,
        baseline: float | None = None,
        target: float | None = None,
        unit: str | None = None,
    ):
        self.button, self.text = button, button.text()
        self.unit = unit
        self.usual: UsualRange | None = usual_range(list(recent)[-RECENT:], baseline, target)
        self.confirmed: float | None = None

    def warning(self, value: float | None) -> str:
        """Why ``value`` looks wrong, or "" when it does not."""
        if value is None or not far_outside(value, self.usual):
            self.button.setText(self.text)
            return ""
        assert self.usual is not None
        low, high = (quantity(v, self.unit) for v in self.usual)
        return (
            f"{quantity(value, self.unit)} is far outside the usual {low} to {high}: "
            "check it, or save again to keep it."
        )

    def must_ask(self, value: float | None) -> bool:
        """True the first time a far-outside ``value`` is saved (the button then says
        "… anyway"); False once the user saves that same value again."""
        if not self.warning(value) or value == self.confirmed:
            return False
        self.confirmed = value
        self.button.setText(f"{self.text.replace('&', '')} anyway")
        return True
