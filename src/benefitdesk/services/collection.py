"""Collection packs: one collection workbook per owner out, a folder of them back in.

Out: every owner with figures due gets ``OWNER NAME.xlsx`` (the ``template`` workbook
with only their benefits and indicators), written from one read of the portfolio.
In: each workbook of a folder is imported on its own, through the import's public
entry point, as its own batch (undo one without the others); the template's stamp
(or, failing that, the file name) says whose it is, and the result names the owners
who have not returned theirs (docs/monthly-cycle.md).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from benefitdesk.exchange.errors import ExchangeError, Problem
from benefitdesk.exchange.limits import WORKBOOK_SUFFIXES
from benefitdesk.exchange.template import Series, due_periods, read_stamp, write_template
from benefitdesk.progress import CancelCheck, Cancelled, Progress, stop_if_cancelled
from benefitdesk.services.errors import ServiceError
from benefitdesk.services.exporting import TemplateData, template_data
from benefitdesk.services.importing import ImportResult, apply_import
from benefitdesk.services.owner_files import output_folder, owner_stem, write_failed
from benefitdesk.store import Store
from benefitdesk.store.queries.workbook import person_names

_COPY_SUFFIX = re.compile(r"\s*(\(\d+\)|-\s*copy|copy)\s*$", re.IGNORECASE)


def pack_name(owner: str) -> str:
    return f"{owner_stem(owner)}.xlsx"


# -- out --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pack:
    owner: str
    path: Path
    benefit_rows: int
    indicator_rows: int


@dataclass(frozen=True)
class PackSet:
    """What ``write_packs`` wrote: one pack per owner with figures due."""

    folder: Path
    as_of: date
    packs: list[Pack]


@dataclass(frozen=True)
class _OwnerSeries:
    benefits: list[Series] = field(default_factory=list)
    indicators: list[Series] = field(default_factory=list)


def _due_by_owner(
    data: TemplateData, people: dict[int, str], as_of: date
) -> dict[str, _OwnerSeries]:
    """Each owner's series, keeping only owners with at least one figure due."""
    by_owner: dict[str, _OwnerSeries] = defaultdict(_OwnerSeries)
    for owner_id, series in data.benefits:
        if owner_id in people:
            by_owner[people[owner_id]].benefits.append(series)
    for owner_id, series in data.indicators:
        if owner_id in people:
            by_owner[people[owner_id]].indicators.append(series)
    return {
        name: owned
        for name, owned in sorted(by_owner.items(), key=lambda item: item[0].casefold())
        if any(due_periods(s, as_of) for s in (*owned.benefits, *owned.indicators))
    }


def _read(store: Store, as_of: date) -> tuple[str, dict[str, _OwnerSeries]]:
    with store.reading() as session:
        data = template_data(session)
        people = person_names(session)
    return data.portfolio, _due_by_owner(data, people, as_of)


def owners_due(store: Store, as_of: date) -> list[str]:
    """The owners a collection pack would be written for at ``as_of``, by name."""
    return list(_read(store, as_of)[1])


