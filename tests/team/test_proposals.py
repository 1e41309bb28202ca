"""Owners propose definition changes; a PMO approves or rejects them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from server_team import Team, definition

from benefitdesk.model import ProposalStatus
from benefitdesk.services.benefits import load_benefit_fields, save_benefit
from benefitdesk.services.errors import StaleEdit, ValidationError
from benefitdesk.services.proposals import approve, list_proposals, propose, reject, withdraw
from benefitdesk.store import Store
from benefitdesk.store.server_errors import PermissionDenied


@pytest.mark.both_engines
def test_a_proposal_changes_nothing_until_approved(store: Store) -> None:
    benefit_id = save_benefit(store, definition("B-001", "Alice Chen")).ids[0]
    current = load_benefit_fields(store, benefit_id=benefit_id)
    assert current is not None
    with pytest.raises(ValidationError, match="Nothing to propose"):
        propose(store, benefit_id=benefit_id, data=current, reason="No change")
    proposed = replace(current, target=28.0, target_date=date(2027, 6, 30))
    propose(store, benefit_id=benefit_id, data=proposed, reason="Market softer than planned")
    [proposal] = list_proposals(store)
    assert proposal.code == "B-001" and proposal.reason == "Market softer than planned"
    assert proposal.changes == {
        "target": (30.0, 28.0),
        "target_date": (date(2027, 1, 1), date(2027, 6, 30)),
    }
    assert load_benefit_fields(store, benefit_id=benefit_id).target == 30.0  # type: ignore[union-attr]
    approve(store, proposal_id=proposal.id, note="Agreed at the June review")
    after = load_benefit_fields(store, benefit_id=benefit_id)
    assert after is not None and (after.target, after.target_date) == (28.0, date(2027, 6, 30))
    assert list_proposals(store) == []
    [decided] = list_proposals(store, open_only=False)
    assert decided.status is ProposalStatus.APPROVED
    assert decided.decision_note == "Agreed at the June review"


def test_owners_propose_on_their_own_benefits_and_the_pmo_decides(team: Team) -> None:
    alices, bobs = team.benefits["B-001"], team.benefits["B-002"]
    with team.store("alice") as alice:
        mine = load_benefit_fields(alice, benefit_id=alices)
        theirs = load_benefit_fields(alice, benefit_id=bobs)
        assert mine is not None and theirs is not None
        propose(alice, benefit_id=alices, data=replace(mine, target=35.0), reason="Upside")
        with pytest.raises(PermissionDenied, match="only on the benefits you own"):
            propose(alice, benefit_id=bobs, data=replace(theirs, target=1.0), reason="Mine now")
    with team.store("vera") as vera, pytest.raises(PermissionDenied, match="viewer"):
        propose(vera, benefit_id=alices, data=replace(mine, target=1.0), reason="x")
    with team.store("pat") as pat:
        [proposal] = list_proposals(pat)
        assert proposal.proposed_by == "Alice Chen"
        with team.store("alice") as alice, pytest.raises(PermissionDenied):
            approve(alice, proposal_id=proposal.id)  # an owner cannot approve her own
        approve(pat, proposal_id=proposal.id)
        assert load_benefit_fields(pat, benefit_id=alices).target == 35.0  # type: ignore[union-attr]
        [decided] = list_proposals(pat, open_only=False)
        assert decided.decided_by == "Pat Moore"


def test_a_proposal_on_a_definition_changed_since_is_refused(team: Team) -> None:
    alices = team.benefits["B-001"]
    with team.store("alice") as alice:
        seen = load_benefit_fields(alice, benefit_id=alices)
        assert seen is not None
        propose(alice, benefit_id=alices, data=replace(seen, target=40.0), reason="Upside")
        propose(alice, benefit_id=alices, data=replace(seen, title="Clearer"), reason="Wording")
    with team.store("pat") as pat:
        first, second = list_proposals(pat)
        approve(pat, proposal_id=second.id)
        with pytest.raises(StaleEdit, match=r"B-001 was changed by Pat Moore at .* after this"):
            approve(pat, proposal_id=first.id)
        reject(pat, proposal_id=first.id, note="Please propose on the new title")
        assert load_benefit_fields(pat, benefit_id=alices).target == 30.0  # type: ignore[union-attr]
    with team.store("alice") as alice:
        propose(
            alice,
            benefit_id=alices,
            data=replace(seen, row_version=None, title="Again"),
            reason="x",
        )
        [mine] = list_proposals(alice)
        withdraw(alice, proposal_id=mine.id)
        statuses = [p.status for p in list_proposals(alice, open_only=False)]
    assert statuses == [ProposalStatus.REJECTED, ProposalStatus.APPROVED, ProposalStatus.WITHDRAWN]
