"""Import profiles kept in the portfolio: list, save, delete, import and export TOML.

Saving goes through the ORM, so every profile added, changed or deleted is in the
audit log like any other edit. The outcome of a run (`last_run_at`, `last_status`,
`last_message`) is bookkeeping and is written without audit rows: the run's own
import batch is the accountable record.

Codes in a key map are stored as the portfolio spells them (`b-001` becomes `B-001`)
because the register marks a benefit as automated by an exact match on its code.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from benefitdesk.atomic import write_text_atomically
from benefitdesk.model import ImportProfile, flushed_id, table_of
from benefitdesk.model.tables import now
from benefitdesk.services.changes import Change
from benefitdesk.services.errors import NotFound, ServiceError, ValidationError
from benefitdesk.services.sync.profiles import (
    SyncProfile,
    from_config,
    tidy,
    to_config,
    validate_profile,
)
from benefitdesk.services.sync.reading import Targets, load_targets
from benefitdesk.services.sync.toml_io import dump_profiles, read_profiles
from benefitdesk.store import Session, Store
from benefitdesk.store.bulk import all_rows, some_columns, update_where

STATUS_OK, STATUS_UNCHANGED, STATUS_FAILED = "ok", "unchanged", "failed"


class ProfileFileError(ServiceError):
    """A TOML file of profiles that cannot be imported; `messages` lists every problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class SavedProfile:
    id: int
    profile: SyncProfile
    last_run_at: datetime | None
    last_status: str | None  # ok | unchanged | failed
    last_message: str | None

    @property
    def name(self) -> str:
        return self.profile.name


@dataclass(frozen=True)
class ProfilesImported:
    added: list[str]
    replaced: list[str]
    unchanged: list[str]
    warnings: list[str]
    change: Change | None


def portfolio_folder(store: Store) -> Path | None:
    """Where relative paths of stored profiles start: the portfolio file's folder."""
    return store.path.parent if store.path is not None else None


def list_profiles(store: Store) -> list[SavedProfile]:
    """Every profile, by name."""
    t = table_of(ImportProfile)
    with store.reading() as session:
        rows = list(all_rows(session, t, order_by="name"))
    return [
        SavedProfile(
            r.id, from_config(r.name, r.config), r.last_run_at, r.last_status, r.last_message
        )
        for r in rows
    ]


def get_profile(store: Store, name: str) -> SavedProfile:
    for saved in list_profiles(store):
        if saved.name == name:
            return saved
    raise NotFound(f'There is no import profile "{name}"')


def canonical_codes(profile: SyncProfile, targets: Targets) -> SyncProfile:
    """The key map with codes spelt as in the portfolio (unknown codes kept as given)."""
    keys = {}
    for source_key, code in profile.keys.items():
        target = targets.find(code)
        keys[source_key] = target.code if target else code
    return replace(profile, keys=keys)


def unknown_codes(profile: SyncProfile, targets: Targets) -> list[str]:
    return [code for code in profile.keys.values() if targets.find(code) is None]


def _benefits(session: Session, *profiles: SyncProfile) -> frozenset[int]:
    targets = load_targets(session)
    found = (targets.find(c) for p in profiles for c in p.keys.values())
    return frozenset(t.benefit_id for t in found if t is not None)


def _check_name(session: Session, name: str, profile_id: int | None) -> None:
    t = table_of(ImportProfile)
    for other in some_columns(session, t, "id", "name"):
        if other.name.casefold() == name.casefold() and other.id != profile_id:
            raise ValidationError(
                f'There is already a profile named "{other.name}"',
                {"name": f'"{other.name}" is already used'},
            )


def save_profile(store: Store, profile: SyncProfile, *, profile_id: int | None = None) -> Change:
    """Add a profile, or replace profile `profile_id`. Raises `ValidationError` with
    the problems by setting."""
    profile = tidy(profile)
    problems = validate_profile(profile)
    if problems:
        raise ValidationError(
            "The profile cannot be saved: " + "; ".join(problems.values()), problems
        )
    with store.transaction() as session:
        _check_name(session, profile.name, profile_id)
        profile = canonical_codes(profile, load_targets(session))
        if profile_id is None:
            row = ImportProfile(name=profile.name, config=to_config(profile))
            session.add(row)
            before: SyncProfile | None = None
        else:
            row = _stored(session, profile_id)
            before = from_config(row.name, row.config)
            row.name, row.config = profile.name, to_config(profile)
        session.flush()
        touched = _benefits(session, profile, *([before] if before else []))
        return Change("profile", (flushed_id(row),), touched, structural=True)


