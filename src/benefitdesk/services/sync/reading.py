"""Read a profile's source into figures: parse, map keys to codes, aggregate.

Nothing is written here. Reading collects every problem (each distinct unknown key
once, with its first place and how many rows carry it) so that one run tells the user
everything to fix; the caller writes only when there is no error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from benefitdesk.exchange.errors import CellError, ExchangeError, Problem, show
from benefitdesk.exchange.values import is_blank, parse_date, parse_number
from benefitdesk.model import Benefit, Indicator, table_of
from benefitdesk.progress import CancelCheck, Cancelled
from benefitdesk.services.importing import code_key
from benefitdesk.services.sync.aggregation import Aggregator, Figure
from benefitdesk.services.sync.profiles import SyncProfile, key_text
from benefitdesk.services.sync.sources import Source, open_source
from benefitdesk.store import Session
from benefitdesk.store.bulk import some_columns

Progress = Callable[[int], None]  # rows read so far

#: Problems kept per profile; the counts stay exact beyond it.
MAX_PROBLEMS = 200
#: Rows read between two progress reports (and checks for Cancel).
TICK = 5_000


@dataclass(frozen=True, slots=True)
class Target:
    id: int
    code: str  # as the portfolio spells it
    indicator: bool
    benefit_id: int  # the benefit itself, or the indicator's benefit


@dataclass(frozen=True)
class Targets:
    """Benefit and indicator codes of the portfolio, matched ignoring case."""

    by_key: dict[str, Target]

    def find(self, code: str) -> Target | None:
        return self.by_key.get(code_key(code))


def load_targets(session: Session) -> Targets:
    found: dict[str, Target] = {}
    i = table_of(Indicator)
    for indicator in some_columns(session, i, "id", "code", "benefit_id"):
        found[code_key(indicator.code)] = Target(
            indicator.id, indicator.code, True, indicator.benefit_id
        )
    b = table_of(Benefit)
    for benefit in some_columns(session, b, "id", "code"):  # a benefit wins a shared code
        found[code_key(benefit.code)] = Target(benefit.id, benefit.code, False, benefit.id)
    return Targets(found)


@dataclass(frozen=True, slots=True)
class SampleRow:
    """One source row as read, for the editor's preview."""

    place: str
    key: str
    date: str
    value: str
    code: str  # the code it maps to, or why it does not


