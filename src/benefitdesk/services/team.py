"""Team mode: set up a portfolio on a PostgreSQL server and say who may do what.

``init_server`` creates (or upgrades) the schema with the same migrations as a
portfolio file, then the roles, grants and row-level security policies; running it
again after a BenefitDesk upgrade migrates the server. ``grant`` and ``revoke`` manage
the people who sign in. All of it is the administrator's work (docs/team-mode.md).
"""

from __future__ import annotations

import difflib
from contextlib import AbstractContextManager
from dataclasses import dataclass

from benefitdesk.model import PortfolioSettings, TeamRole
from benefitdesk.services.errors import NotFound, ValidationError
from benefitdesk.store import Engine, Store
from benefitdesk.store import members as membership
from benefitdesk.store.engine import administering, is_server_url, server_url
from benefitdesk.store.queries.people import person_ids_by_name
from benefitdesk.store.revisions import head_revision
from benefitdesk.store.roles import install_roles
from benefitdesk.store.server_schema import create_or_upgrade

ADMIN_NEEDED = (
    "needs the server's administrator: a user who owns the database and may create "
    "roles (CREATEROLE), or a superuser"
)


@dataclass(frozen=True)
class InitResult:
    previous: str | None  # the schema revision before (None: a new portfolio)
    current: str
    groups: dict[TeamRole, str]  # role -> the server's group role


def require_server_url(url: str) -> None:
    if not is_server_url(url):
        raise ValidationError(f"{url} is not a server URL (postgresql://user@host/database)")


def admin_engine(
    url: str, what: str, password: str | None = None
) -> AbstractContextManager[Engine]:
    """An engine for administrative work; the server's refusals in plain words."""
    require_server_url(url)
    return administering(url, f"{what} {ADMIN_NEEDED}", password)


def init_server(
    url: str, *, name: str | None = None, roles: bool = True, password: str | None = None
) -> InitResult:
    """Create or upgrade the portfolio at ``url`` with its roles; safe to run again."""
    with admin_engine(url, "Setting up a server portfolio", password) as engine:
        previous = create_or_upgrade(engine)
        groups: dict[TeamRole, str] = {}
        if roles:
            with engine.begin() as connection:
                groups = install_roles(connection)
    # Not audited: the settings row is part of an empty portfolio, which publish fills.
    with Store(url, password=password) as store, store.transaction(audit=False) as session:
        if session.get(PortfolioSettings, 1) is None:
            database = server_url(url).database or "Portfolio"
            title = name or database.replace("_", " ").title()
            session.add(PortfolioSettings(name=title))
    return InitResult(previous, head_revision(), groups)


def _person_id(people: dict[str, int], name: str | None, role: TeamRole) -> int | None:
    """The id of the person called ``name`` among ``people`` (name → id)."""
    if name is None or not name.strip():
        if role is TeamRole.OWNER:
            raise ValidationError(
                "An owner must be a person of the portfolio: give --person NAME "
                "(the name their benefits have as owner)"
            )
        return None
    clean = " ".join(name.split())
    for person, person_id in people.items():
        if person.casefold() == clean.casefold():
            return person_id
    close = difflib.get_close_matches(clean, list(people), n=3)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise NotFound(f"No person called {clean} in the portfolio{hint}")


def grant(
    url: str,
    user: str,
    role: TeamRole,
    person: str | None = None,
    *,
    new_password: str | None = None,
    password: str | None = None,
) -> bool:
    """Let ``user`` sign in as ``role`` (as ``person``); True when the login was new."""
    if not user.strip():
        raise ValidationError("Name the database user to grant a role to")
    with admin_engine(url, "Granting a role", password) as engine, engine.begin() as connection:
        install_roles(connection)  # the groups exist even on a portfolio set up by publish
        person_id = _person_id(person_ids_by_name(connection), person, role)
        return membership.grant(connection, user, role, person_id, password=new_password)


def revoke(url: str, user: str, *, password: str | None = None) -> bool:
    with admin_engine(url, "Revoking a role", password) as engine, engine.begin() as connection:
        return membership.revoke(connection, user)


def members(url: str, *, password: str | None = None) -> list[membership.Member]:
    with admin_engine(url, "Listing members", password) as engine, engine.connect() as connection:
        return membership.members(connection)
