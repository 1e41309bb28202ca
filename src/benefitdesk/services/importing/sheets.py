"""Importing the definition sheets: settings, people, projects, benefits, indicators.

Each sheet's records are checked (references, duplicates, the rules the forms apply,
the approval gate) and the good ones upserted. A record with a problem is rejected and
its problem reported at its cell; since any error rolls the import back, rejected rows
only ever matter for the dry run's listing.
"""

from __future__ import annotations

from typing import Any

from benefitdesk.exchange.errors import CellError, Problem, show
from benefitdesk.exchange.headers import normalise
from benefitdesk.model import Benefit, Indicator, Person, PortfolioSettings, Project, table_of
from benefitdesk.services.importing.parse import LENIENT, Record
from benefitdesk.services.importing.plan import Item, Ledger, RowChange, code_key, name_key, same
from benefitdesk.services.importing.rebaseline import Rebaselines
from benefitdesk.services.importing.validate import (
    SETTING_KEYS,
    SETTING_SPELLINGS,
    next_code,
    setting_value,
)
from benefitdesk.services.importing.write import People, Writer
from benefitdesk.store import Session, Table
from benefitdesk.store.audit import as_text
from benefitdesk.store.bulk import all_rows, first_row, insert_row, some_columns, update_row

#: Sheet fields stored under another column name (people and projects by id).
REFERENCE_COLUMNS = {
    "owner": "owner_id",
    "sponsor": "sponsor_id",
    "manager": "manager_id",
    "project": "project_id",
}


def _looks_like_code(text: str) -> bool:
    """ "P-100", "PRJ7", "CRM": a code; "Roads", "Rural Land Project": a name."""
    word = text.strip()
    if not word or " " in word or len(word) > 40:
        return False
    return any(c.isdigit() for c in word) or (word.isupper() and len(word) <= 10)


