"""The background job runner: results and errors on the GUI thread, cancel, GC pause,
and its objects freed on the GUI thread."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pytest

from benefitdesk.ui import jobs
from benefitdesk.ui.jobs import Cancelled, Job, JobControl

pytestmark = pytest.mark.gui


def test_result_arrives_on_the_gui_thread_and_collector_resumes(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def work(control: JobControl) -> int:
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        seen["gc_during"] = gc.isenabled()
        control.progress(1, 2, "half way")
        return 42

    results: list[int] = []
    job = Job(None, work, "Test").quiet().on_success(lambda r: results.append(r)).run()
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert seen == {"worker": True, "gc_during": False}
    assert job not in Job.active and gc.isenabled()


def test_a_jobs_qt_objects_are_freed_on_the_gui_thread(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A worker descheduled right after its last signal (a loaded machine) while the GUI
    thread ends the job: the job's QObject must still die on the GUI thread (destroyed
    on the worker, as the GUI thread delivered its signal, it aborted the process)."""
    emit = jobs._Runnable._emit

    def then_descheduled(signal, *args) -> None:  # type: ignore[no-untyped-def]
        emit(signal, *args)
        time.sleep(0.05)

    monkeypatch.setattr(jobs._Runnable, "_emit", staticmethod(then_descheduled))
    freed_on: list[str] = []
    results: list[int] = []
    for ended, outcome in enumerate((lambda _c: 1, lambda _c: 1 // 0), start=1):
        job = Job(None, outcome, "Test").quiet().on_success(results.append)
        job.on_failure(lambda _e, _t: results.append(0))
        weakref.finalize(job.signals, lambda: freed_on.append(threading.current_thread().name))
        job.run()
        del job
        qtbot.waitUntil(lambda: len(results) == ended, timeout=5000)  # noqa: B023
        assert jobs.wait_for_workers(5000)
        gc.collect()
    assert results == [1, 0]
    assert freed_on == ["MainThread", "MainThread"]


def test_failure_and_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []

    def fail(_control: JobControl) -> None:
        raise ValueError("bad cell")

    Job(None, fail, "Test").quiet().on_failure(lambda e, _t: errors.append(str(e))).run()
    qtbot.waitUntil(lambda: errors == ["bad cell"], timeout=5000)

    started, release = threading.Event(), threading.Event()

    def slow(control: JobControl) -> None:
        started.set()
        release.wait(5)
        control.check()

    outcome: list[str] = []
    job = Job(None, slow, "Test").quiet().on_success(lambda _r: outcome.append("done"))
    job.on_failure(lambda e, _t: outcome.append(type(e).__name__))
    job.on_cancel(lambda: outcome.append("cancelled")).run()
    assert started.wait(5)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: job not in Job.active, timeout=5000)
    assert outcome == ["cancelled"]  # neither a result nor a fault: the user's wish
    assert gc.isenabled()


@pytest.mark.parametrize("where", ["board pack", "export", "import"])
def test_every_long_works_cancel_is_the_runners_cancel(qtbot, tmp_path, where: str) -> None:  # type: ignore[no-untyped-def]
    """A Cancel pressed in any long work reaches the runner as a cancel, never as a fault."""
    from benefitdesk.demo import create_demo
    from benefitdesk.services import board_pack, exporting, importing

    store = create_demo(tmp_path / "p.sqlite")
    out = tmp_path / "out.xlsx"
    exporting.export_portfolio(store, out)

    def yes() -> bool:
        return True

    calls = {
        "board pack": lambda: board_pack.export_board_pack(store, tmp_path / "b", cancelled=yes),
        "export": lambda: exporting.export_portfolio(store, tmp_path / "e.xlsx", cancelled=yes),
        "import": lambda: importing.apply_import(store, out, None, None, yes),
    }
    outcome: list[str] = []
    job = Job(None, lambda _control: calls[where](), "Test")
    job.on_success(lambda _r: outcome.append("done"))
    job.on_failure(lambda e, _t: outcome.append(type(e).__name__))
    job.on_cancel(lambda: outcome.append("cancelled")).run()
    qtbot.waitUntil(lambda: job not in Job.active, timeout=30000)
    assert outcome == ["cancelled"]  # no "Something went wrong" for a Cancel
    with pytest.raises(Cancelled):
        calls[where]()
    store.close()


def test_the_serial_pools_jobs_wait_while_held(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Kept back while any window builds its views, they run once every holder has let
    go, in order; a holder lets go of its own hold only."""
    from benefitdesk.ui.jobs import Job, hold_serial, release_serial, serial_pool

    ran: list[str] = []
    one, other = object(), object()
    hold_serial(one)
    hold_serial(other)
    try:
        for name in ("first", "second"):
            Job(None, lambda _c, n=name: n, name).quiet().on_success(ran.append).run(serial_pool())
        Job(None, lambda _c: "shared", "shared").quiet().on_success(ran.append).run()
        qtbot.waitUntil(lambda: ran == ["shared"])  # the shared pool is never held
        release_serial(one)
        release_serial(one)  # twice: still held by the other
        qtbot.wait(50)
        assert ran == ["shared"]
    finally:
        release_serial(one)
        release_serial(other)
    qtbot.waitUntil(lambda: ran == ["shared", "first", "second"])
