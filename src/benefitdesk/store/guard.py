"""No non-finite or absurd number reaches a portfolio through the ORM.

Typed and imported figures are refused earlier, with their cell or field, by the one
value parser; this guard is the floor under every other write (a service called with
a number, a form, a script): NaN or infinity would make every later report fail, and
an integer past SQLite's range would stop the write with an overflow.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from benefitdesk.model.figures import MAX_ABS_TEXT, usable_number
from benefitdesk.store.errors import NOTHING_CHANGED, PortfolioError


class AbsurdNumber(PortfolioError):
    """A write carried a number no portfolio can hold."""


def install_number_guard(session_class: type[Session]) -> None:
    """Refuse the flush of any new or changed row holding an unusable number."""

    @event.listens_for(session_class, "before_flush")
    def refuse_absurd_numbers(session: Session, _context: Any, _instances: Any) -> None:
        for obj in (*session.new, *session.dirty):
            mapper = inspect(obj).mapper
            for attr in mapper.column_attrs:
                value = getattr(obj, attr.key, None)
                if not usable_number(value):
                    raise AbsurdNumber(_message(obj, attr.key, value))


def _message(obj: object, field: str, value: object) -> str:
    label = getattr(obj, "code", None) or getattr(obj, "name", None) or type(obj).__name__
    what = field.replace("_", " ")
    return (
        f"{label}: {what} {value!r} is not a usable number (it must be finite and at most "
        f"{MAX_ABS_TEXT} in size). {NOTHING_CHANGED}"
    )
