"""Run import profiles: each run of a profile is one transaction and one import batch.

For each profile the source is read and aggregated first, outside any transaction
(a slow query or a large export must not hold the portfolio's write lock). Then, in
one transaction, the figures go through the import's bulk writer (`FigureWriter`):
new (owner, date) figures are inserted with the batch id, figures whose value differs
are updated and their old values audited under the batch — so `undo_import` undoes a
sync like an import — and equal values are left alone. The transaction is committed
only when there is no error and something changed: a failing profile writes nothing,
and running twice changes nothing (no second batch either).

A figure replacing a different value is marked `sync`; an equal value keeps its
source (a manual figure the system confirms stays manual).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from benefitdesk.exchange.errors import Problem
from benefitdesk.model import BatchKind
from benefitdesk.model.tables import now
from benefitdesk.progress import CancelCheck, Cancelled
from benefitdesk.services.changes import Change
from benefitdesk.services.errors import NotFound
from benefitdesk.services.importing import (
    CHUNK,
    FigureChange,
    FigureWriter,
    Tally,
    finish_batch,
    start_batch,
)
from benefitdesk.services.sync.aggregation import Figure
from benefitdesk.services.sync.profiles import SyncProfile, describe_source, tidy, validate_profile
from benefitdesk.services.sync.reading import (
    Reading,
    SampleRow,
    Targets,
    load_targets,
    read_profile,
)
from benefitdesk.services.sync.saved import (
    STATUS_FAILED,
    STATUS_OK,
    STATUS_UNCHANGED,
    SavedProfile,
    list_profiles,
    portfolio_folder,
    record_run,
    record_run_in,
)
from benefitdesk.store import IntegrityError, OperationalError, Session, Store
from benefitdesk.store.bulk_figures import stored_values

Progress = Callable[[int, int, str], None]  # (profiles done, profiles, what is happening)
STATUS_CANCELLED = "cancelled"


class _Rollback(Exception):
    """Leave the transaction without committing it."""


@dataclass
class ProfileRun:
    """What one profile did (or, in a dry run, would do)."""

    name: str
    status: str  # ok | unchanged | failed | cancelled
    dry_run: bool = False
    source: str = ""  # the file read, or the masked URL
    rows_read: int = 0
    figures: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    batch_id: int | None = None
    benefit_ids: frozenset[int] = frozenset()
    changes: list[FigureChange] = field(default_factory=list)  # a sample of values replaced
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.status == STATUS_FAILED

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def summary(self) -> str:
        """One line, as the profile list and the command line show it."""
        if self.status == STATUS_CANCELLED:
            return "cancelled; nothing was written"
        if self.failed:
            first = str(self.errors[0]) if self.errors else "failed"
            more = f" (and {self.error_count - 1:,} more problems)" if self.error_count > 1 else ""
            return f"failed, nothing written: {first}{more}"
        rows = f"{self.rows_read:,} row{'' if self.rows_read == 1 else 's'} read"
        read = rows + (f" from {self.source}" if self.source else "")
        if self.status == STATUS_UNCHANGED:
            return f"up to date ({self.unchanged:,} figures unchanged; {read})"
        verb = "would be " if self.dry_run else ""
        counts = (
            f"{self.added:,} {verb}added, {self.changed:,} {verb}changed, "
            f"{self.unchanged:,} unchanged"
        )
        batch = f"; batch {self.batch_id}" if self.batch_id is not None else ""
        return f"{counts} ({read}{batch})"


@dataclass
class SyncResult:
    runs: list[ProfileRun]
    change: Change | None = None  # for the views: what the committed runs touched
    cancelled: bool = False

    @property
    def failed(self) -> list[ProfileRun]:
        return [r for r in self.runs if r.failed]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled


@dataclass
class Preview:
    """The editor's preview: the first rows as read, and the figures they make."""

    rows: list[SampleRow]
    figures: list[Figure]
    problems: list[Problem]
    error_count: int
    rows_read: int
    source: str
    unmapped: dict[str, int]  # source keys not in the key map → rows


def _failed(name: str, reading: Reading | None, problems: Iterable[Problem] = ()) -> ProfileRun:
    run = ProfileRun(name, STATUS_FAILED)
    if reading is not None:
        run.problems, run.error_count = reading.problems, reading.error_count
        run.warning_count, run.rows_read = reading.warning_count, reading.rows_read
        run.source = reading.file_name or ""
    for problem in problems:
        run.problems.append(problem)
        run.error_count += problem.is_error
    return run


