"""One vocabulary for long work: a cancel exception and a progress callback.

Import, export, sync, the board pack and the GUI's job runner all speak it, so a
Cancel pressed anywhere is recognised everywhere as a cancel and never as a fault.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(done, total)``: called as work advances; ``total`` may grow.
Progress = Callable[[int, int], None]
#: ``cancelled()``: true once the user asked to stop.
CancelCheck = Callable[[], bool]


class Cancelled(Exception):
    """Long work stopped because the user asked; what it was writing was left as it was."""


def stop_if_cancelled(cancelled: CancelCheck | None, what: str = "The work") -> None:
    """Raise :class:`Cancelled` when ``cancelled()`` says the user asked to stop."""
    if cancelled is not None and cancelled():
        raise Cancelled(f"{what} was cancelled; nothing was written")
