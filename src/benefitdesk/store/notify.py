"""Hear other people's changes to a server portfolio as they commit.

The server announces every committed change on the ``benefitdesk`` channel with the
ids of the benefits it concerns (store/server_schema.py). A ``ChangeListener`` keeps
one connection of its own listening, in a thread of its own, and hands each notice
to a callback — the app refreshes just those benefits. Notices from the listening
store's own sessions are dropped: the app has already shown its own edits. A lost
connection is retried every few seconds; ``on_state`` says whether it is listening.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

import psycopg

from benefitdesk.store.engine import server_connect_args, server_url
from benefitdesk.store.server_schema import CHANNEL

#: Seconds between checks for "stop" while no notice arrives.
POLL = 0.25
#: Seconds before a lost connection is tried again.
RETRY = 3.0


@dataclass(frozen=True)
class Notice:
    """One committed statement by someone else."""

    table: str
    benefits: frozenset[int] | None  # None: it may concern every benefit
    pid: int  # the server session that made it


def parse_notice(payload: str, pid: int) -> Notice:
    try:
        data = json.loads(payload)
        ids = data.get("benefits")
        benefits = frozenset(int(i) for i in ids) if ids is not None else None
        return Notice(str(data.get("table", "")), benefits, pid)
    except (ValueError, TypeError, AttributeError):
        return Notice("", None, pid)  # unreadable: assume everything may have changed


class ChangeListener:
    """Calls ``on_notice(notice)`` from its own thread for each change by others."""

    def __init__(
        self,
        target: str,
        on_notice: Callable[[Notice], None],
        *,
        password: str | None = None,
        own_pids: set[int] | None = None,
        on_state: Callable[[bool], None] | None = None,
    ):
        url = server_url(target)._replace(drivername="postgresql")
        self._conninfo = url.render_as_string(hide_password=False)
        self._args = server_connect_args(target, password)
        self._args["application_name"] = "BenefitDesk (listening)"
        self.on_notice, self.on_state = on_notice, on_state
        self.own_pids = own_pids if own_pids is not None else set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="benefitdesk-listen", daemon=True)
        self.listening = threading.Event()

    @classmethod
    def for_store(cls, store: Any, on_notice: Callable[[Notice], None], **kwargs: Any) -> Self:
        """A listener for ``store``'s server that ignores ``store``'s own changes."""
        return cls(
            str(store.target),
            on_notice,
            password=store.password,
            own_pids=store.backend_pids,
            **kwargs,
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, **self._args) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._state(True)
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=POLL):
                            if notify.pid not in self.own_pids:
                                self.on_notice(parse_notice(notify.payload, notify.pid))
            except psycopg.Error:
                self._state(False)
                self._stop.wait(RETRY)
        self._state(False)

    def _state(self, listening: bool) -> None:
        if listening == self.listening.is_set():
            return
        if listening:
            self.listening.set()
        else:
            self.listening.clear()
        if self.on_state is not None:
            self.on_state(listening)
