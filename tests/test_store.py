"""The store: schema through migrations, pragmas, audit, transactions, refusals."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, text
from sqlmodel import SQLModel, select

from benefitdesk.model import (
    AuditEntry,
    Benefit,
    Frequency,
    Measurement,
    Person,
    PortfolioSettings,
    flushed_id,
    table_of,
)
from benefitdesk.store import NotAPortfolio, PortfolioMissing, SchemaTooNew, Store
from benefitdesk.store.backup import list_backups, make_backup, restore_backup
from benefitdesk.store.engine import make_engine
from benefitdesk.store.migrate import current_revision, head_revision, prepare_portfolio, upgrade
from benefitdesk.store.snapshot import load_snapshot


@pytest.mark.both_engines
def test_migrations_create_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []
    assert current_revision(store.engine) == head_revision()


def test_table_of_is_the_table_the_model_is_mapped_to() -> None:
    assert table_of(Benefit) is SQLModel.metadata.tables["benefit"]


def test_flushed_id_refuses_a_row_not_written_yet(store: Store) -> None:
    person = Person(name="Ada Lovelace")
    with pytest.raises(RuntimeError, match="Person has no id yet"):
        flushed_id(person)
    with store.transaction() as session:
        session.add(person)
        session.flush()
        assert flushed_id(person) == person.id
        assert session.get(Person, flushed_id(person)) is person


def test_the_revision_graph_read_without_alembic_is_alembics() -> None:
    """Opening a current portfolio reads revisions from the migration files' lines; they
    must say what Alembic itself reads from them."""
    from alembic.script import ScriptDirectory

    from benefitdesk.store.revisions import alembic_config, known_revisions, revision_graph

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions() == {r.revision for r in script.walk_revisions()}
    for rev in script.walk_revisions():
        assert set(revision_graph()[rev.revision]) == set(rev._normalized_down_revisions)


def test_pragmas_wal_foreign_keys_full_sync(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_new_portfolio_has_settings_named_after_file(tmp_path: Path) -> None:
    with Store(tmp_path / "north_wind.sqlite", create=True) as store:
        assert store.settings().name == "North Wind"
        assert store.settings().currency == "GBP"


def test_missing_file_is_refused_without_create(tmp_path: Path) -> None:
    with pytest.raises(PortfolioMissing, match="No portfolio file"):
        Store(tmp_path / "nope.sqlite")
    assert not (tmp_path / "nope.sqlite").exists()


def test_text_file_is_not_a_portfolio(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("shopping list")
    with pytest.raises(NotAPortfolio, match="not an SQLite file"):
        Store(path)
    assert path.read_text() == "shopping list"


def test_damaged_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(NotAPortfolio, match="damaged"):
        Store(path)


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("create table customers (id integer)")
    with pytest.raises(NotAPortfolio, match="not a portfolio"):
        Store(path)


def test_newer_schema_is_refused_and_left_untouched(store: Store, portfolio_path: Path) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = '9999'"))
    store.close()
    before = portfolio_path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer BenefitDesk"):
        Store(portfolio_path)
    assert portfolio_path.read_bytes() == before


def test_older_schema_is_backed_up_then_upgraded(portfolio_path: Path) -> None:
    engine = make_engine(portfolio_path, foreign_keys=False)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("insert into person (name) values ('Alice Chen')"))
    engine.dispose()
    assert prepare_portfolio(portfolio_path) is True
    backups = list_backups(portfolio_path)
    assert len(backups) == 1 and "before-upgrade-0001" in backups[0].name
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("select version_num from alembic_version").fetchone() == ("0001",)
        assert old.execute("select name from person").fetchall() == [("Alice Chen",)]
    with Store(portfolio_path) as store, store.reading() as session:
        assert [p.name for p in session.exec(select(Person))] == ["Alice Chen"]
        assert current_revision(store.engine) == head_revision()


@pytest.mark.both_engines
def test_transaction_rolls_back_on_error(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as session:
        session.add(Person(name="Ghost"))
        session.flush()
        raise RuntimeError("crash mid-action")
    with store.reading() as session:
        assert session.exec(select(Person)).all() == []
        assert session.exec(select(AuditEntry).where(AuditEntry.label == "Ghost")).all() == []


@pytest.mark.both_engines
def test_audit_records_who_what_old_and_new(store: Store) -> None:
    with store.transaction() as session:
        owner = Person(name="Alice Chen")
        session.add(owner)
        session.flush()
        benefit = Benefit(code="B-001", title="Conversion", owner_id=owner.id, target=30.0)
        session.add(benefit)
        session.flush()
        session.add(Measurement(benefit_id=benefit.id, date=date(2026, 1, 31), value=21.0))
    with store.transaction() as session:
        measurement = session.exec(select(Measurement)).one()
        measurement.value = 22.5
        session.exec(select(Benefit)).one().frequency = Frequency.MONTHLY
    with store.transaction() as session:
        session.delete(session.exec(select(Measurement)).one())
    with store.reading() as session:
        entries = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
    changes = [(e.action, e.entity, e.field, e.old, e.new) for e in entries]
    assert ("update", "measurement", "value", "21.0", "22.5") in changes
    assert ("update", "benefit", "frequency", None, "monthly") in changes
    deleted = [e for e in entries if e.action == "delete"]
    assert len(deleted) == 1 and '"value": "22.5"' in (deleted[0].old or "")
    assert all(e.user == store.user for e in entries)
    with store.reading() as session:
        assert session.exec(select(AuditEntry).where(AuditEntry.entity == "benefit")).first()


def test_audit_records_the_login_and_the_person_chosen(store: Store) -> None:
    """Both who is logged in and who they said they are; without a choice, the person
    whose login name is the OS login (the command line); else the login alone."""
    from benefitdesk.store.audit import audit_rows

    with store.transaction() as session:
        session.add(Benefit(code="B-001", title="Conversion"))
    store.person = "Alice Chen"
    with store.transaction() as session:
        benefit = session.exec(select(Benefit)).one()
        session.add(Measurement(benefit_id=benefit.id, date=date(2026, 1, 31), value=21.0))
    with store.transaction() as session:
        audit_rows(session, [{"action": "update", "entity": "benefit", "entity_id": 1}])
    store.person = None
    with store.transaction() as session:
        session.add(Person(name="Bob Stone", user_name=store.user))
    with store.transaction() as session:
        session.exec(select(Benefit)).one().title = "Conversion rate"
    with store.reading() as session:
        entries = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
        recorded_by = session.exec(select(Measurement)).one().recorded_by
    assert all(e.user == store.user for e in entries)
    people = [(e.entity, e.action, e.person) for e in entries if e.entity != "portfolio_settings"]
    assert people == [
        ("benefit", "insert", None),  # nobody chosen, no person with this login yet
        ("measurement", "insert", "Alice Chen"),
        ("benefit", "update", "Alice Chen"),  # the bulk path too
        ("person", "insert", None),
        ("benefit", "update", "Bob Stone"),  # found by login name
    ]
    assert recorded_by == "Alice Chen"


@pytest.mark.both_engines
def test_unique_measurement_per_benefit_and_date(store: Store) -> None:
    with store.transaction() as session:
        benefit = Benefit(code="B-001", title="Conversion")
        session.add(benefit)
        session.flush()
        benefit_id = benefit.id
    with (
        pytest.raises(Exception, match=r"UNIQUE|unique constraint"),
        store.transaction() as session,
    ):
        for value in (1.0, 2.0):
            session.add(Measurement(benefit_id=benefit_id, date=date(2026, 1, 31), value=value))
            session.flush()


@pytest.mark.both_engines
def test_target_equal_to_baseline_is_rejected_by_the_schema(store: Store) -> None:
    with pytest.raises(Exception, match=r"CHECK|check constraint"), store.transaction() as session:
        session.add(Benefit(code="B-1", title="x", baseline=5.0, target=5.0))


def _populate(store: Store, benefits: int) -> None:
    with store.transaction() as session:
        owner = Person(name="Owner")
        session.add(owner)
        session.flush()
        for n in range(benefits):
            benefit = Benefit(code=f"B-{n:03d}", title=f"B {n}", owner_id=owner.id)
            session.add(benefit)
            session.flush()
            for month in range(1, 13):
                day = date(2026, month, 28)
                session.add(Measurement(benefit_id=benefit.id, date=day, value=float(month)))


def _count_queries(store: Store, **kwargs: object) -> int:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.reading() as session:
            load_snapshot(session, **kwargs)  # type: ignore[arg-type]
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return len(statements)


def test_snapshot_query_count_does_not_grow_with_benefits(tmp_path: Path) -> None:
    small, large = (
        Store(tmp_path / "s.sqlite", create=True),
        Store(tmp_path / "l.sqlite", create=True),
    )
    _populate(small, 3)
    _populate(large, 40)
    assert _count_queries(small) == _count_queries(large)
    assert _count_queries(small, recent=6) == _count_queries(large, recent=6)


@pytest.mark.both_engines
def test_snapshot_recent_keeps_last_n_up_to_as_of(store: Store) -> None:
    _populate(store, 2)
    with store.reading() as session:
        snapshot = load_snapshot(session, as_of=date(2026, 9, 30), recent=4)
    assert len(snapshot.measurements) == 2
    for series in snapshot.measurements.values():
        assert [d.month for d, _ in series] == [6, 7, 8, 9]


def test_backup_and_restore(store: Store, portfolio_path: Path) -> None:
    with store.transaction() as session:
        session.get(PortfolioSettings, 1).name = "Before"  # type: ignore[union-attr]
    backup = make_backup(portfolio_path, reason="manual")
    with store.transaction() as session:
        session.get(PortfolioSettings, 1).name = "After"  # type: ignore[union-attr]
    store.close()
    restore_backup(backup, portfolio_path)
    with Store(portfolio_path) as reopened:
        assert reopened.settings().name == "Before"
    assert any("before-restore" in p.name for p in list_backups(portfolio_path))


def test_backups_rotate(store: Store, portfolio_path: Path) -> None:
    for _ in range(4):
        make_backup(portfolio_path, reason="auto", keep=3)
    assert len(list_backups(portfolio_path)) == 3