class DefinitionSheets:
    """Writes the definition sheets and answers lookups for the sheets that follow."""

    def __init__(
        self,
        session: Session,
        ledger: Ledger,
        problems: list[Problem],
        rebaselines: Rebaselines | None = None,
    ) -> None:
        self.session = session
        self.rebaselines = rebaselines or Rebaselines("", confirmed=False)
        self.ledger = ledger
        self.problems = problems
        self.up = Writer(session, ledger)
        self.people = People(session, self.up)
        self.rejected: dict[str, set[str]] = {"projects": set(), "benefits": set()}
        self.rejected["indicators"] = set()
        self.benefit_ids: dict[str, int] = {}
        self.benefit_codes: dict[int, str] = {}
        self.indicator_ids: dict[str, int] = {}
        self.indicator_codes: dict[int, str] = {}
        self.indicator_benefit: dict[int, int] = {}
        self.touched_benefits: set[int] = set()
        self.codes_used: set[str] = set()  # code keys given in this import, any kind
        self.seen: dict[str, dict[Any, tuple[str, int]]] = {}  # kind → key → (sheet, row)
        self.rows_seen: dict[str, dict[tuple[Any, ...], int]] = {}  # sheet → values → row
        self.projects_added: list[str] = []
        self._projects: dict[str, int] | None = None
        self._load_codes()

    def _load_codes(self) -> None:
        b, i = table_of(Benefit), table_of(Indicator)
        for benefit in some_columns(self.session, b, "id", "code"):
            self.benefit_ids[code_key(benefit.code)] = benefit.id
            self.benefit_codes[benefit.id] = benefit.code
        for indicator in some_columns(self.session, i, "id", "code", "benefit_id"):
            self.indicator_ids[code_key(indicator.code)] = indicator.id
            self.indicator_codes[indicator.id] = indicator.code
            self.indicator_benefit[indicator.id] = indicator.benefit_id

    # --- helpers -------------------------------------------------------------------------

    def error(self, record: Record, field: str | None, message: str) -> None:
        self.problems.append(record.problem(field, message))
        record.failed = True

    def warn(self, record: Record, field: str | None, message: str) -> None:
        self.problems.append(record.problem(field, message, "warning"))

    def reject(self, kind: str, record: Record, key: str | None = None) -> None:
        self.ledger.tally(kind).rejected += 1
        if key is not None and kind in self.rejected:
            self.rejected[kind].add(key)

    def unique(
        self, record: Record, field: str, key: Any, seen: dict[Any, Any] | str, what: str
    ) -> bool:
        """Whether `key` is met for the first time in `seen` (a dict, or the name of a
        kind whose keys are remembered across the sheets of the file)."""
        table = self.seen.setdefault(seen, {}) if isinstance(seen, str) else seen
        first = table.setdefault(key, (record.sheet, record.number))
        if first != (record.sheet, record.number):
            where = (
                f"row {first[1]}"
                if first[0] == record.sheet
                else f'sheet "{first[0]}", row {first[1]}'
            )
            self.error(record, field, f"{what} is also in {where}")
            return False
        return True

    def skip_repeated(self, record: Record, kind: str) -> bool:
        """A row that repeats an earlier row of its sheet exactly is skipped (exports
        and merged registers often hold a block twice), and said."""
        if record.failed:
            return False
        values = tuple(sorted((k, repr(v)) for k, v in record.values.items()))
        first = self.rows_seen.setdefault(record.sheet, {}).setdefault(values, record.number)
        if first == record.number:
            return False
        self.warn(record, None, f"row {record.number} repeats row {first} exactly; skipped")
        return True

    def lengths(self, record: Record, table: Table, values: dict[str, Any], kind: str = "") -> None:
        """Text longer than its column: an error, or for a register's descriptive field
        a warning and the field left as it was."""
        for column, value in list(values.items()):
            limit = getattr(table.c[column].type, "length", None) if column in table.c else None
            if isinstance(value, str) and limit and len(value) > limit:
                field = next((f for f, c in REFERENCE_COLUMNS.items() if c == column), column)
                message = f"{show(value)} is longer than {limit} characters"
                if field in LENIENT.get(kind, ()):
                    values.pop(column)
                    self.warn(record, field, f"{message}; left as it was (empty for a new row)")
                else:
                    self.error(record, field, message)

    def made_codes(self, kind: str, sheet: str, codes: list[str]) -> None:
        shown = codes[0] if len(codes) == 1 else f"{codes[0]} to {codes[-1]}"
        what = "row" if len(codes) == 1 else "rows"
        message = f"{len(codes):,} new {what} without a code: given {shown}"
        self.problems.append(Problem(sheet, None, message, "warning"))

    def person(self, record: Record, field: str) -> int | None:
        name = record.values.get(field)
        return None if name is None else self.people.ensure(name, record)

    def benefit_ref(self, record: Record, field: str = "benefit") -> int | None:
        code = record.values.get(field)
        if code is None:
            return None
        found = self.benefit_ids.get(code_key(code))
        if found is None:
            self.error(record, field, self._unknown("benefit", "Benefits", code))
        return found

    def indicator_ref(self, record: Record, field: str = "indicator") -> int | None:
        code = record.values.get(field)
        found = self.indicator_ids.get(code_key(code)) if code is not None else None
        if found is None and code is not None:
            self.error(record, field, self._unknown("indicator", "Indicators", code))
        return found

    def _unknown(self, what: str, sheet: str, code: str) -> str:
        kind = {"benefit": "benefits", "indicator": "indicators", "project": "projects"}[what]
        if code_key(code) in self.rejected[kind]:
            return f'{what} "{code}" is not imported: its row on {sheet} has problems'
        return f'unknown {what} "{code}"'

    # --- settings ------------------------------------------------------------------------

    def settings(self, records: list[Record]) -> None:
        table = table_of(PortfolioSettings)
        current = first_row(self.session, table)
        if current is None:
            insert_row(self.session, table, {"id": 1})
            current = first_row(self.session, table)
            assert current is not None  # just inserted
        tally = self.ledger.tally("settings")
        wanted: dict[str, tuple[Any, Record]] = {}
        seen: dict[Any, int] = {}
        for record in records:
            key_text = record.values.get("key")
            name = SETTING_KEYS.get(normalise(str(key_text))) if key_text else None
            if not record.failed and name is None:
                known = ", ".join(SETTING_SPELLINGS)
                self.warn(record, "key", f"{show(key_text)} is not a setting ({known}); ignored")
                continue
            if record.failed or not self.unique(record, "key", name, seen, f'setting "{name}"'):
                tally.rejected += 1
                continue
            try:
                value = setting_value(str(name), record.values.get("value"))
            except CellError as exc:
                self.error(record, "value", str(exc))
                tally.rejected += 1
                continue
            wanted[str(name)] = (value, record)
        amber = wanted.get("amber_pct", (current.amber_pct, None))[0]
        red, red_record = wanted.get("red_pct", (current.red_pct, None))
        if red < amber:
            where = red_record or wanted["amber_pct"][1]
            self.error(where, "value", f"red ({red:g}) must be at least amber ({amber:g})")
            tally.rejected += 1
            return
        audit, changed = [], {}
        for name, (value, _record) in wanted.items():
            old = getattr(current, name)
            if same(old, value):
                tally.unchanged += 1
                continue
            changed[name] = value
            tally.changed += 1
            audit.append(
                {
                    "action": "update",
                    "entity": table.name,
                    "entity_id": current.id,
                    "label": "settings",
                    "field": name,
                    "old": as_text(old),
                    "new": as_text(value),
                }
            )
        if changed:  # in one statement: amber 30 and red 40 together keep red >= amber
            update_row(self.session, table, current.id, changed)
        self.up.audit(audit)

    # --- people --------------------------------------------------------------------------

    def people_sheet(self, records: list[Record]) -> None:
        table = table_of(Person)
        existing = {name_key(r.name): r for r in all_rows(self.session, table)}
        items: list[Item] = []
        seen: dict[str, tuple[str, int]] = {}
        for record in records:
            name = record.values.get("name")
            values = {f: record.values[f] for f in ("email", "role") if record.has(f)}
            self.lengths(record, table, {"name": name, **values})
            if (
                record.failed
                or name is None
                or not self.unique(record, "name", name_key(name), seen, name)
            ):
                self.reject("people", record)
                continue
            items.append(Item(record, name_key(name), values, " ".join(name.split())))
        ids = self.up.upsert(
            "people", table, items, existing, fixed=lambda item: {"name": item.label}
        )
        for item in items:
            old = existing.get(item.key)
            self.people.remember(old.name if old is not None else item.label, ids[item.key])

    # --- projects ------------------------------------------------------------------------

    def projects(self, records: list[Record]) -> None:
        table = table_of(Project)
        rows = list(all_rows(self.session, table))
        existing = {code_key(r.code): r for r in rows}
        by_name = {name_key(r.name): r for r in rows}
        direct: tuple[str, ...] = ("name", "status", "approval_date", "planned_go_live")
        direct += ("actual_go_live", "budget", "actual_cost", "percent_complete", "delivery_rag")
        items: list[Item] = []
        made: list[str] = []
        for record in records:
            if self.skip_repeated(record, "projects"):
                continue
            values = {f: record.values[f] for f in direct if record.has(f)}
            code = record.values.get("code")
            if code is None and not record.failed:  # a list of names: matched by name
                old = by_name.get(name_key(values.get("name") or ""))
                code = (
                    old.code if old is not None else next_code("P", set(existing) | self.codes_used)
                )
                made += [] if old is not None else [code]
            pct = values.get("percent_complete")
            if pct is not None and not 0 <= pct <= 100:
                self.error(record, "percent_complete", f"{pct:g} is not a percentage (0 to 100)")
            self.lengths(record, table, {"code": code})
            self.lengths(record, table, values, "projects")
            if (
                record.failed
                or code is None
                or not self.unique(record, "code", code_key(code), "projects", code)
            ):
                self.reject("projects", record, code_key(code) if code else None)
                continue
            self.codes_used.add(code_key(code))
            for field in ("sponsor", "manager"):
                if record.has(field):
                    values[REFERENCE_COLUMNS[field]] = self.person(record, field)
            items.append(Item(record, code_key(code), values, code))
        self.up.upsert("projects", table, items, existing, fixed=lambda item: {"code": item.label})
        self._projects = None  # looked up afresh by the sheets that refer to projects
        if made:
            self.made_codes("projects", records[0].sheet, made)

    def project_ids(self) -> dict[str, int]:
        """Projects by code, by name, and by a code at the start of a label ("P-100 CRM")."""
        if self._projects is None:
            found: dict[str, int] = {}
            rows = list(all_rows(self.session, table_of(Project)))
            for row in rows:
                found.setdefault(name_key(row.name), row.id)
            for row in rows:
                found[code_key(row.code)] = row.id
            self._projects = found
        return self._projects

    def project_ref(self, record: Record) -> int | None:
        """The project a row names, by code or name; a project the portfolio does not
        have yet is added (as people are), with a code if the text is not one."""
        text = record.values.get("project")
        if text is None:
            return None
        lookup = self.project_ids()
        found = lookup.get(code_key(text)) or lookup.get(name_key(text))
        if found is None and text.split():
            found = lookup.get(code_key(text.split()[0]))
        if found is None and code_key(text) in self.rejected["projects"]:
            self.error(record, "project", self._unknown("project", "Projects", text))
            return None
        return found if found is not None else self._add_project(record, text)

    def _add_project(self, record: Record, text: str) -> int:
        table = table_of(Project)
        is_code = _looks_like_code(text)
        taken = {k for k in self.project_ids() if k}
        code = text.strip() if is_code else next_code("P", taken | self.codes_used)
        project_id = insert_row(self.session, table, {"code": code, "name": text.strip()[:300]})
        self.up.audit([{"action": "insert", "entity": "project", "entity_id": project_id,
                        "label": code, "field": None, "old": None, "new": code}])  # fmt: skip
        self.project_ids()[code_key(code)] = project_id
        self.project_ids().setdefault(name_key(text), project_id)
        self.projects_added.append(code if code == text.strip() else f"{code} {text.strip()}")
        self.ledger.tally("projects").added += 1
        self.ledger.note(RowChange("projects", code, "add", record.sheet, record.number))
        return project_id

    # --- indicators ----------------------------------------------------------------------

    def indicators(self, records: list[Record]) -> None:
        table = table_of(Indicator)
        existing = {code_key(r.code): r for r in all_rows(self.session, table)}
        direct: tuple[str, ...] = ("name", "unit", "baseline", "baseline_date", "target")
        direct += ("target_date", "frequency", "data_source")
        items: list[Item] = []
        seen: dict[str, tuple[str, int]] = {}
        for record in records:
            code = record.values.get("code")  # required: None only on a failed record
            values = {f: record.values[f] for f in direct if record.has(f)}
            self.lengths(record, table, {"code": code})
            self.lengths(record, table, values, "indicators")
            if not record.failed and code is not None:
                values["benefit_id"] = self.benefit_ref(record)
                old = existing.get(code_key(code))
                b = values.get("baseline", getattr(old, "baseline", None))
                t = values.get("target", getattr(old, "target", None))
                if b is not None and t is not None and b == t:
                    where = "target" if record.has("target") else "baseline"
                    self.error(record, where, f"the target equals the baseline ({b:g})")
            if (
                record.failed
                or code is None
                or not self.unique(record, "code", code_key(code), seen, code)
            ):
                self.reject("indicators", record, code_key(code) if code else None)
                continue
            items.append(Item(record, code_key(code), values, code))
        ids = self.up.upsert(
            "indicators", table, items, existing, fixed=lambda i: {"code": i.label}
        )
        for item in items:
            indicator_id = ids[item.key]
            self.indicator_ids[item.key] = indicator_id
            self.indicator_codes[indicator_id] = item.label
            self.indicator_benefit[indicator_id] = item.values["benefit_id"]
            self.touched_benefits.add(item.values["benefit_id"])