def _stored(session: Session, profile_id: int) -> ImportProfile:
    row = session.get(ImportProfile, profile_id)
    if row is None:
        raise NotFound(f"There is no import profile {profile_id}")
    return row


def delete_profile(store: Store, profile_id: int) -> Change:
    """Delete a profile; the figures it brought in stay (undo its batches to remove them)."""
    with store.transaction() as session:
        row = _stored(session, profile_id)
        touched = _benefits(session, from_config(row.name, row.config))
        session.delete(row)
        return Change("profile", (profile_id,), touched, structural=True)


def record_run(
    store: Store, name: str, status: str, message: str, at: datetime | None = None
) -> None:
    """Remember when a profile last ran and how it went."""
    with store.transaction(audit=False) as session:
        record_run_in(session, name, status, message, at)


def record_run_in(
    session: Session, name: str, status: str, message: str, at: datetime | None = None
) -> None:
    """`record_run` inside a transaction: a sync records its run in the transaction
    that writes its figures, so a kill cannot keep one without the other."""
    t = table_of(ImportProfile)
    outcome = {"last_run_at": at or now(), "last_status": status, "last_message": message[:2000]}
    update_where(session, t, "name", name, outcome)


def import_profiles(store: Store, path: str | os.PathLike[str]) -> ProfilesImported:
    """Add the profiles of a TOML file, replacing those of the same name; profiles not
    in the file stay. All or nothing: raises `ProfileFileError` listing every problem."""
    file = Path(path)
    profiles, problems = read_profiles(file)
    if problems:
        raise ProfileFileError(problems)
    added: list[str] = []
    replaced: list[str] = []
    unchanged: list[str] = []
    warnings: list[str] = []
    ids: list[int] = []
    with store.transaction() as session:
        targets = load_targets(session)
        t = table_of(ImportProfile)
        existing = {r.name.casefold(): r for r in some_columns(session, t, "id", "name", "config")}
        touched: set[int] = set()
        for profile in profiles:
            profile = canonical_codes(profile, targets)
            for code in unknown_codes(profile, targets):
                warnings.append(
                    f'profile "{profile.name}": "{code}" is not a benefit or indicator code '
                    "in this portfolio (yet); the profile fails until it is"
                )
            old = existing.get(profile.name.casefold())
            config = to_config(profile)
            if old is None:
                row = ImportProfile(name=profile.name, config=config)
                session.add(row)
                session.flush()
                added.append(profile.name)
            else:
                row = _stored(session, old.id)
                if row.config == config and row.name == profile.name:
                    unchanged.append(profile.name)
                    continue
                touched |= _benefits(session, from_config(row.name, row.config))
                row.name, row.config = profile.name, config
                replaced.append(profile.name)
            ids.append(flushed_id(row))
            touched |= _benefits(session, profile)
    change = Change("profile", tuple(ids), frozenset(touched), structural=True) if ids else None
    return ProfilesImported(added, replaced, unchanged, warnings, change)


def export_profiles(
    store: Store, path: str | os.PathLike[str], names: Iterable[str] | None = None
) -> int:
    """Write the profiles (all, or those named) to a TOML file, paths relative to it.
    Returns how many were written."""
    file = Path(path)
    saved = list_profiles(store)
    if names is not None:
        wanted = set(names)
        missing = wanted - {s.name for s in saved}
        if missing:
            raise NotFound(
                "No import profile named " + ", ".join(f'"{n}"' for n in sorted(missing))
            )
        saved = [s for s in saved if s.name in wanted]
    folder = file.parent.resolve()
    text = dump_profiles((s.profile for s in saved), folder, portfolio_folder(store))
    write_text_atomically(file, text)
    return len(saved)
