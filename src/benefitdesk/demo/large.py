"""The large demo portfolio: 10,000 benefits and 1,000,000 measurements for performance work.

The schema comes from ``Store(path, create=True)`` like any portfolio; the rows go in
through raw DB-API ``executemany`` in one transaction, because the ORM would take minutes
and gigabytes here (measured here: ≈1.6 s per million rows raw, ≈130 s through
``add_all``). Rows are written in (owner, date) order so the unique (benefit, date)
index is only ever appended to, with ISO date strings and enum *values*, exactly as
the schema stores them.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from benefitdesk.analysis.plan import PlanCurve, linear_profile, s_curve_profile
from benefitdesk.analysis.types import Point
from benefitdesk.demo.common import Calendar, email, user_name
from benefitdesk.demo.file import built_atomically
from benefitdesk.store import Store

Progress = Callable[[int, int], None]
#: (plan curve, baseline, target, final favourable gap in % of the improvement, sign)
Story = tuple[PlanCurve, float, float, float, int]


class Cursor(Protocol):
    """The part of a DB-API cursor the generator uses."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> Any: ...


#: Benefits per chunk of measurements: bounds memory and paces progress reports.
CHUNK = 500

FIRST_NAMES = (
    "Aisha", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hannah", "Ian", "Jade",
    "Karim", "Laura", "Mohammed", "Nina", "Oliver", "Priya", "Quentin", "Rosa", "Sam", "Tara",
    "Umar", "Vera", "William", "Xin", "Yusuf", "Zoe", "Callum", "Freya", "Niamh", "Owen",
)  # fmt: skip
LAST_NAMES = (
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morgan", "Nolan", "O'Brien", "Patel", "Quinn", "Roberts",
    "Singh", "Taylor", "Underwood", "Vaughan", "Walsh", "Young", "Zhang", "Murphy", "Kelly",
    "Reid", "Shaw", "Wood",
)  # fmt: skip
ROLES = (
    "Finance Director", "Operations Manager", "Head of Sales", "HR Business Partner",
    "Service Manager", "Programme Manager", "Project Manager", "Procurement Lead",
    "Head of IT", "Customer Experience Lead", "Ward Manager", "Estates Manager",
)  # fmt: skip
AREAS = (
    "Finance", "Sales", "HR", "Operations", "IT", "Customer Service", "Estates",
    "Supply Chain", "Clinical", "Procurement", "Logistics", "Marketing",
)  # fmt: skip
THINGS = (
    "automation", "system replacement", "process redesign", "self-service portal",
    "analytics platform", "consolidation", "digitisation", "outsourcing review",
)  # fmt: skip
#: (category, classification, title, unit, baseline range, relative change).
TEMPLATES: tuple[tuple[str, str | None, str, str, tuple[float, float], float], ...] = (
    ("cost saving", "cash-releasing", "Cost per transaction", "£", (4.0, 20.0), -0.45),
    ("cost saving", "cash-releasing", "Third-party spend", "£k per month", (50, 400), -0.2),
    ("revenue", "cash-releasing", "Revenue per customer", "£ per month", (80, 600), 0.15),
    ("revenue", None, "Conversion rate", "%", (8, 30), 0.3),
    ("productivity", "non-cash-releasing", "Hours released", "hours per month", (0, 0), 1.0),
    ("productivity", "non-cash-releasing", "Cycle time", "days", (5, 40), -0.4),
    ("customer", None, "Customer satisfaction", "%", (55, 80), 0.12),
    ("quality", "societal", "Error rate", "per 1,000 cases", (5, 30), -0.6),
    ("risk/compliance", "societal", "Compliance breaches", "per quarter", (10, 60), -0.5),
    ("strategic", None, "Digital adoption", "%", (5, 40), 1.0),
)
FREQUENCIES = ("monthly",) * 17 + ("quarterly", "quarterly", "weekly")
SOURCES = ("manual",) * 5 + ("import",) * 3 + ("sync",) * 2
LIFECYCLES = ("tracking",) * 12 + ("realised", "closed", "draft", "cancelled")
#: Final favourable variance (% of the improvement): mostly on track, some behind.
GAPS = (4.0, 2.0, 0.0, -5.0, 6.0, -17.0, -40.0, 12.0, 20.0, -14.0)


def create_large_demo(
    path: Path | str,
    *,
    benefits: int = 10_000,
    measurements: int = 1_000_000,
    today: date | None = None,
    seed: int = 7,
    progress: Progress | None = None,
) -> Store:
    """Create a large synthetic portfolio at ``path`` and return it open.

    ``measurements`` are spread evenly over the benefits (100 each by default), monthly
    and going back from the last closed month. Refuses an existing non-empty file.
    """
    if benefits < 1 or measurements < 0:
        raise ValueError("the large demo needs at least one benefit")
    path = Path(path)
    with built_atomically(path) as building:
        store = Store(building, create=True)
        try:
            LargeDemo(benefits, measurements, today or date.today(), seed, progress).write(store)
        finally:
            store.close()
    return Store(path)


