"""Import profiles: validation, the portfolio's copy (JSON), TOML in and out, and what
a profile means for the register (automated) and the definition checks."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from benefitdesk.model import AuditEntry, ImportProfile
from benefitdesk.services.checks import check_portfolio
from benefitdesk.services.errors import ValidationError
from benefitdesk.services.report import build_report
from benefitdesk.services.sync import (
    ProfileFileError,
    SyncProfile,
    delete_profile,
    export_profiles,
    import_profiles,
    list_profiles,
    run_profiles,
    save_profile,
    validate_profile,
)
from benefitdesk.services.sync.toml_io import dump_profiles, parse_profiles
from benefitdesk.store import Store
from test_sync_support import add_benefit, add_portfolio_codes, write_csv, write_sqlite

ISSUE_TOML = """\
[[profile]]
name = "CRM monthly export"
source = "folder"          # file | folder | sql
path = "exports/crm"
pattern = "*.csv"          # folder: newest match wins
sheet = "Data"             # xlsx only
key_column = "KPI"
date_column = "Month"
value_column = "Value"
aggregate = "last"         # last | sum | mean | count
period = "monthly"         # weekly | monthly | quarterly | half-yearly | yearly
[profile.keys]
conversion_rate = "B-001"

[[profile]]
name = "ERP invoice cost"
source = "sql"
url = "sqlite:///ops.db"
query = "select kpi as key, day as date, cost as value from invoice_cost"
aggregate = "mean"
period = "monthly"
[profile.keys]
cost_per_invoice = "B-003"
"""


@pytest.fixture
def portfolio(store: Store) -> Store:
    add_portfolio_codes(store)
    return store


def _profiles(store: Store) -> list[SyncProfile]:
    return [s.profile for s in list_profiles(store)]


# --- TOML -------------------------------------------------------------------------------


def test_the_issue_form_is_accepted_with_paths_relative_to_the_toml_file(tmp_path: Path) -> None:
    profiles, problems = parse_profiles(ISSUE_TOML, tmp_path)
    assert problems == []
    crm, erp = profiles
    assert crm == SyncProfile(
        name="CRM monthly export",
        source="folder",
        path=str(tmp_path / "exports" / "crm"),
        pattern="*.csv",
        sheet="Data",
        key_column="KPI",
        date_column="Month",
        value_column="Value",
        aggregate="last",
        period="monthly",
        keys={"conversion_rate": "B-001"},
    )
    assert erp.url == f"sqlite:///{tmp_path / 'ops.db'}"
    assert (erp.aggregate, erp.keys) == ("mean", {"cost_per_invoice": "B-003"})
    assert (erp.key_column, erp.date_column, erp.value_column) == ("key", "date", "value")


def test_import_then_sync_the_issue_example(portfolio: Store, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    write_csv(
        folder / "exports" / "crm" / "crm.csv", ["KPI,Month,Value", "conversion_rate,Mar-2026,0.23"]
    )
    write_sqlite(folder / "ops.db", [("cost_per_invoice", "2026-03-02", 4.5)])
    toml = folder / "profiles.toml"
    toml.write_text(ISSUE_TOML, encoding="utf-8")
    done = import_profiles(portfolio, toml)
    assert (done.added, done.replaced, done.warnings) == (
        ["CRM monthly export", "ERP invoice cost"],
        [],
        [],
    )
    assert [r.status for r in run_profiles(portfolio).runs] == ["ok", "ok"]


def test_export_then_import_gives_the_same_profiles(portfolio: Store, tmp_path: Path) -> None:
    toml = tmp_path / "in" / "profiles.toml"
    toml.parent.mkdir()
    toml.write_text(ISSUE_TOML, encoding="utf-8")
    import_profiles(portfolio, toml)
    tricky = SyncProfile(
        name='Quotes "and" \\ backslashes — ünïcode',
        source="sql",
        url="postgresql://reader:s3cret@db.example.com:5432/ops",
        query='select kpi as key,\n       day as date,\n\tcost as value\nfrom "t" -- note',
        key_column="key",
        aggregate="sum",
        period="half-yearly",
        keys={"cost per invoice": "B-002", "x.y": "LI-001", "1": "B-001"},
        unmapped="skip",
        day_first=False,
        decimal=",",
    )
    save_profile(portfolio, tricky)
    out = tmp_path / "out" / "shared" / "profiles.toml"
    out.parent.mkdir(parents=True)
    assert export_profiles(portfolio, out) == 3
    text = out.read_text(encoding="utf-8")
    assert 'path = "../../in/exports/crm"' in text  # relative to the exported file
    assert 'url = "sqlite:///../../in/ops.db"' in text

    with Store(tmp_path / "other.sqlite", create=True) as other:
        import_profiles(other, out)
        assert _profiles(other) == _profiles(portfolio)

    # The TOML file moved together with its folders still points at them.
    moved = tmp_path / "elsewhere"
    shutil.copytree(tmp_path / "out", moved / "out")
    (moved / "in").mkdir()
    with Store(tmp_path / "third.sqlite", create=True) as third:
        import_profiles(third, moved / "out" / "shared" / "profiles.toml")
        crm = next(p for p in _profiles(third) if p.source == "folder")
        assert crm.path == str((moved / "in" / "exports" / "crm").resolve())


def test_every_problem_in_a_toml_file_is_listed_and_nothing_imported(
    portfolio: Store, tmp_path: Path
) -> None:
    toml = tmp_path / "bad.toml"
    toml.write_text(
        """