def _invalid(profile: SyncProfile) -> list[Problem]:
    return [Problem("profile", None, m) for m in validate_profile(profile).values()]


def preview_profile(store: Store, profile: SyncProfile, *, limit: int = 50) -> Preview:
    """Read the source without writing: the first `limit` rows and every figure."""
    profile = tidy(profile)
    invalid = _invalid(profile)
    if invalid:
        return Preview([], [], invalid, len(invalid), 0, "", {})
    with store.reading() as session:
        targets = load_targets(session)
    reading = read_profile(profile, targets, portfolio_folder(store), sample=limit)
    return Preview(
        reading.sample,
        reading.figures,
        reading.problems,
        reading.error_count,
        reading.rows_read,
        reading.file_name or reading.location.split("\n")[0],
        dict(reading.unmapped),
    )


def run_profile(
    store: Store,
    profile: SyncProfile,
    *,
    dry_run: bool = False,
    record: bool = True,
    targets: Targets | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: CancelCheck | None = None,
) -> ProfileRun:
    """Run one profile: read, then write in one transaction (rolled back in a dry run).
    `record` remembers the outcome on the saved profile of that name (not in a dry run).
    Raises `Cancelled` when cancelled; nothing of this profile is written then."""
    started = time.perf_counter()
    profile = tidy(profile)
    invalid = _invalid(profile)
    if invalid:
        run = _failed(profile.name, None, invalid)
    else:
        if targets is None:
            with store.reading() as session:
                targets = load_targets(session)
        reading = read_profile(
            profile, targets, portfolio_folder(store), progress=progress, cancelled=cancelled
        )
        run = (
            _failed(profile.name, reading)
            if not reading.ok
            else _write(store, reading, dry_run, record)
        )
    run.seconds = time.perf_counter() - started
    if record and not dry_run and run.batch_id is None:  # else recorded with the figures
        record_run(store, profile.name, run.status, run.summary())
    return run


