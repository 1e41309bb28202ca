"""Any canonical export, re-written as a person might keep it — columns shuffled, headers
renamed to other spellings of the same field, title rows above, blank rows between —
imports to the same portfolio."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benefitdesk.demo import create_demo
from benefitdesk.exchange.canonical import BY_KIND
from benefitdesk.exchange.headers import normalise
from benefitdesk.exchange.synonyms import SYNONYMS
from benefitdesk.services.exporting import export_portfolio
from benefitdesk.services.importing import apply_import
from benefitdesk.store import Store
from test_import_helpers import values_of, workbook

TITLES = ["Benefits register export", "Prepared by the PMO office", "Q3 return — draft"]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[list[Any]]]]:
    folder = tmp_path_factory.mktemp("property")
    with create_demo(folder / "demo.sqlite", today=date(2026, 11, 25)) as store:
        export_portfolio(store, folder / "demo.xlsx")
    wb = openpyxl.load_workbook(folder / "demo.xlsx")
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    return folder / "demo.xlsx", sheets


def kind_of(sheet: str) -> str:
    return next(spec.kind for spec in BY_KIND.values() if spec.name == sheet)


def spellings(kind: str, header: str) -> list[str]:
    """Other headers for the field a canonical header stands for."""
    field = next(
        f for f, names in SYNONYMS[kind].items() if normalise(names[0]) == normalise(header)
    )
    return SYNONYMS[kind][field]


@st.composite
def rewritten(draw: st.DrawFn, sheets: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    out: dict[str, list[list[Any]]] = {}
    for name, rows in sheets.items():
        kind, header = kind_of(name), rows[0]
        order = draw(st.permutations(range(len(header))))
        names = [draw(st.sampled_from(spellings(kind, h))) for h in header]
        body = [[row[i] for i in order] for row in rows[1:]]
        blanks = draw(st.lists(st.integers(0, len(body)), max_size=3))
        for at in sorted(blanks, reverse=True):
            body.insert(at, [None] * len(header))
        titles = draw(st.lists(st.sampled_from(TITLES), max_size=2))
        out[name] = [[t] for t in titles] + ([[None]] if titles else [])
        out[name] += [[names[i] for i in order], *body]
    return out


def close(a: dict[str, list[list[Any]]], b: dict[str, list[list[Any]]]) -> bool:
    """The same cell values, floats to 13 significant digits: openpyxl, which rewrites
    the export here, keeps 16 (18.015142810034384 comes back 18.01514281003438)."""

    def same(x: Any, y: Any) -> bool:
        if isinstance(x, float) and isinstance(y, float):
            return math.isclose(x, y, rel_tol=1e-13, abs_tol=1e-13)
        return bool(x == y)

    return a.keys() == b.keys() and all(
        len(a[s]) == len(b[s])
        and all(len(r) == len(q) and all(map(same, r, q)) for r, q in zip(a[s], b[s], strict=True))
        for s in a
    )


@pytest.mark.slow
def test_a_rewritten_export_imports_to_the_same_portfolio(
    export: tuple[Path, dict[str, list[list[Any]]]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    original, sheets = export

    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rewritten(sheets))
    def check(kept: dict[str, list[list[Any]]]) -> None:
        folder = tmp_path_factory.mktemp("kept")
        path = workbook(folder / "kept.xlsx", kept)
        with Store(folder / "p.sqlite", create=True) as store:
            result = apply_import(store, path)
            assert result.committed, [str(p) for p in result.errors][:5]
            export_portfolio(store, folder / "again.xlsx")
        assert close(values_of(folder / "again.xlsx"), values_of(original))

    check()