def insert(cursor: Cursor, table: str, columns: str, rows: Iterable[Sequence[Any]]) -> None:
    """``executemany`` an INSERT of ``rows`` into the space-separated ``columns``."""
    names = columns.split()
    marks = ", ".join("?" * len(names))
    cursor.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)


class LargeDemo:
    """Generates the rows table by table and streams them into one transaction."""

    def __init__(
        self, benefits: int, measurements: int, today: date, seed: int, progress: Progress | None
    ) -> None:
        self.n_benefits = benefits
        self.n_measurements = measurements
        self.cal = Calendar(today)
        self.rng = random.Random(seed)
        self.progress = progress
        self.n_projects = max(1, benefits // 20)
        self.n_people = max(12, benefits * 3 // 100)
        self.per_benefit = measurements // benefits
        self.extra = measurements % benefits  # the first ``extra`` benefits get one more
        # Month ends and their recorded-at stamps, precomputed once: index i is offset
        # ``i - self.back`` from the last closed month.
        self.back = self.per_benefit + (1 if self.extra else 0) + 12
        offsets = range(-self.back, 12 + 72 + 13)  # go-live ≤ +12, target ≤ +72 after it
        self.month_ends = [self.cal.month_end(k) for k in offsets]
        self.iso = [d.isoformat() for d in self.month_ends]
        self.ordinals = [d.toordinal() for d in self.month_ends]
        self.stamps = [f"{d + timedelta(days=5)} 09:00:00.000000" for d in self.month_ends]
        self.go_live: list[int] = []  # per project: month offset of go-live
        self.owners: list[int] = []  # per benefit: owner person id

    def month(self, offset: int) -> int:
        """Index into the precomputed month lists for a month offset."""
        return offset + self.back

    def write(self, store: Store) -> None:
        connection = store.engine.raw_connection()
        driver = connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)  # a demo is a SQLite file
        try:
            cursor = driver.cursor()
            # A 1M-row transaction overflows SQLite's default 2 MB page cache and spills
            # into the WAL while still inserting; measured here, a 256 MB ceiling cuts the
            # insert time by ~40 %. The connection is discarded afterwards (NullPool).
            cursor.execute("PRAGMA cache_size = -262144")
            cursor.execute("BEGIN")
            try:
                self.write_rows(cursor)
                cursor.execute("COMMIT")
            except BaseException:
                if driver.in_transaction:  # a full disk ends it
                    cursor.execute("ROLLBACK")
                raise
        finally:
            connection.close()

    def write_rows(self, cursor: Cursor) -> None:
        cursor.execute(
            "UPDATE portfolio_settings SET name = ?, currency = 'GBP' WHERE id = 1",
            ("Northwind Group (large demo)",),
        )
        cursor.execute(
            "INSERT INTO import_batch (id, kind, source, created_at, created_by, rows_read,"
            " rows_added, rows_changed, rows_unchanged) VALUES (1, 'demo', ?, ?, 'benefitdesk',"
            " ?, ?, 0, 0)",
            (
                "BenefitDesk large demo generator",
                f"{self.cal.today} 07:00:00.000000",
                self.n_measurements,
                self.n_measurements,
            ),
        )
        self.people(cursor)
        self.projects(cursor)
        curves = self.benefits(cursor)
        self.measurements(cursor, curves)
        self.indicators(cursor)
        self.follow_up(cursor)

    def people(self, cursor: Cursor) -> None:
        pool = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        self.rng.shuffle(pool)
        # Names are unique in the schema: beyond the pool, number the repeats.
        names = [
            pool[i % len(pool)] + (f" {i // len(pool) + 1}" if i >= len(pool) else "")
            for i in range(self.n_people)
        ]
        rows = [
            (i, name, email(name).replace("'", ""), self.rng.choice(ROLES))
            for i, name in enumerate(names, start=1)
        ]
        insert(cursor, "person", "id name email role", rows)
        self.user_names = {i: user_name(name) for i, name, _, _ in rows}

    def person(self) -> int:
        return self.rng.randint(1, self.n_people)

    def projects(self, cursor: Cursor) -> None:
        rng, cal, rows = self.rng, self.cal, []
        for i in range(1, self.n_projects + 1):
            go_live = -rng.randint(6, max(7, self.per_benefit - 6))
            status, rag, done = "live", rng.choice(("green", "green", "amber", "red")), 100.0
            planned = go_live - rng.choice((0, 0, 0, 1, 2, 4))
            actual: int | None = go_live
            if i % 10 == 0:  # a tenth still in delivery: go-live ahead
                go_live = planned = rng.randint(1, 12)
                status, actual, done = "in delivery", None, float(rng.randint(10, 90))
            elif i % 7 == 0:
                status = "closed"
            self.go_live.append(go_live)
            budget = rng.randrange(100_000, 5_000_000, 10_000)
            rows.append(
                (
                    i,
                    f"P-{i:04d}",
                    f"{rng.choice(AREAS)} {rng.choice(THINGS)}",
                    self.person(),
                    self.person(),
                    status,
                    cal.month_start(planned - rng.randint(6, 12)).isoformat(),
                    cal.month_start(planned).isoformat(),
                    None if actual is None else cal.month_start(actual).isoformat(),
                    budget,
                    round(budget * rng.uniform(0.3 if actual is None else 0.85, 1.3), -3),
                    done,
                    rag,
                )
            )
        insert(
            cursor,
            "project",
            "id code name sponsor_id manager_id status approval_date planned_go_live "
            "actual_go_live budget actual_cost percent_complete delivery_rag",
            rows,
        )

    def project_of(self, benefit: int) -> int:
        """0-based project index of a 1-based benefit id: contiguous runs of benefits."""
        return (benefit - 1) * self.n_projects // self.n_benefits

    def benefits(self, cursor: Cursor) -> list[Story]:
        """Benefit rows, their owners (accountable) and plans; returns each one's story.

        The final gaps mix on track, at risk, off track and realised benefits; a benefit
        whose project has not gone live keeps to its baseline.
        """
        rng, cal, width = self.rng, self.cal, max(3, len(str(self.n_benefits)))
        benefit_rows: list[tuple[Any, ...]] = []
        stakeholders: list[tuple[Any, ...]] = []
        versions: list[tuple[Any, ...]] = []
        points: list[tuple[Any, ...]] = []
        stories: list[Story] = []
        for i in range(1, self.n_benefits + 1):
            project = self.project_of(i)
            category, classification, title, unit, (low, high), change = rng.choice(TEMPLATES)
            baseline = round(rng.uniform(low, high), 1)
            target = round(baseline * (1 + change), 1) if baseline else rng.randint(2, 20) * 40.0
            if target == baseline:
                target = baseline + 1
            kind, sign = ("dis-benefit", -1) if i % 50 == 0 else ("benefit", 1)
            start = self.go_live[project]
            base_at = -self.per_benefit - 10  # before the first figure, even of late reporters
            target_at = start + rng.randint(12, 72)
            frequency = rng.choice(FREQUENCIES)
            lifecycle = "approved" if start > 0 else rng.choice(LIFECYCLES)
            owner = self.person()
            value = None if rng.random() < 0.2 else float(rng.randrange(20_000, 2_000_000, 1_000))
            benefit_rows.append(
                (
                    i, f"B-{i:0{width}d}", project + 1, f"{title} ({i})", kind, category,
                    classification, title, unit, baseline, self.iso[self.month(base_at)], target,
                    self.iso[self.month(target_at)], owner, f"{title} report", frequency, value,
                    rng.choice(("low", "medium", "high")), lifecycle,
                    cal.month_start(base_at).isoformat(),
                )
            )  # fmt: skip
            stakeholders.append((i, owner, "accountable"))
            go_live = cal.month_start(start)
            base_date = self.month_ends[self.month(base_at)]
            target_date = self.month_ends[self.month(target_at)]
            shape = s_curve_profile if i % 3 == 0 else linear_profile
            plan = shape(baseline, base_date, target, target_date, go_live, "quarterly")
            versions.append((len(versions) + 1, i, 1, "Business case", self.stamp(base_date)))
            points += [(len(versions), p.date.isoformat(), p.value) for p in plan]
            if i % 20 == 0:  # re-baselined: the plan moved three months later
                late = timedelta(days=91)
                plan = shape(
                    baseline, base_date, target, target_date + late, go_live + late, "quarterly"
                )
                reason = "Go-live slipped; plan shifted three months"
                versions.append((len(versions) + 1, i, 2, reason, self.stamp(go_live)))
                points += [(len(versions), p.date.isoformat(), p.value) for p in plan]
            gap = rng.choice(GAPS) if start <= 0 else 0.0
            curve = PlanCurve([Point(base_date, baseline), *plan])
            stories.append((curve, baseline, target, gap, sign))
        self.owners = [row[13] for row in benefit_rows]
        insert(
            cursor,
            "benefit",
            "id code project_id title kind category classification measure unit baseline "
            "baseline_date target target_date owner_id data_source frequency financial_value "
            "confidence status defined_on",
            benefit_rows,
        )
        insert(cursor, "stakeholder", "benefit_id person_id role", stakeholders)
        insert(cursor, "plan_version", "id benefit_id version reason created_at", versions)
        insert(cursor, "plan_point", "plan_version_id date value", points)
        return stories

    @staticmethod
    def stamp(d: date) -> str:
        return f"{d} 09:00:00.000000"

    def measurements(self, cursor: Cursor, stories: Sequence[Story]) -> None:
        columns = "benefit_id date value source recorded_at recorded_by"
        done = 0
        for first in range(0, self.n_benefits, CHUNK):
            rows = list(self.measurement_rows(stories, first, min(first + CHUNK, self.n_benefits)))
            insert(cursor, "measurement", columns, rows)
            done += len(rows)
            if self.progress is not None:
                self.progress(done, self.n_measurements)

    def measurement_rows(
        self, stories: Sequence[Story], first: int, last: int
    ) -> Iterator[tuple[int, str, float, str, str, str]]:
        """Rows of benefits ``first``..``last`` (0-based), in (benefit, date) order.

        Figures follow the plan plus a gap that grows to the story's final gap, with
        noise; one benefit in 25 stopped reporting a few months ago (overdue).
        """
        rng, gauss = self.rng, self.rng.gauss
        iso, ordinals, stamps = self.iso, self.ordinals, self.stamps
        for b in range(first, last):
            curve, baseline, target, gap, sign = stories[b]
            count = self.per_benefit + (1 if b < self.extra else 0)
            end = self.month(0) - (rng.randint(3, 8) if b % 25 == 7 else 0)
            source = rng.choice(SOURCES)
            by = self.user_names[self.owners[b]] if source == "manual" else "elawson"
            span = sign * (target - baseline)  # a dis-benefit's favourable side is down
            for step, m in enumerate(range(end - count + 1, end + 1)):
                share = gap * step / max(1, count - 1) + gauss(0.0, 2.0)
                planned = curve.at_ordinal(ordinals[m])
                value = round(planned + span * share / 100.0, 2)
                yield (b + 1, iso[m], value, source, stamps[m], by)

    def indicators(self, cursor: Cursor) -> None:
        """An adoption indicator on one benefit in five, measured monthly since go-live."""
        rng = self.rng
        indicators: list[tuple[Any, ...]] = []
        rows: list[tuple[Any, ...]] = []
        for b in range(5, self.n_benefits + 1, 5):
            start = self.go_live[self.project_of(b)]
            if start > -3:
                continue
            code = f"I-{len(indicators) + 1:05d}"
            indicators.append(
                (
                    len(indicators) + 1, code, b, "Adoption rate", "%", 0.0,
                    self.cal.month_start(start).isoformat(), 90.0,
                    self.iso[self.month(start + 12)], "monthly", "Usage analytics",
                )
            )  # fmt: skip
            for m in range(self.month(max(start, -24)), self.month(0) + 1):
                months_live = m - self.month(start)
                value = 90.0 * min(1.0, months_live / 12) + rng.gauss(-3, 4)
                value = round(min(100.0, max(0.0, value)), 1)
                rows.append(
                    (len(indicators), self.iso[m], value, "sync", self.stamps[m], "elawson")
                )
        insert(
            cursor,
            "indicator",
            "id code benefit_id name unit baseline baseline_date target target_date frequency "
            "data_source",
            indicators,
        )
        insert(
            cursor,
            "indicator_measurement",
            "indicator_id date value source recorded_at recorded_by",
            rows,
        )

    def follow_up(self, cursor: Cursor) -> None:
        """Variance notes, corrective actions and activities on a tenth of the benefits."""
        rng, cal = self.rng, self.cal
        causes = ("adoption", "market/pricing", "implementation delay", "external economic",
                  "data quality", "scope change", "other")  # fmt: skip
        statuses = ("open", "in progress", "done", "dropped")
        notes, actions, activities = [], [], []
        for b in range(3, self.n_benefits + 1, 10):
            period = self.iso[self.month(-rng.randint(0, 6))]
            owner, due = self.owners[b - 1], cal.day(rng.randint(-90, 90)).isoformat()
            notes.append((b, period, rng.choice(causes), "Explained at the monthly review"))
            actions.append((b, "Recovery plan", owner, due, rng.choice(statuses)))
            activities.append(
                (b, "Refresher training", "training", owner, due, rng.choice(statuses))
            )
        insert(cursor, "variance_note", "benefit_id period cause explanation", notes)
        insert(cursor, "corrective_action", "benefit_id title owner_id due_date status", actions)
        insert(cursor, "activity", "benefit_id title kind owner_id due_date status", activities)