def run_profiles(
    store: Store,
    names: Iterable[str] | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> SyncResult:
    """Run the saved profiles (all, or those named, in name order). A failing profile
    does not stop the others. Cancel stops after the profile being read, which writes
    nothing; the profiles before it keep what they wrote."""
    saved = _choose(list_profiles(store), names)
    result = SyncResult([])
    with store.reading() as session:
        targets = load_targets(session)
    total = len(saved)
    for done, item in enumerate(saved):
        name = item.name
        if cancelled is not None and cancelled():
            result.cancelled = True
            break
        if progress is not None:
            progress(done, total, f"Syncing {name}…")

        def rows(count: int, done: int = done, name: str = name) -> None:
            if progress is not None:
                progress(done, total, f"Syncing {name}: {count:,} rows read…")

        try:
            run = run_profile(
                store,
                item.profile,
                dry_run=dry_run,
                targets=targets,
                progress=rows,
                cancelled=cancelled,
            )
        except Cancelled:
            result.runs.append(ProfileRun(name, STATUS_CANCELLED, dry_run))
            result.cancelled = True
            break
        except Exception as exc:  # a fault in one profile must not stop the others
            message = f"stopped by an unexpected error ({type(exc).__name__}: {exc})"
            run = _failed(name, None, [Problem("profile", None, message)])
            if not dry_run:
                record_run(store, name, run.status, run.summary())
        result.runs.append(run)
    if progress is not None:
        progress(total, total, "Sync finished")
    batches = tuple(r.batch_id for r in result.runs if r.batch_id is not None)
    if batches:
        touched = frozenset().union(*(r.benefit_ids for r in result.runs))
        result.change = Change("sync", batches, touched, structural=True)
    return result


def _choose(saved: list[SavedProfile], names: Iterable[str] | None) -> list[SavedProfile]:
    if names is None:
        return saved
    wanted = list(dict.fromkeys(names))
    by_name = {s.name: s for s in saved}
    folded = {s.name.casefold(): s for s in saved}
    chosen: list[SavedProfile] = []
    missing: list[str] = []
    for name in wanted:
        found = by_name.get(name) or folded.get(name.casefold())
        if found is None:
            missing.append(name)
        elif found not in chosen:
            chosen.append(found)
    if missing:
        known = ", ".join(f'"{s.name}"' for s in saved) or "none"
        raise NotFound(
            "No import profile named "
            + ", ".join(f'"{n}"' for n in missing)
            + f" (the profiles: {known})"
        )
    return chosen


# --- writing ----------------------------------------------------------------------------


def _write(store: Store, reading: Reading, dry_run: bool, record: bool) -> ProfileRun:
    profile = reading.profile
    run = ProfileRun(profile.name, STATUS_OK, dry_run)
    run.problems, run.error_count = reading.problems, reading.error_count
    run.warning_count, run.rows_read = reading.warning_count, reading.rows_read
    run.source, run.figures = reading.file_name or describe_source(profile), len(reading.figures)
    try:
        with contextlib.suppress(_Rollback), store.transaction() as session:
            batch_id = _start_batch(session, reading, store.user)
            tallies = _write_figures(session, batch_id, reading, run)
            run.added = sum(t.added for t in tallies)
            run.changed = sum(t.changed for t in tallies)
            run.unchanged = sum(t.unchanged for t in tallies)
            if dry_run or not (run.added or run.changed):
                raise _Rollback
            _finish_batch(session, batch_id, run)
            run.batch_id = batch_id
            if record:
                record_run_in(session, profile.name, run.status, run.summary())
    except (IntegrityError, OperationalError) as exc:
        return _failed(
            profile.name,
            reading,
            [Problem("portfolio", None, f"could not be written ({getattr(exc, 'orig', exc)})")],
        )
    if not (run.added or run.changed):
        run.status = STATUS_UNCHANGED
        run.benefit_ids = frozenset()
    return run


def _start_batch(session: Session, reading: Reading, user: str) -> int:
    """Insert the batch row with its provenance: profile, file or query, and the hash
    of the file (of the rows read, for a query)."""
    profile = reading.profile
    name = reading.file_name or f"{profile.name} (SQL)"
    return start_batch(
        session,
        kind=BatchKind.SYNC,
        file_name=name,
        sha256=reading.sha256,
        source=reading.location,
        user=user,
        label=f"sync {profile.name}",
        profile=profile.name,
    )


def _finish_batch(session: Session, batch_id: int, run: ProfileRun) -> None:
    finish_batch(
        session,
        batch_id,
        read=run.rows_read,
        added=run.added,
        changed=run.changed,
        unchanged=run.unchanged,
    )


def _stored(
    session: Session, indicators: bool, figures: list[tuple[int, date, float]]
) -> dict[tuple[int, date], float]:
    """The values already held for these owners over these dates."""
    if not figures:
        return {}
    owners = sorted({f[0] for f in figures})
    low, high = min(f[1] for f in figures), max(f[1] for f in figures)
    return stored_values(session, indicators=indicators, owners=owners, low=low, high=high)


def _write_figures(
    session: Session, batch_id: int, reading: Reading, run: ProfileRun
) -> list[Tally]:
    user = session.info.get("user") or ""
    moment = now()
    tallies: list[Tally] = []
    touched: set[int] = set()
    for indicators in (False, True):
        figures = [
            (target.id, f.date, f.value)
            for f in reading.figures
            if (target := reading.targets[f.code]).indicator == indicators
        ]
        if not figures:
            continue
        codes = {t.id: t.code for t in reading.targets.values() if t.indicator == indicators}
        tally = Tally()
        writer = FigureWriter(
            session,
            indicators=indicators,
            batch_id=batch_id,
            user=user,
            moment=moment,
            codes=codes,
            tally=tally,
            problems=run.problems,
            samples=run.changes,
        )
        # Sources are compared: "sync" marks a new or different value, None keeps the
        # stored source of an equal one (so it counts as unchanged).
        writer.start_sheet(
            reading.file_name or "query", notes=False, sources=True, locate=lambda r, c: ""
        )
        stored = _stored(session, indicators, figures)
        for owner, day, value in sorted(figures):
            same = stored.get((owner, day)) == value
            source = None if same else "sync"
            # The writer's intake: (owner id, the import's Figure tuple).
            writer.pending.append((owner, (codes[owner], day, value, None, source, 0, 0)))
            if len(writer.pending) >= CHUNK:
                writer.flush()
        writer.flush()
        tallies.append(tally)
        if indicators:
            by_id = {t.id: t.benefit_id for t in reading.targets.values() if t.indicator}
            touched |= {by_id[i] for i in writer.touched}
        else:
            touched |= writer.touched
    run.benefit_ids = frozenset(touched)
    return tallies
