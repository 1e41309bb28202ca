"""The background job runner: results and errors on the GUI thread, cancel, GC pause."""

from __future__ import annotations

import gc
import threading

import pytest

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
