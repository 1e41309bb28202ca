"""Importing the definition sheets: settings, people, projects, benefits, indicators.

Each sheet's records are checked (references, duplicates, the rules the forms apply,
the approval gate) and the good ones upserted. A record with a problem is rejected and
its problem reported at its cell; since any error rolls the import back, rejected rows
only ever matter for the dry run's listing.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from benefitdesk.analysis.checks import DefinitionInput, approval_errors, check_definition
from benefitdesk.exchange.errors import CellError, Problem, show
from benefitdesk.exchange.headers import normalise
from benefitdesk.exchange.values import parse_int, parse_number, parse_text
from benefitdesk.model import Benefit, Indicator, Lifecycle, Person, PortfolioSettings, Project
from benefitdesk.services.benefits import APPROVED_STATES
from benefitdesk.services.importing.parse import Record
from benefitdesk.services.importing.plan import Item, Ledger, code_key, name_key, same
from benefitdesk.services.importing.write import People, Writer
from benefitdesk.store.audit import as_text

#: Settings keys as people write them in the Key column.
SETTING_SPELLINGS: dict[str, tuple[str, ...]] = {
    "name": ("name", "portfolio", "portfolio name"),
    "currency": ("currency", "currency code"),
    "amber_pct": ("amber_pct", "amber", "amber threshold", "amber %", "amber tolerance"),
    "red_pct": ("red_pct", "red", "red threshold", "red %", "red tolerance"),
    "forecast_window": ("forecast_window", "forecast window", "forecast points"),
}
SETTING_KEYS = {
    normalise(s): key for key, spellings in SETTING_SPELLINGS.items() for s in spellings
}
_CURRENCY = re.compile(r"[A-Za-z]{3}")

#: Sheet fields stored under another column name (people and projects by id).
REFERENCE_COLUMNS = {
    "owner": "owner_id",
    "sponsor": "sponsor_id",
    "manager": "manager_id",
    "project": "project_id",
}


def table_of(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


class DefinitionSheets:
    """Writes the definition sheets and answers lookups for the sheets that follow."""

    def __init__(self, session: Session, ledger: Ledger, problems: list[Problem]) -> None:
        self.session = session
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
        self._load_codes()

    def _load_codes(self) -> None:
        b, i = table_of(Benefit), table_of(Indicator)
        for row in self.session.execute(select(b.c.id, b.c.code)):
            self.benefit_ids[code_key(row.code)] = row.id
            self.benefit_codes[row.id] = row.code
        for row in self.session.execute(select(i.c.id, i.c.code, i.c.benefit_id)):
            self.indicator_ids[code_key(row.code)] = row.id
            self.indicator_codes[row.id] = row.code
            self.indicator_benefit[row.id] = row.benefit_id

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

    def unique(self, record: Record, field: str, key: Any, seen: dict[Any, int], what: str) -> bool:
        first = seen.setdefault(key, record.number)
        if first != record.number:
            self.error(record, field, f"{what} is also in row {first}")
            return False
        return True

    def lengths(self, record: Record, table: Table, values: dict[str, Any]) -> None:
        for column, value in values.items():
            limit = getattr(table.c[column].type, "length", None) if column in table.c else None
            if isinstance(value, str) and limit and len(value) > limit:
                field = next((f for f, c in REFERENCE_COLUMNS.items() if c == column), column)
                self.error(record, field, f"{show(value)} is longer than {limit} characters")

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
        current = self.session.execute(select(table)).first()
        if current is None:
            self.session.execute(table.insert().values(id=1))
            current = self.session.execute(select(table)).one()
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
                value = _setting_value(str(name), record.values.get("value"))
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
        audit = []
        for name, (value, _record) in wanted.items():
            old = getattr(current, name)
            if same(old, value):
                tally.unchanged += 1
                continue
            self.session.execute(
                table.update().where(table.c.id == current.id).values({name: value})
            )
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
        self.up.audit(audit)

    # --- people --------------------------------------------------------------------------

    def people_sheet(self, records: list[Record]) -> None:
        table = table_of(Person)
        existing = {name_key(r.name): r for r in self.session.execute(select(table))}
        items, seen = [], {}
        for record in records:
            name = record.values.get("name")
            values = {f: record.values[f] for f in ("email", "role") if record.has(f)}
            self.lengths(record, table, {"name": name, **values})
            if record.failed or not self.unique(record, "name", name_key(name), seen, name):
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
        existing = {code_key(r.code): r for r in self.session.execute(select(table))}
        direct = ("name", "status", "approval_date", "planned_go_live", "actual_go_live")
        direct += ("budget", "actual_cost", "percent_complete", "delivery_rag")
        items, seen = [], {}
        for record in records:
            code = record.values.get("code")
            values = {f: record.values[f] for f in direct if record.has(f)}
            pct = values.get("percent_complete")
            if pct is not None and not 0 <= pct <= 100:
                self.error(record, "percent_complete", f"{pct:g} is not a percentage (0 to 100)")
            self.lengths(record, table, {"code": code, **values})
            if record.failed or not self.unique(record, "code", code_key(code), seen, code):
                self.reject("projects", record, code_key(code) if code else None)
                continue
            for field in ("sponsor", "manager"):
                if record.has(field):
                    values[REFERENCE_COLUMNS[field]] = self.person(record, field)
            items.append(Item(record, code_key(code), values, code))
        self.up.upsert("projects", table, items, existing, fixed=lambda item: {"code": item.label})

    def project_ids(self) -> dict[str, int]:
        """Projects by code, by name, and by a code at the start of a label ("P-100 CRM")."""
        found: dict[str, int] = {}
        for row in self.session.execute(select(table_of(Project))):
            found.setdefault(name_key(row.name), row.id)
        for row in self.session.execute(select(table_of(Project))):
            found[code_key(row.code)] = row.id
        return found

    def project_ref(self, record: Record, lookup: dict[str, int]) -> int | None:
        text = record.values.get("project")
        if text is None:
            return None
        found = lookup.get(code_key(text)) or lookup.get(name_key(text))
        if found is None and text.split():
            found = lookup.get(code_key(text.split()[0]))
        if found is None:
            self.error(record, "project", self._unknown("project", "Projects", text))
        return found

    # --- benefits ------------------------------------------------------------------------

    def benefits(self, records: list[Record]) -> None:
        table = table_of(Benefit)
        existing = {code_key(r.code): r for r in self.session.execute(select(table))}
        projects = self.project_ids()
        managers = {
            r.id: (r.manager_id, r.approval_date)
            for r in self.session.execute(select(table_of(Project)))
        }
        fields = [c.name for c in table.c if c.name not in ("id", "code", "owner_id", "project_id")]
        items, seen = [], {}
        for record in records:
            code = record.values.get("code")
            values = {f: record.values[f] for f in fields if record.has(f)}
            self.lengths(record, table, {"code": code, **values})
            old = existing.get(code_key(code)) if code else None
            if record.has("project"):
                values["project_id"] = self.project_ref(record, projects)
            if not record.failed:
                self._benefit_rules(record, values, old, managers)
            if record.failed or not self.unique(record, "code", code_key(code), seen, code):
                self.reject("benefits", record, code_key(code) if code else None)
                continue
            if record.has("owner"):
                values["owner_id"] = self.person(record, "owner")
            items.append(Item(record, code_key(code), values, code))
        ids = self.up.upsert("benefits", table, items, existing, fixed=lambda i: {"code": i.label})
        for item in items:
            self.benefit_ids[item.key] = ids[item.key]
            self.benefit_codes[ids[item.key]] = item.label
        self.touched_benefits.update(ids.values())

    def _benefit_rules(
        self, record: Record, values: dict[str, Any], old: Any, managers: dict[int, Any]
    ) -> None:
        """The rules the benefit form applies, and the approval gate."""

        def get(name: str) -> Any:
            if name in values:
                return values[name]
            return getattr(old, name) if old is not None else None

        baseline, target = get("baseline"), get("target")
        if baseline is not None and target is not None and baseline == target:
            where = "target" if record.has("target") else "baseline"
            self.error(record, where, f"the target equals the baseline ({baseline:g})")
        start, end = get("baseline_date"), get("target_date")
        if start is not None and end is not None and end <= start:
            where = "target_date" if record.has("target_date") else "baseline_date"
            self.error(record, where, "the target date must come after the baseline date")
        tracking_end = get("tracking_end")
        if tracking_end is not None and start is not None and tracking_end < start:
            self.error(record, "tracking_end", "tracking cannot end before the baseline date")
        status = get("status") or Lifecycle.DRAFT
        previous = old.status if old is not None else None
        if status not in APPROVED_STATES or previous in APPROVED_STATES or record.failed:
            return
        if record.has("owner"):
            owner = record.values.get("owner")
        else:
            owner = self.people.names.get(old.owner_id) if old and old.owner_id else None
        project_id = get("project_id")
        manager, approved = managers.get(project_id, (None, None)) if project_id else (None, None)
        findings = check_definition(
            DefinitionInput(
                code=record.values.get("code") or "",
                owner=owner,
                project_manager=self.people.names.get(manager) if manager else None,
                baseline=baseline,
                baseline_date=start,
                target=target,
                target_date=end,
                defined_on=get("defined_on"),
                project_approval_date=approved,
                indicator_count=1,  # a warning only; indicators may come later
                data_source=get("data_source"),
                automated=True,
                frequency=getattr(get("frequency"), "value", get("frequency")),
                measure=get("measure"),
                unit=get("unit"),
            )
        )
        errors = approval_errors(findings)
        if errors:
            listing = "; ".join(e.message for e in errors)
            where = "status" if record.has("status") else None
            self.error(
                record,
                where,
                f"{record.values.get('code')} cannot be {status}: {listing} "
                "(fix the definition, or import it as draft)",
            )

    # --- indicators ----------------------------------------------------------------------

    def indicators(self, records: list[Record]) -> None:
        table = table_of(Indicator)
        existing = {code_key(r.code): r for r in self.session.execute(select(table))}
        direct = ("name", "unit", "baseline", "baseline_date", "target", "target_date")
        direct += ("frequency", "data_source")
        items, seen = [], {}
        for record in records:
            code = record.values.get("code")
            values = {f: record.values[f] for f in direct if record.has(f)}
            self.lengths(record, table, {"code": code, **values})
            if not record.failed:
                values["benefit_id"] = self.benefit_ref(record)
                old = existing.get(code_key(code))
                b = values.get("baseline", getattr(old, "baseline", None))
                t = values.get("target", getattr(old, "target", None))
                if b is not None and t is not None and b == t:
                    where = "target" if record.has("target") else "baseline"
                    self.error(record, where, f"the target equals the baseline ({b:g})")
            if record.failed or not self.unique(record, "code", code_key(code), seen, code):
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


def _setting_value(name: str, raw: Any) -> Any:
    if name == "name":
        text = parse_text(raw, single_line=True, max_length=200)
        if text is None:
            raise CellError("the portfolio needs a name")
        return text
    if name == "currency":
        text = parse_text(raw, single_line=True)
        if text is None or not _CURRENCY.fullmatch(text):
            raise CellError(f"{show(raw)} is not a currency code (three letters, e.g. GBP)")
        return text.upper()
    if name == "forecast_window":
        window = parse_int(raw)
        if window is None or window < 3:
            raise CellError(f"{show(raw)}: the forecast window is a whole number of 3 or more")
        return window
    number = parse_number(raw)
    if number is None or number < 0:
        raise CellError(f"{show(raw)} is not a percentage of 0 or more")
    return number
