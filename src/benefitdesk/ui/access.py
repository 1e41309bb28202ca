"""What the signed-in role may do, and the words that say why not.

The server enforces every rule (store/roles.py); the app greys out what would be
refused, so nobody types a change only to be turned away, and says why in the
tooltip and the detail's banner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benefitdesk.enums import TeamRole

if TYPE_CHECKING:  # store.roles brings SQLAlchemy: the window shows before it loads
    from benefitdesk.store.roles import Access


def signed_in(access: Access, display: str) -> str:
    """``alice (owner, Alice Chen) on postgresql://db/benefits`` for the status bar."""
    who = access.db_user or "you"
    role = "administrator" if access.administrator else access.role.value
    return f"{who} ({role}) on {display}"


def read_only_reason(access: Access) -> str | None:
    if access.role is TeamRole.VIEWER:
        return f"{access.db_user or 'You'} signed in as a viewer: the portfolio is read only"
    return None


def manage_refusal(access: Access, read_only: bool) -> str | None:
    """Why definitions, plans, imports and syncs are not open to this user (None: they are)."""
    if read_only:
        return read_only_reason(access) or "The portfolio is open read-only"
    if access.role is TeamRole.OWNER:
        return (
            "Only the PMO can do this. As a benefit owner you log figures, variance notes, "
            "actions and activities on your own benefits, and propose definition changes"
        )
    return None


def record_refusal(access: Access, read_only: bool, row: Any, owner_name: str | None) -> str | None:
    """Why this benefit's figures, notes, actions and activities are closed (None: open)."""
    if read_only:
        return read_only_reason(access) or "The portfolio is open read-only"
    if row is None or access.may_write_records(row.owner_id):
        return None
    whose = f"owned by {owner_name}" if owner_name else "not yours"
    return f"{row.code} is {whose}: as a benefit owner you change only your own benefits"