title = "mine"
[[profile]]
name = "A"
source = "ftp"
keys = {}
[[profile]]
name = "B"
source = "file"
path = "export.pdf"
pattern = "*.csv"
key_colum = "KPI"
day_first = "yes"
aggregate = "median"
[profile.keys]
k = 3
[[profile]]
name = "a"
source = "sql"
url = "sqlite:///x.db"
query = "select 1"
[profile.keys]
k = "B-001"
""",
        encoding="utf-8",
    )
    with pytest.raises(ProfileFileError) as refused:
        import_profiles(portfolio, toml)
    messages = refused.value.messages
    expected = [
        'unknown setting "title" at the top of the file',
        'profile "A": source must be file, folder or sql, not "ftp"',
        'profile "A": map at least one source key',
        'profile "B": unknown setting "key_colum"',
        'profile "B": day_first must be true or false',
        'profile "B": keys: "k" must map to a code written as text',
        'profile "B": aggregate must be last, sum, mean or count, not "median"',
        'profile "B": export.pdf is not a file BenefitDesk reads',
        'profile "B": pattern is only for folder sources',
        'profile "a": the name is also used by profile 1',
    ]
    for phrase in expected:
        assert any(phrase in m for m in messages), (phrase, messages)
    assert all(m.startswith("bad.toml: ") for m in messages)
    assert list_profiles(portfolio) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("[[profile]\nname='x'", "not valid TOML"),
        ("profile = 3", "[[profile]] tables"),
        ("[[profile]]\nsource = 'file'", "a profile needs a name"),
    ],
)
def test_malformed_toml(tmp_path: Path, text: str, phrase: str) -> None:
    profiles, problems = parse_profiles(text, tmp_path)
    assert profiles == [] and any(phrase in p for p in problems), problems


def test_import_replaces_profiles_of_the_same_name_and_keeps_the_others(
    portfolio: Store, tmp_path: Path
) -> None:
    save_profile(portfolio, SyncProfile("Mine", path="a.csv", keys={"k": "B-002"}))
    toml = tmp_path / "p.toml"
    toml.write_text(ISSUE_TOML, encoding="utf-8")
    assert import_profiles(portfolio, toml).added == ["CRM monthly export", "ERP invoice cost"]
    again = import_profiles(portfolio, toml)
    assert (again.added, again.replaced, again.unchanged) == (
        [],
        [],
        ["CRM monthly export", "ERP invoice cost"],
    )
    assert again.change is None
    toml.write_text(ISSUE_TOML.replace('aggregate = "mean"', 'aggregate = "sum"'), encoding="utf-8")
    assert import_profiles(portfolio, toml).replaced == ["ERP invoice cost"]
    names = [s.name for s in list_profiles(portfolio)]
    assert names == ["CRM monthly export", "ERP invoice cost", "Mine"]


def test_unknown_codes_are_imported_with_a_warning(portfolio: Store, tmp_path: Path) -> None:
    toml = tmp_path / "p.toml"
    toml.write_text(ISSUE_TOML.replace('"B-003"', '"B-999"'), encoding="utf-8")
    done = import_profiles(portfolio, toml)
    assert (
        len(done.warnings) == 1 and '"B-999" is not a benefit or indicator code' in done.warnings[0]
    )


def test_dump_writes_only_what_differs_from_the_defaults(tmp_path: Path) -> None:
    text = dump_profiles(
        [SyncProfile("P", path=str(tmp_path / "a.csv"), keys={"k": "B-001"})], tmp_path, None
    )
    body = text.split("[[profile]]")[1]
    assert body.split() == [
        'name', '=', '"P"', 'source', '=', '"file"', 'path', '=', '"a.csv"',
        'aggregate', '=', '"last"', 'period', '=', '"monthly"',
        '[profile.keys]', 'k', '=', '"B-001"',
    ]  # fmt: skip


# --- validation and the portfolio's copy --------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "field", "phrase"),
    [
        (SyncProfile("", path="a.csv", keys={"k": "B"}), "name", "needs a name"),
        (SyncProfile("P", keys={"k": "B"}), "path", "needs a path"),
        (SyncProfile("P", path="a.csv", keys={}), "keys", "at least one"),
        (SyncProfile("P", path="a.csv", keys={"k": " "}), "keys", "has no benefit"),
        (SyncProfile("P", path="a.csv", keys={"K": "B", "k ": "C"}), "keys", "the same key"),
        (SyncProfile("P", path="a.csv", period="hourly", keys={"k": "B"}), "period", "weekly"),
        (
            SyncProfile("P", "folder", path="d", pattern="../*.csv", keys={"k": "B"}),
            "pattern",
            "no /",
        ),
        (SyncProfile("P", "sql", url="sqlite:///x.db", keys={"k": "B"}), "query", "needs a query"),
        (
            SyncProfile("P", "sql", url="::", query="q", keys={"k": "B"}),
            "url",
            "not a database URL",
        ),
        (
            SyncProfile("P", "sql", url="sqlite://", query="q", sheet="S", keys={"k": "B"}),
            "sheet",
            "only for file",
        ),
        (
            SyncProfile("P", path="a.csv", date_column="KPI", key_column="kpi", keys={"k": "B"}),
            "columns",
            "different",
        ),
    ],
)
def test_validation(profile: SyncProfile, field: str, phrase: str) -> None:
    problems = validate_profile(profile)
    assert phrase in problems.get(field, ""), problems


def test_saved_profiles_keep_their_key_map_under_keys_and_are_audited(portfolio: Store) -> None:
    profile = SyncProfile("CRM", path="exports/crm.csv", keys={"conversion_rate": "b-001"})
    change = save_profile(portfolio, profile)
    assert change.entity == "profile" and change.benefit_ids == frozenset({1})
    with portfolio.reading() as session:
        row = session.scalars(select(ImportProfile)).one()
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "import_profile")
        ).all()
    config = json.loads(row.config)
    assert config["keys"] == {"conversion_rate": "B-001"}  # the portfolio's spelling
    assert config["source"] == "file" and config["path"] == "exports/crm.csv"
    assert [a.action for a in audit] == ["insert"]
    with pytest.raises(ValidationError, match="already a profile named"):
        save_profile(portfolio, replace(profile, name="crm"))
    with pytest.raises(ValidationError) as refused:
        save_profile(portfolio, replace(profile, name="Other", keys={}))
    assert set(refused.value.problems) == {"keys"}


def test_editing_and_deleting_a_profile(portfolio: Store) -> None:
    save_profile(portfolio, SyncProfile("CRM", path="a.csv", keys={"k": "B-001"}))
    saved = list_profiles(portfolio)[0]
    change = save_profile(
        portfolio, replace(saved.profile, keys={"k": "B-002"}), profile_id=saved.id
    )
    assert change.benefit_ids == frozenset({1, 2})  # B-001 no longer automated, B-002 now
    assert list_profiles(portfolio)[0].profile.keys == {"k": "B-002"}
    assert delete_profile(portfolio, saved.id).benefit_ids == frozenset({2})
    assert list_profiles(portfolio) == []


def test_fed_benefits_are_automated_and_satisfy_the_data_source_check(store: Store) -> None:
    add_benefit(store, "B-001")  # no data source
    add_benefit(store, "B-002")

    def no_data_source() -> set[str]:
        return {
            r.code for r in check_portfolio(store) for f in r.findings if f.rule == "no_data_source"
        }

    assert no_data_source() == {"B-001", "B-002"}
    save_profile(store, SyncProfile("CRM", path="a.csv", keys={"conversion_rate": "b-001"}))
    assert no_data_source() == {"B-002"}
    assert build_report(store).snapshot.automated_codes == {"B-001"}
