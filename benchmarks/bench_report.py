"""`report` on the large portfolio (10,000 benefits, 1,000,000 measurements).

Target (README "Performance"): under 2 s. Baseline, measured in the same run: the same rows read
with a raw sqlite3 connection (benefits, plan points and the last N measurements per
benefit), so the ratio shows what the store, the mapping and the computation add.

    .venv/bin/python benchmarks/bench_report.py
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import best_of, large_portfolio, report_line

from benefitdesk.services.report import build_report, report_json
from benefitdesk.store import Store

AS_OF = date.today()
RECENT_SQL = """
select b.id, m.date, m.value from benefit b
join measurement m on m.benefit_id = b.id and m.date <= :as_of and m.date >= coalesce(
  (select i.date from measurement i where i.benefit_id = b.id and i.date <= :as_of
   order by i.date desc limit 1 offset 5), '0001-01-01')
order by b.id, m.date
"""


def raw_rows(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("select * from benefit order by code").fetchall()
        rows += connection.execute(
            "select v.benefit_id, v.version, p.date, p.value from plan_point p "
            "join plan_version v on v.id = p.plan_version_id order by p.plan_version_id, p.date"
        ).fetchall()
        rows += connection.execute(RECENT_SQL, {"as_of": AS_OF.isoformat()}).fetchall()
        return len(rows)
    finally:
        connection.close()


def main() -> None:
    path = large_portfolio()
    baseline, count = best_of(lambda: raw_rows(path))
    with Store(path) as store:
        seconds, report = best_of(lambda: build_report(store, AS_OF))
    payload = report_json(report)
    print(f"{len(payload['benefits'])} benefits, {count} raw rows")
    verdict = "OK" if seconds < 2 else "SLOW"
    print(report_line("report", seconds, baseline, f"target < 2 s: {verdict}"))


if __name__ == "__main__":
    main()
