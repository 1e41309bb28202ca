"""Definition changes proposed by a benefit's owner, approved or rejected by a PMO.

Baselines are sacred: on a server, an owner may not change a definition (the server
refuses it), but may propose a change with a reason. A PMO approves it — the change is
then saved as the PMO's edit, audited, with the benefit's version checked: a proposal
made on a definition that has changed since is refused, never applied over it — or
rejects it with a note. The owner may withdraw an open proposal. See docs/team-mode.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from enum import Enum
from typing import Any, get_type_hints

from benefitdesk.model import Benefit, BenefitProposal, ProposalStatus, flushed_id
from benefitdesk.model.tables import now
from benefitdesk.services.benefits import BenefitFields, validate, write_benefit
from benefitdesk.services.changes import Change
from benefitdesk.services.conflicts import author, changed_by, locked
from benefitdesk.services.errors import NotFound, StaleEdit, ValidationError
from benefitdesk.store import Session, Store
from benefitdesk.store.queries.decisions import proposals_with_codes

#: Fields a proposal never carries (bookkeeping).
NOT_PROPOSED = frozenset({"row_version"})
_TYPES = get_type_hints(BenefitFields)


@dataclass(frozen=True)
class Proposal:
    id: int
    benefit_id: int
    code: str
    changes: dict[str, tuple[Any, Any]]  # field -> (value when proposed, proposed value)
    reason: str | None
    status: ProposalStatus
    proposed_by: str  # the person's name when known
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None


def _to_json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json(name: str, value: Any) -> Any:
    """A proposed value back in its field's type (dates, enumerations, numbers)."""
    if value is None:
        return None
    kind = _TYPES[name]
    for option in getattr(kind, "__args__", (kind,)):
        if option is date:
            return date.fromisoformat(value)
        if isinstance(option, type) and issubclass(option, Enum):
            return option(value)
        if option is float:
            return float(value)
    return value


def _who(store: Store) -> str:
    return store.access.db_user or store.user


def propose(store: Store, *, benefit_id: int, data: BenefitFields, reason: str) -> Change:
    """Record ``data`` as a proposed definition of the benefit, for a PMO to decide."""
    if not reason or not reason.strip():
        raise ValidationError("Say why the definition should change", {"reason": "Why?"})
    problems = validate(data)
    if problems:
        raise ValidationError("; ".join(problems.values()), problems)
    with store.transaction() as session:
        benefit = session.get(Benefit, benefit_id)  # not locked: owners may not lock it
        if benefit is None:
            raise NotFound("That benefit no longer exists")
        current = BenefitFields.of(benefit, session)
        changes = {
            f.name: [_to_json(getattr(current, f.name)), _to_json(getattr(data, f.name))]
            for f in fields(BenefitFields)
            if f.name not in NOT_PROPOSED and getattr(current, f.name) != getattr(data, f.name)
        }
        if not changes:
            raise ValidationError("Nothing to propose: the definition is as it is saved")
        proposal = BenefitProposal(
            benefit_id=benefit_id,
            base_version=data.row_version or benefit.row_version,
            changes=json.dumps(changes),
            reason=reason.strip(),
            proposed_by=_who(store),
        )
        session.add(proposal)
        session.flush()
        return Change("benefit_proposal", (flushed_id(proposal),), frozenset({benefit_id}), True)


def _proposal(session: Session, row: BenefitProposal, code: str) -> Proposal:
    data = json.loads(row.changes or "{}")
    return Proposal(
        row.id or 0,
        row.benefit_id,
        code,
        {k: (_from_json(k, v[0]), _from_json(k, v[1])) for k, v in data.items()},
        row.reason,
        row.status,
        author(session, None, row.proposed_by),
        row.proposed_at,
        author(session, None, row.decided_by) if row.decided_by else None,
        row.decided_at,
        row.decision_note,
    )


def list_proposals(
    store: Store, *, benefit_id: int | None = None, open_only: bool = True
) -> list[Proposal]:
    """Proposals, oldest first: the open ones (or all) of one benefit or of every one."""
    with store.reading() as session:
        rows = proposals_with_codes(session, benefit_id=benefit_id, open_only=open_only)
        return [_proposal(session, row, code) for row, code in rows]


def _open(session: Session, proposal_id: int) -> BenefitProposal:
    proposal = locked(session, BenefitProposal, proposal_id, "proposal")
    if proposal.status is not ProposalStatus.OPEN:
        raise ValidationError(f"That proposal was {proposal.status.value} already")
    return proposal


def approve(store: Store, *, proposal_id: int, note: str | None = None) -> Change:
    """Apply a proposal as the PMO's edit; refused when the benefit changed since."""
    with store.transaction() as session:
        proposal = _open(session, proposal_id)
        benefit = locked(session, Benefit, proposal.benefit_id, "benefit")
        if benefit.row_version != proposal.base_version:
            raise StaleEdit(
                f"{benefit.code} was {changed_by(session, 'benefit', benefit.id or 0)} after "
                "this proposal was made: reject it and ask for one on the current definition"
            )
        data = BenefitFields.of(benefit, session)
        proposed = {k: _from_json(k, v[1]) for k, v in json.loads(proposal.changes).items()}
        data = replace(data, **proposed)
        problems = validate(data)
        if problems:
            raise ValidationError("; ".join(problems.values()), problems)
        change = write_benefit(session, data, benefit.id)
        _decide(proposal, ProposalStatus.APPROVED, store, note)
        session.add(proposal)
        return Change("benefit", change.ids, change.benefit_ids, row_version=change.row_version)


def reject(store: Store, *, proposal_id: int, note: str | None = None) -> Change:
    return _close(store, proposal_id, ProposalStatus.REJECTED, note)


def withdraw(store: Store, *, proposal_id: int) -> Change:
    return _close(store, proposal_id, ProposalStatus.WITHDRAWN, None)


def _close(store: Store, proposal_id: int, status: ProposalStatus, note: str | None) -> Change:
    with store.transaction() as session:
        proposal = _open(session, proposal_id)
        _decide(proposal, status, store, note)
        session.add(proposal)
        return Change("benefit_proposal", (proposal_id,), frozenset({proposal.benefit_id}))


def _decide(
    proposal: BenefitProposal, status: ProposalStatus, store: Store, note: str | None
) -> None:
    proposal.status = status
    proposal.decided_by = _who(store)
    proposal.decided_at = now()
    proposal.decision_note = (note or "").strip() or None
