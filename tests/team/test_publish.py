"""Publish a portfolio file to a server and clone it back: everything, counts checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import func, select

from benefitdesk.demo import create_demo
from benefitdesk.model import AuditEntry, ImportBatch
from benefitdesk.services.dashboard import build_value_history
from benefitdesk.services.measurements import log_measurement
from benefitdesk.services.publish import clone, publish
from benefitdesk.services.report import build_report, report_json
from benefitdesk.store import Store
from benefitdesk.store.transfer import TargetNotEmpty, count_rows

AS_OF = date(2026, 6, 30)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create_demo(path, today=AS_OF).close()
    return path


def report_of(target: str | Path) -> dict:
    with Store(target) as store:
        return report_json(build_report(store, AS_OF))


def counts_of(target: str | Path) -> dict[str, int]:
    with Store(target) as store, store.engine.connect() as connection:
        return count_rows(connection)


def test_published_report_equals_the_original_field_for_field(
    demo_file: Path, pg_database: str
) -> None:
    copied = publish(demo_file, pg_database)
    assert copied.benefits > 10
    assert counts_of(pg_database) == counts_of(demo_file) == copied.counts
    original, published = report_of(demo_file), report_of(pg_database)
    assert published == original  # every field of every benefit, and the totals
    assert len(published["benefits"]) == copied.benefits


def test_the_value_over_time_on_a_server_equals_the_files(
    demo_file: Path, pg_database: str
) -> None:
    """The value over time's read (each benefit's measurements since its first date,
    as columns) gives the same contributions from PostgreSQL as from the file."""
    publish(demo_file, pg_database)
    histories = []
    for target in (demo_file, pg_database):
        with Store(target) as store:
            histories.append(build_value_history(store, build_report(store, AS_OF)))
    file, server = histories
    assert file.contributions and server.contributions == file.contributions
    assert server.points() == file.points()


def test_history_and_audit_travel_and_the_server_keeps_counting(
    demo_file: Path, pg_database: str, tmp_path: Path
) -> None:
    publish(demo_file, pg_database)
    with Store(pg_database) as server:
        with server.reading() as session:
            audited = session.exec(select(func.count()).select_from(AuditEntry)).one()
            batches = session.exec(select(func.count()).select_from(ImportBatch)).one()
        assert audited > 0 and audited == counts_of(demo_file)["audit_entry"]
        assert batches == counts_of(demo_file)["import_batch"]
        first = report_of(pg_database)["benefits"][0]["code"]
        log_measurement(server, first, date(2026, 6, 30), 1.0)  # new ids follow the copied ones
    copy = tmp_path / "offline.sqlite"
    cloned = clone(pg_database, copy)
    assert counts_of(copy) == counts_of(pg_database) == cloned.counts
    assert report_of(copy) == report_of(pg_database)


def test_a_copy_refuses_a_target_that_is_not_empty(
    demo_file: Path, pg_database: str, tmp_path: Path
) -> None:
    publish(demo_file, pg_database)
    before = counts_of(pg_database)
    with pytest.raises(TargetNotEmpty, match="already holds a portfolio"):
        publish(demo_file, pg_database)
    assert counts_of(pg_database) == before
    existing = tmp_path / "mine.sqlite"
    existing.write_bytes(demo_file.read_bytes())
    with pytest.raises(TargetNotEmpty, match="already exists"):
        clone(pg_database, existing)
    assert existing.read_bytes() == demo_file.read_bytes()
    assert not list(tmp_path.glob("*.partial*"))


def test_publish_takes_a_file_not_a_server_as_its_source() -> None:
    """The command line's --portfolio may resolve to a URL: refused before connecting."""
    from benefitdesk.services.errors import ValidationError

    with pytest.raises(ValidationError, match="No portfolio file at postgresql://"):
        publish("postgresql://alice@db.example/benefits", "postgresql://bob@db.example/other")


def test_publish_to_a_server_not_set_up_says_how(demo_file: Path, empty_pg_database: str) -> None:
    from benefitdesk.store import NotAPortfolio

    with pytest.raises(NotAPortfolio, match="benefitdesk server init"):
        publish(demo_file, empty_pg_database)