@dataclass
class Reading:
    """What a profile's source holds now, as figures ready to write."""

    profile: SyncProfile
    kind: str = ""
    location: str = ""  # resolved file path, or masked URL and query
    file_name: str | None = None
    sha256: str | None = None
    rows_read: int = 0  # rows with a key
    figures: list[Figure] = field(default_factory=list)
    targets: dict[str, Target] = field(default_factory=dict)  # code → target
    problems: list[Problem] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    unmapped: Counter[str] = field(default_factory=Counter)  # source key → rows
    unused_keys: list[str] = field(default_factory=list)  # map keys no row carried
    sample: list[SampleRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add(self, problem: Problem) -> None:
        if problem.is_error:
            self.error_count += 1
        else:
            self.warning_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def _cell_text(value: Any) -> str:
    return "" if is_blank(value) else show(value, 60).strip('"')


class _Reader:
    def __init__(self, profile: SyncProfile, targets: Targets, reading: Reading, sample: int):
        self.profile = profile
        self.reading = reading
        self.sample = sample
        self.map: dict[str, str | None] = {}  # key text → code (None: code unknown)
        for source_key, code in profile.keys.items():
            target = targets.find(code)
            self.map[key_text(source_key)] = target.code if target else None
            if target is None:
                message = f'"{source_key}" → "{code}": no benefit or indicator has this code'
                reading.add(Problem("key map", None, message))
            else:
                reading.targets[target.code] = target
        self.used: set[str] = set()
        self.unknown: set[str] = set()
        self.keyless = 0  # rows with a date or value but no key
        self.valueless = 0  # mapped rows with a blank value

    def row(
        self, source: Source, agg: Aggregator, number: int, key: Any, day: Any, value: Any
    ) -> None:
        reading, profile = self.reading, self.profile
        if is_blank(key):
            if not (is_blank(day) and is_blank(value)):
                self.keyless += 1
            return
        reading.rows_read += 1
        text = key_text(key)
        mapped = text in self.map
        code = self.map.get(text)
        if mapped:
            self.used.add(text)
        else:
            shown_key = str(key).strip()
            reading.unmapped[shown_key] += 1
            if profile.unmapped == "error" and text not in self.unknown:
                self.unknown.add(text)
                sheet, cell = source.place(number, "key")
                message = f'unknown key "{shown_key}": not in the key map'
                reading.add(Problem(sheet, cell, message))
        parsed_day = parsed_value = None
        if mapped:
            parsed_day = self._date(source, number, day)
            parsed_value = self._value(source, number, value) if profile.needs_value else 0.0
        if len(reading.sample) < self.sample:
            why = code or ("— unknown code" if mapped else "— not in the key map")
            reading.sample.append(
                SampleRow(
                    " ".join(filter(None, source.place(number))),
                    _cell_text(key),
                    _cell_text(day),
                    _cell_text(value),
                    why,
                )
            )
        if code is not None and parsed_day is not None and parsed_value is not None:
            agg.add(code, parsed_day, parsed_value)

    def _date(self, source: Source, number: int, raw: Any) -> date | None:
        try:
            day = parse_date(raw, day_first=self.profile.day_first)
        except CellError as exc:
            sheet, cell = source.place(number, "date")
            self.reading.add(Problem(sheet, cell, str(exc)))
            return None
        if day is None:
            sheet, cell = source.place(number, "date")
            self.reading.add(Problem(sheet, cell, "the row has no date"))
        return day

    def _value(self, source: Source, number: int, raw: Any) -> float | None:
        if isinstance(raw, Decimal):
            raw = float(raw)
        try:
            value = parse_number(raw, decimal=self.profile.decimal)
        except CellError as exc:
            sheet, cell = source.place(number, "value")
            self.reading.add(Problem(sheet, cell, str(exc)))
            return None
        if value is None:
            self.valueless += 1
        return value

    def finish(self) -> None:
        reading = self.reading
        where = reading.file_name or "query"
        for count, what in ((self.keyless, "no key"), (self.valueless, "no value")):
            if count:
                noun = "row has" if count == 1 else "rows have"
                reading.add(Problem(where, None, f"{count:,} {noun} {what}: skipped", "warning"))
        if self.profile.unmapped == "skip" and reading.unmapped:
            keys = ", ".join(f'"{k}"' for k in list(reading.unmapped)[:10])
            more = ", …" if len(reading.unmapped) > 10 else ""
            rows = sum(reading.unmapped.values())
            noun = "row" if rows == 1 else "rows"
            message = f"{rows:,} {noun} with keys not in the key map skipped: {keys}{more}"
            reading.add(Problem(where, None, message, "warning"))
        reading.unused_keys = [k for k in self.profile.keys if key_text(k) not in self.used]
        if reading.unused_keys and reading.rows_read:
            keys = ", ".join(f'"{k}"' for k in reading.unused_keys)
            reading.add(Problem("key map", None, f"no row carries {keys}", "warning"))


def read_profile(
    profile: SyncProfile,
    targets: Targets,
    home: Path | None,
    *,
    sample: int = 0,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Reading:
    """Read the source and aggregate it; problems go into the result. Raises
    `Cancelled` when `cancelled()` turns true."""
    reading = Reading(profile)
    reader = _Reader(profile, targets, reading, sample)
    agg = Aggregator(profile.aggregate, profile.period)
    try:
        with open_source(profile, home) as source:
            reading.kind, reading.location = source.kind, source.location
            reading.file_name = source.file_name
            for count, (number, key, day, value) in enumerate(source.rows, 1):
                reader.row(source, agg, number, key, day, value)
                if count % TICK == 0:
                    if cancelled is not None and cancelled():
                        raise Cancelled(f"{profile.name}: cancelled; nothing was written")
                    if progress is not None:
                        progress(count)
            source.finish()
            reading.sha256 = source.sha256
    except ExchangeError as exc:
        for problem in exc.problems:
            reading.add(problem)
        return reading
    except OSError as exc:  # unreadable file, permissions, a share gone away
        where = Path(exc.filename).name if exc.filename else (profile.path or "source")
        reading.add(Problem(where, None, f"cannot be read ({exc.strerror or exc})"))
        return reading
    reader.finish()
    reading.figures = agg.figures()
    return reading