def write_packs(
    store: Store,
    folder: str | os.PathLike[str],
    *,
    as_of: date | None = None,
    owners: list[str] | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> PackSet:
    """Write ``OWNER NAME.xlsx`` into ``folder`` for each owner with figures due (or
    for just ``owners``, by name, when given)."""
    day = as_of or date.today()
    target = output_folder(folder, "collection workbooks")
    portfolio, due = _read(store, day)
    if owners is not None:
        wanted = {o.casefold() for o in owners}
        due = {name: owned for name, owned in due.items() if name.casefold() in wanted}
    packs = []
    for n, (owner, owned) in enumerate(due.items()):
        stop_if_cancelled(cancelled, "Writing the collection workbooks")
        path = target / pack_name(owner)
        try:
            rows = write_template(
                path,
                portfolio=portfolio,
                owner=owner,
                as_of=day,
                benefits=owned.benefits,
                indicators=owned.indicators,
                cancelled=cancelled,
            )
        except OSError as exc:
            raise write_failed(path, exc) from exc
        packs.append(Pack(owner, path, *rows))
        if progress is not None:
            progress(n + 1, len(due))
    return PackSet(target, day, packs)


# -- back in -----------------------------------------------------------------------------


@dataclass
class Returned:
    """One workbook of the folder and what its import did."""

    path: Path
    owner: str | None  # whose pack it is; None when neither stamp nor name says
    as_of: date | None
    result: ImportResult | None = None
    problems: list[Problem] = field(default_factory=list)  # why it was not imported

    @property
    def imported(self) -> bool:
        return self.result is not None and self.result.committed

    @property
    def figures(self) -> int:
        """Figures added or changed by this workbook."""
        if self.result is None or not self.result.ok:
            return 0
        return sum(
            t.added + t.changed
            for kind, t in self.result.counts.items()
            if kind in ("measurements", "indicator_measurements")
        )

    @property
    def errors(self) -> list[Problem]:
        if self.result is not None and not self.result.ok:
            return self.result.errors
        return self.problems


@dataclass
class FolderImport:
    """A folder of returned packs: each workbook's fate, and who has not returned theirs."""

    folder: Path
    as_of: date
    files: list[Returned]
    expected: list[str]  # owners a pack was due from at ``as_of``
    stopped: bool = False  # cancelled: the files after the current one were not read

    @property
    def returned(self) -> list[str]:
        names = {f.owner for f in self.files if f.owner}
        return sorted(names, key=str.casefold)

    @property
    def missing(self) -> list[str]:
        """Owners who owed a pack and sent none back."""
        back = {n.casefold() for n in self.returned}
        return [o for o in self.expected if o.casefold() not in back]

    @property
    def batches(self) -> list[int]:
        return [f.result.batch_id for f in self.files if f.result and f.result.batch_id]


def workbooks_in(folder: Path) -> list[Path]:
    """The workbooks of ``folder`` (not its sub-folders), skipping the lock files Excel
    (``~$x.xlsx``) and LibreOffice (``.~lock.x#``) leave beside open files."""
    return sorted(
        (
            p
            for p in folder.iterdir()
            if p.is_file()
            and p.suffix.lower() in WORKBOOK_SUFFIXES
            and not p.name.startswith(("~$", "."))
        ),
        key=lambda p: p.name.casefold(),
    )


def _owner_from_name(path: Path, people: list[str]) -> str | None:
    """The person whose name the file name starts with ("Alice Chen (1).xlsx")."""
    stem = _COPY_SUFFIX.sub("", path.stem).casefold()
    matches = [p for p in people if stem.startswith(owner_stem(p).casefold())]
    return max(matches, key=len) if matches else None


def _whose(path: Path, people: list[str]) -> tuple[str | None, date | None]:
    stamp = read_stamp(path)
    if stamp is not None and stamp.owner:
        known = {p.casefold(): p for p in people}
        return known.get(stamp.owner.casefold(), stamp.owner), stamp.as_of
    return _owner_from_name(path, people), stamp.as_of if stamp else None


def _people(store: Store) -> list[str]:
    with store.reading() as session:
        return list(person_names(session).values())


def import_folder(
    store: Store,
    folder: str | os.PathLike[str],
    *,
    as_of: date | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> FolderImport:
    """Import every workbook in ``folder``, each its own batch; a workbook with errors
    is reported and the others still import. ``as_of`` (default: the packs' own date,
    else today) decides whose packs were due."""
    where = Path(folder)
    if not where.is_dir():
        raise ServiceError(f"{where} is not a folder")
    files = workbooks_in(where)
    people = _people(store)
    found: list[Returned] = []
    for path in files:
        try:
            owner, stamped = _whose(path, people)
        except ExchangeError as exc:
            found.append(Returned(path, None, None, problems=exc.problems))
        else:
            found.append(Returned(path, owner, stamped))
    day = as_of or max((f.as_of for f in found if f.as_of), default=None) or date.today()
    expected = owners_due(store, day)  # before importing: afterwards less is due
    outcome = FolderImport(where, day, found, expected)
    for n, entry in enumerate(found):
        if entry.problems:
            continue
        try:
            stop_if_cancelled(cancelled, "The folder import")
            entry.result = apply_import(store, entry.path, cancelled=cancelled)
        except Cancelled:
            outcome.stopped = True
            break
        except ExchangeError as exc:
            entry.problems = exc.problems
        except ServiceError as exc:
            entry.problems = [Problem(entry.path.name, None, str(exc))]
        if progress is not None:
            progress(n + 1, len(found))
    return outcome
