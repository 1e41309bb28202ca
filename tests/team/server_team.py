"""A server portfolio with people in each role: Alice and Bob own one benefit each,
Vera views, Pat is the PMO; each signs in as their own PostgreSQL login."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import make_url

from benefitdesk.model import TeamRole
from benefitdesk.services.benefits import BenefitFields, save_benefit
from benefitdesk.services.records import IndicatorFields, add_indicator
from benefitdesk.services.team import grant, init_server
from benefitdesk.store import Store
from builders import benefit_fields
from pgserver import database_url

PASSWORD = "correct-horse-battery"
PEOPLE = {
    "alice": (TeamRole.OWNER, "Alice Chen"),
    "bob": (TeamRole.OWNER, "Bob Stone"),
    "vera": (TeamRole.VIEWER, None),
    "pat": (TeamRole.PMO, "Pat Moore"),
}


def definition(code: str, owner: str | None, **changes: object) -> BenefitFields:
    return benefit_fields(code, owner=owner, **changes)


@dataclass
class Team:
    admin: str  # the administrator's (superuser) URL
    benefits: dict[str, int]  # code -> id: B-001 is Alice's, B-002 Bob's
    indicators: dict[str, int]

    def url(self, user: str) -> str:
        """The portfolio's URL as ``user`` signs in (password included, as in a test)."""
        database = make_url(self.admin).database or ""
        return database_url(self.admin, database, username=user, password=PASSWORD)

    def store(self, user: str) -> Store:
        return Store(self.url(user))


def make_team(admin_url: str) -> Team:
    """Set up roles, three benefits with an indicator each, and the four people."""
    init_server(admin_url)
    benefits, indicators = {}, {}
    with Store(admin_url) as store:
        save_benefit(store, definition("B-000", "Pat Moore"))
        for code, owner in (("B-001", "Alice Chen"), ("B-002", "Bob Stone")):
            change = save_benefit(store, definition(code, owner))
            benefits[code] = change.ids[0]
            indicator = f"I-{code[2:]}"
            added = add_indicator(
                store,
                benefit_id=change.ids[0],
                data=IndicatorFields(indicator, "Weekly active users", baseline=0, target=100),
            )
            indicators[indicator] = added.ids[0]
    for user, (role, person) in PEOPLE.items():
        grant(admin_url, user, role, person, new_password=PASSWORD)
    return Team(admin_url, benefits, indicators)
