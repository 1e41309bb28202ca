"""``benefitdesk sync`` and ``benefitdesk profiles import|export|list``.

`register(subparsers)` adds them to the ``benefitdesk`` parser. Exit codes as for
every command: 0 done, 1 bad input with every problem listed, 2 usage (argparse).
``sync`` exits 1 when any profile failed; the others still ran, and a failed profile
wrote nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benefitdesk.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    open_store,
    portfolio_arg,
    portfolio_label,
)
from benefitdesk.cli.format import clip, table
from benefitdesk.services.errors import ServiceError

#: Problems listed per failed profile; the count says how many more there are.
SHOWN_PROBLEMS = 20


def register(subparsers: Any) -> None:
    """Add ``sync`` and ``profiles`` to `subparsers`."""
    p = subparsers.add_parser(
        "sync",
        help="run the saved import profiles",
        description="Pull figures from the profiles' sources (files, folders, SQL "
        "databases). Each profile that changes something is one import batch "
        "(undo it with undo-import); a profile that fails writes nothing.",
    )
    p.add_argument("portfolio", type=portfolio_arg)
    p.add_argument(
        "--profile",
        action="append",
        metavar="NAME",
        help="run only this profile (may be given more than once)",
    )
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    p.set_defaults(handler=sync)

    p = subparsers.add_parser(
        "profiles",
        help="import profiles as TOML: import, export, list",
        description="Move import profiles between portfolios as a TOML file "
        "(paths in it are relative to the file).",
    )
    actions = p.add_subparsers(dest="profiles_action", metavar="ACTION", required=True)
    a = actions.add_parser("import", help="add the profiles of a TOML file (same name: replaced)")
    a.add_argument("portfolio", type=portfolio_arg)
    a.add_argument("file", type=Path, metavar="FILE.toml")
    a.set_defaults(handler=profiles_import)
    a = actions.add_parser("export", help="write the portfolio's profiles to a TOML file")
    a.add_argument("portfolio", type=portfolio_arg)
    a.add_argument("file", type=Path, metavar="FILE.toml")
    a.add_argument("--profile", action="append", metavar="NAME", help="only this profile")
    a.set_defaults(handler=profiles_export)
    a = actions.add_parser("list", help="the profiles, with their last run")
    a.add_argument("portfolio", type=portfolio_arg)
    a.set_defaults(handler=profiles_list)


def _fail(message: str) -> int:
    print(f"benefitdesk: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _progress(done: int, total: int, text: str) -> None:
    if sys.stderr.isatty():
        print(f"\r\033[K  {text}", end="\n" if done >= total else "", file=sys.stderr, flush=True)


def sync(args: argparse.Namespace) -> int:
    from benefitdesk.services.sync import run_profiles

    with open_store(args.portfolio) as store:
        try:
            result = run_profiles(store, args.profile, dry_run=args.dry_run, progress=_progress)
        except ServiceError as exc:
            return _fail(str(exc))
    if not result.runs:
        print(
            f"{portfolio_label(args.portfolio)} has no import profiles; "
            "add some with 'benefitdesk profiles import PORTFOLIO FILE.toml'."
        )
        return EXIT_OK
    if args.dry_run:
        print("Dry run: nothing was written.")
    for run in result.runs:
        if run.failed:
            print(f"{run.name}: FAILED, nothing written", file=sys.stderr)
            for problem in run.errors[:SHOWN_PROBLEMS]:
                print(f"  {problem}", file=sys.stderr)
            if run.error_count > min(len(run.errors), SHOWN_PROBLEMS):
                more = run.error_count - min(len(run.errors), SHOWN_PROBLEMS)
                print(f"  … and {more:,} more", file=sys.stderr)
            continue
        print(f"{run.name}: {run.summary()}")
        for problem in run.warnings[:SHOWN_PROBLEMS]:
            print(f"  warning: {problem}")
    failed = len(result.failed)
    ran = len(result.runs)
    noun = "profile" if ran == 1 else "profiles"
    line = f"{ran} {noun} ran" + (f", {failed} failed" if failed else "") + "."
    if result.cancelled:
        line += " Stopped before the end."
    print(line, file=sys.stderr if failed else sys.stdout)
    return EXIT_BAD_INPUT if failed or result.cancelled else EXIT_OK


def profiles_import(args: argparse.Namespace) -> int:
    from benefitdesk.services.sync import ProfileFileError, import_profiles

    with open_store(args.portfolio) as store:
        try:
            done = import_profiles(store, args.file)
        except ProfileFileError as exc:
            print(f"benefitdesk: error: {args.file} cannot be imported:", file=sys.stderr)
            for message in exc.messages:
                print(f"  {message}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except ServiceError as exc:
            return _fail(str(exc))
    parts = [
        f"{len(names)} {what} ({', '.join(names)})"
        for names, what in ((done.added, "added"), (done.replaced, "replaced"))
        if names
    ]
    if done.unchanged:
        parts.append(f"{len(done.unchanged)} already up to date")
    print(f"Imported profiles from {args.file.name}: " + ("; ".join(parts) or "none in the file"))
    for warning in done.warnings:
        print(f"  warning: {warning}")
    return EXIT_OK


def profiles_export(args: argparse.Namespace) -> int:
    from benefitdesk.services.sync import export_profiles

    out: Path = args.file
    if out.is_dir():
        return _fail(f"{out} is a folder; give a file name such as profiles.toml")
    if not out.parent.exists():
        return _fail(f"the folder {out.parent} does not exist")
    with open_store(args.portfolio) as store:
        try:
            count = export_profiles(store, out, args.profile)
        except ServiceError as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(f"cannot write {out} ({exc.strerror or exc})")
    noun = "profile" if count == 1 else "profiles"
    print(f"Wrote {count} {noun} to {out}")
    return EXIT_OK


def profiles_list(args: argparse.Namespace) -> int:
    from benefitdesk.services.sync import describe_source, list_profiles

    with open_store(args.portfolio) as store:
        saved = list_profiles(store)
    if not saved:
        print(f"{portfolio_label(args.portfolio)} has no import profiles.")
        return EXIT_OK
    rows = [
        [
            clip(s.name, 30),
            clip(describe_source(s.profile), 40),
            ", ".join(sorted(set(s.profile.keys.values()))),
            f"{s.last_run_at:%Y-%m-%d %H:%M}" if s.last_run_at else "never",
            clip(s.last_message or "", 60),
        ]
        for s in saved
    ]
    print(table(["Profile", "Source", "Feeds", "Last run (UTC)", "Result"], rows))
    return EXIT_OK
