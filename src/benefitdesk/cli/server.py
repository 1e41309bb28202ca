"""Team mode on the command line: ``server``, ``publish``, ``clone``, ``connections``.

``benefitdesk server init URL`` sets up (or upgrades) a portfolio on a PostgreSQL
server with its roles; ``server grant`` lets a person in as PMO, owner or viewer;
``publish`` and ``clone`` move a portfolio between a file and a server. Passwords come
from ``~/.pgpass`` or ``PGPASSWORD`` (docs/team-mode.md). Exit codes as for every
command: 0 done, 1 refused (with the reason), 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benefitdesk.cli.common import EXIT_OK, UserError, portfolio_label

ROLES = ("pmo", "owner", "viewer")


def server_arg(text: str) -> str:
    """A server portfolio: a ``postgresql://`` URL or the name of a saved connection."""
    from benefitdesk.store.connections import resolve_target
    from benefitdesk.store.urls import is_server_url

    target = resolve_target(text)
    if not isinstance(target, str) or not is_server_url(target):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a server portfolio: give postgresql://user@host/database "
            "or the name of a saved connection"
        )
    return target


def register(subparsers: Any) -> None:
    """Add ``server``, ``publish``, ``clone`` and ``connections`` to ``subparsers``."""
    p = subparsers.add_parser(
        "server",
        help="team mode on PostgreSQL: init, grant, revoke, members",
        description="Set up a portfolio on a PostgreSQL server and say who may do what. "
        "Run as the server's administrator (the database's owner with CREATEROLE, or a "
        "superuser).",
    )
    actions = p.add_subparsers(dest="server_action", metavar="ACTION", required=True)
    a = actions.add_parser(
        "init", help="create or upgrade the portfolio schema, its roles and policies"
    )
    a.add_argument("url", type=server_arg, metavar="URL")
    a.add_argument("--name", help="the portfolio's name (default: the database's)")
    a.set_defaults(handler=init)

    a = actions.add_parser("grant", help="let a database user in as pmo, owner or viewer")
    a.add_argument("url", type=server_arg, metavar="URL")
    a.add_argument("--user", required=True, help="the PostgreSQL login (created if new)")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--person", help="the person they are (required for an owner)")
    a.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the login's new password from the first line of standard input",
    )
    a.set_defaults(handler=grant)

    a = actions.add_parser("revoke", help="take a database user's role away")
    a.add_argument("url", type=server_arg, metavar="URL")
    a.add_argument("--user", required=True)
    a.set_defaults(handler=revoke)

    a = actions.add_parser("members", help="list who may sign in, as what")
    a.add_argument("url", type=server_arg, metavar="URL")
    a.set_defaults(handler=members)

    p = subparsers.add_parser(
        "publish",
        help="copy a portfolio file to a server (history and audit kept)",
        description="Copy everything in PORTFOLIO to an empty server portfolio set up "
        "with 'benefitdesk server init URL'. Counts are checked; a target that already "
        "holds a portfolio is refused.",
    )
    p.add_argument("portfolio", type=Path, metavar="PORTFOLIO")
    p.add_argument("url", type=server_arg, metavar="URL")
    p.set_defaults(handler=publish)

    p = subparsers.add_parser(
        "clone",
        help="copy a server portfolio into a new file, for offline reading",
        description="Copy everything in the server portfolio into a new portfolio file. "
        "Counts are checked; an existing file is never overwritten.",
    )
    p.add_argument("url", type=server_arg, metavar="URL")
    p.add_argument("portfolio", type=Path, metavar="PORTFOLIO")
    p.set_defaults(handler=clone)

    p = subparsers.add_parser(
        "connections",
        help="saved server connections: list, add, remove",
        description="Names for server URLs, usable wherever a portfolio is expected "
        "(the app's File › Connect to Server… shares them). Passwords are never saved.",
    )
    actions = p.add_subparsers(dest="connections_action", metavar="ACTION")
    p.set_defaults(handler=list_connections)
    a = actions.add_parser("list", help="the saved connections, most recent first")
    a.set_defaults(handler=list_connections)
    a = actions.add_parser("add", help="save a URL under a name")
    a.add_argument("name")
    a.add_argument("url", type=server_arg, metavar="URL")
    a.set_defaults(handler=add_connection)
    a = actions.add_parser("remove", help="forget a saved connection")
    a.add_argument("name")
    a.set_defaults(handler=remove_connection)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r  {100 * done // max(total, 1):3d}%", end="", file=sys.stderr, flush=True)


def init(args: argparse.Namespace) -> int:
    from benefitdesk.services.team import init_server

    result = init_server(args.url, name=args.name)
    shown = portfolio_label(args.url)
    if result.previous is None:
        print(f"Set up a new portfolio at {shown} (schema {result.current}).")
    elif result.previous != result.current:
        print(f"Upgraded {shown} from schema {result.previous} to {result.current}.")
    else:
        print(f"{shown} is up to date (schema {result.current}).")
    groups = ", ".join(f"{role.value}: {name}" for role, name in result.groups.items())
    print(f"Roles: {groups}. Next: benefitdesk server grant {shown} --user NAME --role ROLE")
    return EXIT_OK


def grant(args: argparse.Namespace) -> int:
    from benefitdesk.model import TeamRole
    from benefitdesk.services.team import grant as grant_role

    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UserError("--password-stdin: standard input held no password")
    created = grant_role(
        args.url, args.user, TeamRole(args.role), args.person, new_password=password
    )
    who = f" as {args.person}" if args.person else ""
    print(f"{args.user} is now {args.role}{who} in {portfolio_label(args.url)}.")
    if created and password is None:
        print(
            f"The login {args.user} is new and has no password yet: rerun with "
            "--password-stdin, or set one on the server."
        )
    return EXIT_OK


def revoke(args: argparse.Namespace) -> int:
    from benefitdesk.services.team import revoke as revoke_role

    if not revoke_role(args.url, args.user):
        raise UserError(f"{args.user} has no role in {portfolio_label(args.url)}")
    print(f"{args.user} no longer has a role in {portfolio_label(args.url)}.")
    return EXIT_OK


def members(args: argparse.Namespace) -> int:
    from benefitdesk.cli.format import table
    from benefitdesk.present.formats import day
    from benefitdesk.services.team import members as list_members

    found = list_members(args.url)
    if not found:
        print(f"Nobody has a role in {portfolio_label(args.url)} yet.")
        return EXIT_OK
    rows = [
        [
            m.db_user,
            m.role.value,
            m.person or "—",
            day(m.granted_at.date()) if m.granted_at else "",
            m.granted_by or "",
        ]
        for m in found
    ]
    print(table(["User", "Role", "Person", "Granted", "By"], rows))
    return EXIT_OK


def publish(args: argparse.Namespace) -> int:
    from benefitdesk.services.publish import publish as publish_file

    copied = publish_file(args.portfolio, args.url, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"Published {args.portfolio.name} to {copied.target}: {copied.benefits} benefits, "
        f"{copied.rows} rows in all, every table's count checked."
    )
    return EXIT_OK


def clone(args: argparse.Namespace) -> int:
    from benefitdesk.services.publish import clone as clone_server

    copied = clone_server(args.url, args.portfolio, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"Cloned {copied.source} into {args.portfolio}: {copied.benefits} benefits, "
        f"{copied.rows} rows in all, every table's count checked."
    )
    return EXIT_OK


def list_connections(args: argparse.Namespace) -> int:
    from benefitdesk.store.connections import saved_connections

    found = saved_connections()
    if not found:
        print("No saved connections. Add one: benefitdesk connections add NAME URL")
        return EXIT_OK
    for connection in found:
        label = connection.name if connection.name != connection.url else "(recent)"
        print(f"{label:<24} {connection.url}")
    return EXIT_OK


def add_connection(args: argparse.Namespace) -> int:
    from benefitdesk.store.connections import remember

    saved = remember(args.url, args.name)
    print(f"Saved {saved.name}: {saved.url} (passwords are never saved)")
    return EXIT_OK


def remove_connection(args: argparse.Namespace) -> int:
    from benefitdesk.store.connections import forget

    if not forget(args.name):
        raise UserError(f"No saved connection called {args.name}")
    print(f"Forgot {args.name}.")
    return EXIT_OK
