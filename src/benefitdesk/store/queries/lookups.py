"""The one-row lookups inside a write: a benefit, project or indicator by its code,
the codes in use, a figure at a date, a row locked for update.

The service decides what the lookup means (a clash, a missing row, a refusal); these
only find.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from sqlmodel import Session, SQLModel, func, select
from sqlmodel.sql.expression import SelectOfScalar

from benefitdesk.model import (
    Benefit,
    Indicator,
    IndicatorMeasurement,
    Measurement,
    Project,
    Raci,
    Stakeholder,
)

Row = TypeVar("Row", bound=SQLModel)
#: The table of a benefit's figures or of an indicator's.
FigureModel = type[Measurement] | type[IndicatorMeasurement]


def lock_row(session: Session, model: type[Row], row_id: int) -> Row | None:
    """The row ``row_id`` as committed now, locked against other writers until the
    transaction ends (``FOR UPDATE`` on a server; a copy read earlier in the session
    is set aside first)."""
    earlier = session.identity_map.get(session.identity_key(model, row_id))
    if earlier is not None:
        session.expunge(earlier)
    return session.get(model, row_id, with_for_update=True)


def benefit_by_code(session: Session, code: str) -> Benefit | None:
    return session.exec(select(Benefit).where(Benefit.code == code)).first()


def project_by_code(session: Session, code: str) -> Project | None:
    return session.exec(select(Project).where(Project.code == code)).first()


def indicator_by_code(session: Session, code: str) -> Indicator | None:
    return session.exec(select(Indicator).where(Indicator.code == code)).first()


def benefit_codes(session: Session) -> Sequence[str]:
    return session.exec(select(Benefit.code)).all()


def indicator_codes(session: Session) -> Sequence[str]:
    return session.exec(select(Indicator.code)).all()


def indicator_count(session: Session, benefit_id: int | None) -> int:
    """How many leading indicators the benefit has."""
    query = select(func.count()).select_from(Indicator).where(Indicator.benefit_id == benefit_id)
    return session.exec(query).one()


def stakeholder_in_role(
    session: Session, benefit_id: int, person_id: int | None, role: Raci
) -> Stakeholder | None:
    """The stakeholder row giving ``person_id`` the ``role`` on the benefit, if any."""
    query = select(Stakeholder).where(
        Stakeholder.benefit_id == benefit_id,
        Stakeholder.person_id == person_id,
        Stakeholder.role == role,
    )
    return session.exec(query).first()


def figure_on(
    session: Session, model: FigureModel, column: str, owner_id: int, day: date
) -> Measurement | IndicatorMeasurement | None:
    """The figure of benefit or indicator ``owner_id`` (its ``column``: benefit_id or
    indicator_id) for the period ending ``day``, if any."""
    figures: SelectOfScalar[Measurement | IndicatorMeasurement] = select(model)
    query = figures.where(getattr(model, column) == owner_id, model.date == day)
    return session.exec(query).first()
