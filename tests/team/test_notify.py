"""Other clients hear each change as it commits, with the benefits it concerns."""

from __future__ import annotations

import queue
from datetime import date

import psycopg
from server_team import Team

from benefitdesk.services.measurements import log_measurement
from benefitdesk.store.notify import ChangeListener, Notice

WAIT = 2.0  # the bound: other clients see a change within two seconds


def listen(store) -> tuple[ChangeListener, queue.Queue[Notice]]:  # type: ignore[no-untyped-def]
    heard: queue.Queue[Notice] = queue.Queue()
    listener = ChangeListener.for_store(store, heard.put)
    listener.start()
    assert listener.listening.wait(WAIT)
    return listener, heard


def test_a_change_by_another_client_is_heard_with_its_benefit(team: Team) -> None:
    with team.store("pat") as pat, team.store("alice") as alice:
        listener, heard = listen(pat)
        try:
            log_measurement(pat, "B-000", date(2026, 3, 31), 5.0)  # pat's own: not heard
            log_measurement(alice, "B-001", date(2026, 3, 31), 22.0)
            notice = heard.get(timeout=WAIT)
            assert notice.table == "measurement"
            assert notice.benefits == frozenset({team.benefits["B-001"]})
            assert notice.pid not in pat.backend_pids
            assert heard.empty()
        finally:
            listener.stop()


def test_hand_written_sql_and_people_changes_are_heard_too(team: Team) -> None:
    with team.store("alice") as alice:
        listener, heard = listen(alice)
        try:
            with psycopg.connect(team.url("pat"), autocommit=True) as pat:
                pat.execute("UPDATE benefit SET title = 'Renamed' WHERE code = 'B-002'")
                pat.execute("UPDATE person SET email = 'bob@example.com' WHERE name = 'Bob Stone'")
            renamed = heard.get(timeout=WAIT)
            assert renamed.table == "benefit" and renamed.benefits == {team.benefits["B-002"]}
            person = heard.get(timeout=WAIT)
            assert person.table == "person" and person.benefits is None  # may concern all
        finally:
            listener.stop()
    assert not listener.listening.is_set()
