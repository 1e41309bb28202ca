"""The bulk path of an import: measurements written without ORM objects.

Figures arrive in chunks (the caller appends them to `pending`). For each chunk the
values already stored for the same (owner, date) keys are read in one query, each
figure is classified as new, changed or unchanged, and the new ones are inserted in
(owner, date) order — the order of the unique index — with one `executemany`; the
changed ones are updated likewise and their old values go to the audit log under the
import's batch, so undo can restore them. New rows carry the batch id instead of an
audit entry each (undo deletes them by it). The statements are the store's
(`store/bulk_figures.py`: raw `executemany` on SQLite).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benefitdesk.exchange.errors import Problem
from benefitdesk.services.importing.parse_figures import Figure
from benefitdesk.services.importing.plan import Tally
from benefitdesk.store import Session
from benefitdesk.store.audit import audit_rows
from benefitdesk.store.bulk_figures import FigureTable, Stored

#: Figures classified and written together: bounds memory, paces progress and Cancel.
CHUNK = 5_000

Locate = Callable[[int, int], str]  # (row number, column index) → "Measurements!C7"


@dataclass(frozen=True, slots=True)
class FigureChange:
    owner_code: str
    day: dt.date
    old: tuple[float, str | None, str]  # value, note, source before
    new: tuple[float, str | None, str]


class FigureWriter:
    """Writes the figures of one table (benefit or indicator measurements)."""

    def __init__(
        self,
        session: Session,
        *,
        indicators: bool,
        batch_id: int,
        user: str,
        moment: dt.datetime,
        codes: dict[int, str],
        tally: Tally,
        problems: list[Problem],
        samples: list[FigureChange],
        sample_limit: int = 1000,
    ) -> None:
        self.session = session
        self.rows = FigureTable(
            session, indicators=indicators, batch_id=batch_id, user=user, moment=moment
        )
        self.codes = codes
        self.tally = tally
        self.problems = problems
        self.samples = samples
        self.sample_limit = sample_limit
        self.pending: list[tuple[int, Figure]] = []
        self.seen: dict[int, int] = {}  # owner << 22 | day ordinal → first row number
        self.iso: dict[dt.date, str] = {}
        self.notes = False  # the sheet has a Note column
        self.sources = False  # the sheet has a Source column
        self.touched: set[int] = set()  # owners with a new or changed figure
        self.locate: Locate = lambda row, col: ""
        self.sheet = ""

    def start_sheet(self, sheet: str, *, notes: bool, sources: bool, locate: Locate) -> None:
        self.flush()
        self.sheet, self.notes, self.sources, self.locate = sheet, notes, sources, locate

    # --- one chunk -----------------------------------------------------------------------

    def flush(self) -> None:
        """Write the pending figures: `(owner id, Figure)` pairs that the caller appends
        to `self.pending` (a list, so that the per-row path is a single `append`)."""
        if not self.pending:
            return
        figures = self._unique(self.pending)
        self.pending.clear()
        if not figures:
            return
        existing = self._existing(figures)
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        audit: list[dict[str, Any]] = []
        tally = self.tally
        stamp, user, batch = self.rows.stamp, self.rows.user, self.rows.batch_id
        for owner, iso, value, note, source in figures:
            old = existing.get((owner, iso)) if existing else None
            if old is None:
                inserts.append((owner, iso, value, source or "import", note, stamp, user, batch))
                continue
            row_id, old_value, old_note, old_source = old
            new_note = note if self.notes else old_note
            new_source = source if self.sources and source is not None else old_source
            if old_value == value and old_note == new_note and old_source == new_source:
                tally.unchanged += 1
                continue
            updates.append((value, new_note, new_source, row_id))
            self._changed(owner, iso, old, (value, new_note, new_source), audit)
        inserts.sort()
        self.rows.insert(inserts)
        self.rows.update(updates)
        if audit:
            audit_rows(self.session, audit, batch_id=self.rows.batch_id)
        tally.added += len(inserts)
        tally.changed += len(updates)
        self.touched.update(r[0] for r in inserts)

    def _unique(
        self, pending: list[tuple[int, Figure]]
    ) -> list[tuple[int, str, float, str | None, str | None]]:
        """The figures as (owner, ISO date, value, note, source), each (owner, date) once:
        a repeat, in this chunk or an earlier one, is reported and left out."""
        seen, iso_of = self.seen, self.iso
        out = []
        for owner, (_code, day, value, note, source, row, col) in pending:
            key = owner << 22 | day.toordinal()
            first = seen.get(key)
            if first is not None:
                self.problems.append(
                    Problem(
                        self.sheet,
                        self.locate(row, col),
                        f"{self.codes.get(owner, owner)} {day.isoformat()} is given twice "
                        f"(also in row {first})",
                    )
                )
                self.tally.rejected += 1
                continue
            seen[key] = row
            iso = iso_of.get(day)
            if iso is None:
                iso = iso_of[day] = day.isoformat()
            out.append((owner, iso, value, note, source))
        return out

    def _changed(
        self,
        owner: int,
        iso: str,
        old: tuple[int, float, str | None, str],
        new: tuple[float, str | None, str],
        audit: list[dict[str, Any]],
    ) -> None:
        label = f"{self.codes.get(owner, owner)} {iso}"
        for name, before, after in zip(("value", "note", "source"), old[1:], new, strict=True):
            if before != after:
                audit.append(
                    {
                        "action": "update",
                        "entity": self.rows.entity,
                        "entity_id": old[0],
                        "label": label,
                        "field": name,
                        "old": None if before is None else str(before),
                        "new": None if after is None else str(after),
                    }
                )
        if len(self.samples) < self.sample_limit:
            self.samples.append(
                FigureChange(
                    str(self.codes.get(owner, owner)),
                    dt.date.fromisoformat(iso),
                    (old[1], old[2], old[3]),
                    new,
                )
            )
        self.touched.add(owner)

    def _existing(self, pending: list[tuple[int, str, float, str | None, str | None]]) -> Stored:
        """Stored figures for the chunk's owners within the chunk's date range."""
        owners = sorted({p[0] for p in pending})
        return self.rows.stored(owners, min(p[1] for p in pending), max(p[1] for p in pending))
