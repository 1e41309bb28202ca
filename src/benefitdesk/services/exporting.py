"""Export a portfolio as the canonical workbook (docs/workbook.md).

The whole export reads one consistent snapshot (one read transaction) and streams the
large sheets (measurements, plan points) from the database into the file, so a
portfolio of a million measurements is exported without holding them in memory.
The file appears only when complete: a failed or cancelled export leaves the target
as it was.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from pathlib import Path

from benefitdesk.exchange.export import write_canonical
from benefitdesk.exchange.template import Series as TemplateSeries
from benefitdesk.exchange.template import write_template
from benefitdesk.progress import CancelCheck, Cancelled, Progress
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.inputs import realisation_start
from benefitdesk.store import Session, Store
from benefitdesk.store.queries.workbook import (
    canonical_rows,
    collection_rows,
    person_names,
    plain,
)

__all__ = [
    "Cancelled",
    "ExportResult",
    "TemplateData",
    "TemplateResult",
    "collection_template",
    "export_portfolio",
    "template_data",
]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: dict[str, int]  # sheet name → data rows
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _check_target(path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise ServiceError(f"{path.name}: the canonical workbook is an .xlsx file")
    if path.is_dir():
        raise ServiceError(f"{path} is a folder; give a file name ending in .xlsx")
    if not path.parent.is_dir():
        raise ServiceError(f"{path.parent} does not exist")
    if path.exists() and not os.access(path, os.W_OK):
        raise ServiceError(f"{path} cannot be overwritten (read-only, or open in Excel?)")


def export_portfolio(
    store: Store,
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Write the canonical workbook of `store` to `path` (an .xlsx file).

    `progress(done, total)` counts rows; `cancelled()` is polled between chunks and a
    cancelled export raises `Cancelled`, leaving `path` as it was.
    """
    target = Path(path)
    _check_target(target)
    started = time.perf_counter()
    with store.reading() as session:
        data = canonical_rows(session)
        total = sum(count for count, _rows in data.values())
        done = 0

        def tick(rows: int) -> None:
            nonlocal done
            done += rows
            if progress is not None:
                progress(done, total)

        settings = data["settings"][1]  # (key, value) pairs, a list
        name = next((value for key, value in settings if key == "name"), None) or "Portfolio"
        counts = write_canonical(
            target,
            data,
            title=f"{name} — BenefitDesk export",
            tick=tick,
            cancelled=cancelled,
        )
    return ExportResult(target, counts, time.perf_counter() - started)


# --- the collection template -------------------------------------------------------------


@dataclass(frozen=True)
class TemplateResult:
    path: Path
    owner: str | None
    benefit_rows: int  # benefit figures asked for
    indicator_rows: int  # indicator figures asked for
    seconds: float


def _owner_id(session: Session, owner: str) -> tuple[int, str]:
    wanted = " ".join(owner.split()).casefold()
    people = person_names(session)
    for person_id, name in people.items():
        if " ".join(name.split()).casefold() == wanted:
            return person_id, name
    close = get_close_matches(owner, list(people.values()), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise ServiceError(f'There is no person named "{owner}" in the portfolio{hint}')


@dataclass(frozen=True)
class TemplateData:
    """What collection templates ask for: each series with its owner's person id."""

    portfolio: str
    benefits: list[tuple[int | None, TemplateSeries]]
    indicators: list[tuple[int | None, TemplateSeries]]  # owned by their benefit's owner


def template_data(session: Session, owner_id: int | None = None) -> TemplateData:
    """The approved and tracking benefits (of ``owner_id``, or everyone's) and their
    indicators, with their last figures: one read for any number of templates."""
    rows = collection_rows(session, owner_id)
    benefit_series = []
    for r in rows.benefits:
        last = rows.latest.get(r.id)
        series = TemplateSeries(
            r.code,
            r.title,
            r.measure,
            r.unit,
            plain(r.frequency),
            realisation_start(r, rows.projects.get(r.project_id)),
            r.tracking_end,
            last[0] if last else None,
            last[1] if last else None,
            r.target,
        )
        benefit_series.append((r.owner_id, series))
    by_id = {r.id: r for r in rows.benefits}
    indicator_series = []
    for r in rows.indicators:
        benefit = by_id[r.benefit_id]
        last = rows.latest_indicators.get(r.id)
        series = TemplateSeries(
            r.code,
            r.name,
            benefit.code,
            r.unit,
            plain(r.frequency or benefit.frequency),
            r.baseline_date or realisation_start(benefit, rows.projects.get(benefit.project_id)),
            benefit.tracking_end,
            last[0] if last else None,
            last[1] if last else None,
            r.target,
        )
        indicator_series.append((benefit.owner_id, series))
    return TemplateData(rows.portfolio, benefit_series, indicator_series)


def collection_template(
    store: Store,
    path: str | os.PathLike[str],
    *,
    owner: str | None = None,
    as_of: date | None = None,
    cancelled: CancelCheck | None = None,
) -> TemplateResult:
    """Write the collection workbook for `owner` (or every owner): the approved and
    tracking benefits and their indicators, with the periods due up to `as_of`."""
    target = Path(path)
    _check_target(target)
    started = time.perf_counter()
    day = as_of or date.today()
    with store.reading() as session:
        owner_id, owner_name = _owner_id(session, owner) if owner else (None, None)
        data = template_data(session, owner_id)
    rows = write_template(
        target,
        portfolio=data.portfolio,
        owner=owner_name,
        as_of=day,
        benefits=[s for _owner, s in data.benefits],
        indicators=[s for _owner, s in data.indicators],
        cancelled=cancelled,
    )
    return TemplateResult(target, owner_name, rows[0], rows[1], time.perf_counter() - started)
