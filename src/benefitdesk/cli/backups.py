"""``benefitdesk backups list|make|restore``: the portfolio's automatic copies."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from benefitdesk.cli.common import EXIT_OK, UserError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "backups",
        help="the portfolio's backups: list, make, restore",
        description="BenefitDesk keeps the ten newest copies of a portfolio in the folder "
        "beside it named PORTFOLIO.backups: one a day when it is opened, and one before "
        "each upgrade and restore.",
    )
    actions = p.add_subparsers(dest="backups_action", metavar="ACTION", required=True)
    a = actions.add_parser("list", help="the backups, newest first, numbered")
    a.add_argument("portfolio", type=Path)
    a.set_defaults(handler=list_)
    a = actions.add_parser("make", help="make a backup now")
    a.add_argument("portfolio", type=Path)
    a.set_defaults(handler=make)
    a = actions.add_parser(
        "restore", help="put a backup back (the current state is backed up first)"
    )
    a.add_argument("portfolio", type=Path)
    a.add_argument("backup", help="its number in `backups list` (1 = newest) or its file")
    a.set_defaults(handler=restore)


def list_(args: argparse.Namespace) -> int:
    from benefitdesk.cli.format import table
    from benefitdesk.present.formats import day, file_size
    from benefitdesk.services.backups import backups

    found = backups(args.portfolio)
    if not found:
        print(f"No backups of {args.portfolio.name} yet.")
        return EXIT_OK
    rows = [
        [
            str(i),
            f"{day(b.made.date())} {b.made:%H:%M:%S}" if b.made else "?",
            b.reason,
            file_size(b.size),
        ]
        for i, b in enumerate(found, 1)
    ]
    print(table(["#", "Made", "Why", "Size"], rows, right=frozenset({0, 3})))
    print(f"\nIn {found[0].path.parent}")
    return EXIT_OK


def make(args: argparse.Namespace) -> int:
    from benefitdesk.services.backups import backup_now

    _must_exist(args.portfolio)
    print(f"Backed up {args.portfolio.name} to {backup_now(args.portfolio)}")
    return EXIT_OK


def restore(args: argparse.Namespace) -> int:
    from benefitdesk.services.backups import backups
    from benefitdesk.services.backups import restore as restore_backup

    _must_exist(args.portfolio)
    chosen = Path(args.backup)
    if args.backup.isdigit():
        found = backups(args.portfolio)
        if not 1 <= int(args.backup) <= len(found):
            raise UserError(f"no backup number {args.backup} (see `benefitdesk backups list`)")
        chosen = found[int(args.backup) - 1].path
    before = restore_backup(args.portfolio, chosen)
    print(f"Restored {args.portfolio.name} from {chosen.name}.")
    if before is not None:
        print(f"What it held before is kept as {before.name}.")
    return EXIT_OK


def _must_exist(portfolio: Path) -> None:
    if not portfolio.is_file():
        raise UserError(f"No portfolio file at {portfolio}")
