"""The TOML files BenefitDesk writes read back as they were written, whatever text they
hold: mapping files (headers, sheet names, notes as comments) and import profiles.

A header with a DEL character (``\\x7f``) once made a mapping file its own reader
rejected: TOML allows no control character unescaped, not even in a comment.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from benefitdesk.services.importing.mapping import (
    ImportMapping,
    SheetMapping,
    dumps_mapping,
    mapping_from_dict,
)
from benefitdesk.services.sync.profiles import SyncProfile
from benefitdesk.services.sync.toml_io import dump_profiles, parse_profiles

#: Any text a cell or a file name can hold (hypothesis leaves out lone surrogates).
TEXT = st.text(min_size=1, max_size=30)


def test_a_header_with_a_delete_character_reads_back() -> None:
    mapping = ImportMapping({"Sheet\x7f": SheetMapping(columns={"Cost\x7f": "value"})})
    text = dumps_mapping(mapping, notes={"Sheet\x7f": {"Cost\x7f": "seen as\x7f the value"}})
    again = mapping_from_dict(tomllib.loads(text))
    assert again.sheets["Sheet\x7f"].columns == {"Cost\x7f": "value"}


@given(
    sheet=TEXT,
    headers=st.lists(TEXT, min_size=1, max_size=4, unique=True),
    note=st.text(max_size=30),
    heading=st.text(max_size=40),
)
def test_any_header_sheet_name_and_note_round_trip(
    sheet: str, headers: list[str], note: str, heading: str
) -> None:
    columns: dict[str, str | None] = dict.fromkeys(headers, "value")
    mapping = ImportMapping({sheet: SheetMapping(kind="measurements", columns=columns)})
    notes = {sheet: dict.fromkeys(headers, note)}
    text = dumps_mapping(mapping, notes=notes, heading=heading)
    again = mapping_from_dict(tomllib.loads(text))
    assert again.sheets[sheet].columns == columns


@given(name=TEXT.filter(str.strip), keys=st.dictionaries(TEXT, TEXT, min_size=1, max_size=4))
def test_any_profile_name_and_keys_round_trip(name: str, keys: dict[str, str]) -> None:
    folder = Path("/tmp/profiles")
    profile = SyncProfile(name.strip(), path=str(folder / "a.csv"), keys=keys)
    text = dump_profiles([profile], folder, None)
    document = tomllib.loads(text)
    assert document["profile"][0]["name"] == profile.name
    assert document["profile"][0]["keys"] == keys


def test_a_written_profile_is_read_back_whole(tmp_path: Path) -> None:
    profile = SyncProfile("CRM \x7f export", path=str(tmp_path / "a.csv"), keys={"k\x7f": "B-001"})
    profiles, problems = parse_profiles(dump_profiles([profile], tmp_path, None), tmp_path)
    assert problems == [] and profiles[0].keys == {"k\x7f": "B-001"}
    assert profiles[0].name == "CRM \x7f export"


def test_a_carriage_return_comes_back_where_a_line_feed_alone_reads_as_typed() -> None:
    folder = Path("/tmp/profiles")
    crlf = SyncProfile("CRM", path=str(folder / "a.csv"), keys={"A\r\nB": "B-001"})
    document = tomllib.loads(dump_profiles([crlf], folder, None))
    assert document["profile"][0]["keys"] == {"A\r\nB": "B-001"}
    query = SyncProfile("SQL", url="sqlite:///x.db", query="select 1\nfrom t", keys={"k": "B-1"})
    text = dump_profiles([query], folder, None)
    assert "select 1\nfrom t" in text  # written on two lines, as typed
