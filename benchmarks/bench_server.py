"""Team mode under load: 20 client processes on a 10,000-benefit server portfolio.

Targets (issue 17): ``report`` on the server portfolio within 1.5× of the same report
on the SQLite original (baseline, measured in the same run); 20 concurrent clients
logging measurements, editing one shared definition and running reports, with
throughput and p95 latency reported and zero lost updates:

* every figure each client logged is on the server afterwards, with its value;
* every client appended a marker to the same benefit's notes through the app's
  optimistic concurrency (a stale save is refused and retried on a reload): all
  markers are there, so no save overwrote another.

The server is ``BENEFITDESK_TEST_DATABASE_URL`` (a superuser URL) or a throwaway
cluster (tests/pgserver.py); the portfolio is the large benchmark portfolio,
published to it with ``publish``.

    .venv/bin/python benchmarks/bench_server.py [--clients 20]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the throwaway server

from common import best_of, large_portfolio, report_line

from pgserver import ThrowawayServer, database_url, server_url_from_env

AS_OF = date.today()
LOGS = 40  # figures each client logs
EDITS = 4  # shared-definition edits each client makes
REPORTS = 1  # full reports each client runs
SHARED = "B-00001"  # the benefit every client edits
PASSWORD = "bench-pw"


def client(url: str, index: int, logs: int, start: Any, out: Any) -> None:
    """One client process: log figures, edit the shared definition, run a report."""
    from benefitdesk.services.benefits import benefit_by_code, load_benefit_fields, save_benefit
    from benefitdesk.services.errors import StaleEdit
    from benefitdesk.services.measurements import log_measurement
    from benefitdesk.services.report import build_report
    from benefitdesk.store import Store

    timings: list[tuple[str, float]] = []
    retries = 0
    with Store(url) as store:
        with store.reading() as session:
            shared_id = benefit_by_code(session, SHARED).id
        start.wait()
        plan = ["log"] * logs + ["edit"] * EDITS + ["report"] * REPORTS
        plan = [plan[i] for i in sorted(range(len(plan)), key=lambda i: (i * 7919) % len(plan))]
        logged = 0
        for edit_no, kind in enumerate(plan):
            began = time.perf_counter()
            if kind == "log":
                code = f"B-{index * logs + logged + 2:05d}"
                log_measurement(store, code, date(2031, 1, 31), float(index * 1000 + logged))
                logged += 1
            elif kind == "edit":
                marker = f"[c{index}e{edit_no}]"
                while True:
                    fields = load_benefit_fields(store, benefit_id=shared_id)
                    assert fields is not None
                    notes = (fields.notes or "") + marker
                    try:
                        save_benefit(store, replace(fields, notes=notes), benefit_id=shared_id)
                        break
                    except StaleEdit:
                        retries += 1  # someone saved first: reload and try again
            else:
                build_report(store, AS_OF)
            timings.append((kind, time.perf_counter() - began))
    out.put((index, timings, retries))


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def run_clients(url: str, clients: int) -> dict[str, Any]:
    context = mp.get_context("spawn")
    start, out = context.Barrier(clients + 1), context.Queue()
    processes = [
        context.Process(target=client, args=(url, i, LOGS, start, out)) for i in range(clients)
    ]
    for process in processes:
        process.start()
    start.wait(timeout=600)
    began = time.perf_counter()
    results = [out.get(timeout=1800) for _ in processes]
    wall = time.perf_counter() - began
    for process in processes:
        process.join(60)
    timings = [t for _index, found, _r in results for t in found]
    return {
        "wall": wall,
        "ops": len(timings),
        "retries": sum(r for *_rest, r in results),
        "by_kind": {
            kind: [s for k, s in timings if k == kind] for kind in ("log", "edit", "report")
        },
    }


def lost_updates(url: str, clients: int) -> list[str]:
    """Every logged figure is there with its value; every edit marker is in the notes."""
    from sqlmodel import select

    from benefitdesk.model import Benefit, Measurement
    from benefitdesk.store import Store

    problems = []
    with Store(url) as store, store.reading() as session:
        rows = session.exec(
            select(Benefit.code, Measurement.value)
            .join(Measurement, Measurement.benefit_id == Benefit.id)
            .where(Measurement.date == date(2031, 1, 31))
        ).all()
        notes = session.exec(select(Benefit.notes).where(Benefit.code == SHARED)).one() or ""
    found = dict(rows)
    for index in range(clients):
        for n in range(LOGS):
            code = f"B-{index * LOGS + n + 2:05d}"
            if found.get(code) != float(index * 1000 + n):
                problems.append(f"{code}: expected {index * 1000 + n}, found {found.get(code)}")
    plan_edits = clients * EDITS
    markers = notes.count("[c")
    if markers != plan_edits:
        problems.append(f"{SHARED} notes hold {markers} of {plan_edits} edit markers")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    import psycopg

    from benefitdesk.model import TeamRole
    from benefitdesk.services.publish import publish
    from benefitdesk.services.report import build_report, report_json
    from benefitdesk.services.team import grant, init_server
    from benefitdesk.store import Store

    path = large_portfolio()
    server = None if server_url_from_env() else ThrowawayServer()
    admin = server_url_from_env() or server.start()  # type: ignore[union-attr]
    name = "bd_bench_server"
    try:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {name}")
        url = database_url(admin, name)
        init_server(url)
        started = time.perf_counter()
        copied = publish(path, url)
        print(f"published {copied.benefits} benefits, {copied.rows} rows "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        grant(url, "bench_pmo", TeamRole.PMO, None, new_password=PASSWORD)
        client_url = database_url(admin, name, username="bench_pmo", password=PASSWORD)

        with Store(path) as local:
            baseline, local_report = best_of(lambda: build_report(local, AS_OF))
        with Store(client_url) as shared:
            seconds, server_report = best_of(lambda: build_report(shared, AS_OF))
        same = report_json(local_report) == report_json(server_report)
        verdict = "OK" if seconds <= 1.5 * baseline and same else "MISSED"
        print(report_line("report on the server", seconds, baseline, f"≤ 1.5×: {verdict}"))
        print(f"  the server's report equals the file's, field for field: {same}")

        load = run_clients(client_url, args.clients)
        print(f"{args.clients} clients, {load['ops']} operations in {load['wall']:.1f} s: "
              f"{load['ops'] / load['wall']:.1f} operations/s; "
              f"{load['retries']} stale saves refused and retried")  # fmt: skip
        for kind, values in load["by_kind"].items():
            if values:
                print(f"  {kind:<6} n={len(values):4d}  median {statistics.median(values):.3f} s"
                      f"  p95 {p95(values):.3f} s  max {max(values):.3f} s")  # fmt: skip
        problems = lost_updates(client_url, args.clients)
        print(f"lost updates: {len(problems)}" + "".join(f"\n  {p}" for p in problems[:10]))
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
