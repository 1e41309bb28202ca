"""Roles are the server's: a hand-written SQL session has no more rights than the app."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest
from server_team import Team

from benefitdesk.model import TeamRole
from benefitdesk.services.benefits import load_benefit_fields, save_benefit
from benefitdesk.services.measurements import log_measurement
from benefitdesk.services.records import NoteFields, add_note
from benefitdesk.store.server_errors import PermissionDenied


def sql_session(team: Team, user: str) -> psycopg.Connection:
    return psycopg.connect(team.url(user), autocommit=True)


def test_an_owner_cannot_update_another_owners_benefit_with_sql(team: Team) -> None:
    bobs = team.benefits["B-002"]
    with sql_session(team, "alice") as alice:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("UPDATE benefit SET target = 99 WHERE id = %s", (bobs,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("DELETE FROM benefit WHERE id = %s", (bobs,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            alice.execute(
                "INSERT INTO measurement (benefit_id, date, value, source, recorded_at) "
                "VALUES (%s, '2026-03-31', 1, 'manual', now())",
                (bobs,),
            )
    with sql_session(team, "bob") as bob:
        bob.execute(
            "INSERT INTO measurement (benefit_id, date, value, source, recorded_at) "
            "VALUES (%s, '2026-03-31', 21, 'manual', now())",
            (bobs,),
        )
    with sql_session(team, "alice") as alice:
        changed = alice.execute("UPDATE measurement SET value = 0 WHERE benefit_id = %s", (bobs,))
        assert changed.rowcount == 0  # row-level security hides Bob's rows from writes
        deleted = alice.execute("DELETE FROM measurement WHERE benefit_id = %s", (bobs,))
        assert deleted.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            # nor can she move her own figure onto Bob's benefit
            alice.execute(
                "INSERT INTO measurement (benefit_id, date, value, source, recorded_at) "
                "VALUES (%s, '2026-04-30', 5, 'manual', now())",
                (team.benefits["B-001"],),
            )
            alice.execute("UPDATE measurement SET benefit_id = %s", (bobs,))
    with sql_session(team, "bob") as bob:
        rows = bob.execute("SELECT value FROM measurement WHERE benefit_id = %s", (bobs,))
        assert rows.fetchall() == [(21.0,)]
        assert bob.execute("SELECT target FROM benefit WHERE id = %s", (bobs,)).fetchone() == (
            30.0,
        )


def test_an_owner_cannot_touch_another_owners_indicator_figures(team: Team) -> None:
    with sql_session(team, "alice") as alice:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            alice.execute(
                "INSERT INTO indicator_measurement (indicator_id, date, value, source, recorded_at)"
                " VALUES (%s, '2026-03-31', 1, 'manual', now())",
                (team.indicators["I-002"],),
            )
        alice.execute(
            "INSERT INTO indicator_measurement (indicator_id, date, value, source, recorded_at)"
            " VALUES (%s, '2026-03-31', 1, 'manual', now())",
            (team.indicators["I-001"],),
        )


def test_a_viewer_reads_everything_and_writes_nothing(team: Team) -> None:
    with sql_session(team, "vera") as vera:
        assert vera.execute("SELECT count(*) FROM benefit").fetchone() == (3,)
        for statement in (
            "UPDATE benefit SET title = 'x'",
            "DELETE FROM measurement",
            "INSERT INTO person (name) VALUES ('Mallory')",
            "UPDATE server_member SET role = 'pmo'",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                vera.execute(statement)


def test_nobody_but_the_administrator_changes_roles_or_forges_the_audit(team: Team) -> None:
    with sql_session(team, "pat") as pat:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pat.execute("UPDATE server_member SET role = 'pmo' WHERE db_user = 'alice'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pat.execute("DELETE FROM audit_entry")
        pat.execute(
            'INSERT INTO audit_entry (at, "user", db_user, action, entity) '
            "VALUES (now(), 'alice', 'alice', 'update', 'benefit')"
        )
        forged = pat.execute("SELECT db_user FROM audit_entry ORDER BY id DESC LIMIT 1")
        assert forged.fetchone() == ("pat",)


def test_the_app_names_each_signed_in_role(team: Team) -> None:
    expected = {"alice": TeamRole.OWNER, "vera": TeamRole.VIEWER, "pat": TeamRole.PMO}
    for user, role in expected.items():
        with team.store(user) as store:
            assert store.access.role is role
            assert store.access.db_user == user
            assert not store.access.administrator
    with team.store("alice") as store:
        assert store.access.may_write_records(store.access.person_id)
        bobs_owner = load_benefit_fields(store, benefit_id=team.benefits["B-002"])
        assert bobs_owner is not None and bobs_owner.owner == "Bob Stone"


def test_services_refuse_in_plain_words_what_the_role_may_not_do(team: Team) -> None:
    with team.store("alice") as store:
        log_measurement(store, "B-001", date(2026, 3, 31), 22.0)  # her own: fine
        add_note(
            store,
            benefit_id=team.benefits["B-001"],
            data=NoteFields(date(2026, 3, 31), explanation="Slow adoption in March"),
        )
        with pytest.raises(PermissionDenied, match=r"your role \(owner\).*benefits you own"):
            log_measurement(store, "B-002", date(2026, 3, 31), 1.0)
        fields = load_benefit_fields(store, benefit_id=team.benefits["B-001"])
        assert fields is not None
        fields.target = 40.0
        with pytest.raises(PermissionDenied, match=r"your role \(owner\) may not change"):
            save_benefit(store, fields, benefit_id=team.benefits["B-001"])
    with team.store("vera") as store, pytest.raises(PermissionDenied, match="viewer"):
        log_measurement(store, "B-001", date(2026, 4, 30), 1.0)


def test_the_audit_log_records_the_database_user(team: Team) -> None:
    from sqlmodel import select

    from benefitdesk.model import AuditEntry

    with team.store("alice") as store:
        log_measurement(store, "B-001", date(2026, 3, 31), 22.0)
        with store.reading() as session:
            entry = session.exec(select(AuditEntry).where(AuditEntry.entity == "measurement")).one()
    assert entry.db_user == "alice"
