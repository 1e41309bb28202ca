"""The repository carries its own documentation, and it agrees with the code: the
canonical workbook's sheets, the command list, links that resolve, and no pointer to a
design document that is not in the repository."""

from __future__ import annotations

import re
from pathlib import Path

from benefitdesk.cli.main import command_names
from benefitdesk.exchange.canonical import SHEETS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
#: Pages other pieces of work add; linked from the index before they land.
PENDING = {"import.md", "mapping.md", "team-mode.md"}


def sheets_table() -> str:
    lines = ["| sheet | columns, in this order |", "|---|---|"]
    lines += [f"| {s.name} | {', '.join(s.headers)} |" for s in SHEETS]
    lines += ["", "| column | values |", "|---|---|"]
    lines += [
        f"| {s.name} › {c.header(s.kind)} | {', '.join(c.choices)} |"
        for s in SHEETS
        for c in s.columns
        if c.choices
    ]
    return "\n".join(lines)


def test_the_workbook_page_lists_the_codes_sheets_and_values() -> None:
    text = (DOCS / "workbook.md").read_text(encoding="utf-8")
    shown = text.split("<!-- sheets: generated from exchange/canonical.py -->\n")[1]
    assert shown.split("\n<!-- /sheets -->")[0] == sheets_table()


def test_every_command_is_in_the_readme_and_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = (DOCS / "command-line.md").read_text(encoding="utf-8")
    for name in command_names():
        assert f"benefitdesk {name}" in readme, f"README's command list misses {name}"
        assert f"benefitdesk {name}" in page, f"docs/command-line.md misses {name}"


def test_links_resolve() -> None:
    pages = [ROOT / "README.md", *DOCS.glob("*.md")]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            path = (page.parent / target).resolve()
            if not path.exists() and not (page.parent == DOCS and target in PENDING):
                broken.append(f"{page.relative_to(ROOT)} → {target}")
    assert not broken, broken


def test_nothing_points_at_a_design_document_outside_the_repository() -> None:
    files = [ROOT / "README.md", ROOT / "pyproject.toml"]
    for folder in ("src", "tests", "benchmarks", "docs", "scripts", "packaging"):
        files += [
            path
            for path in (ROOT / folder).rglob("*")
            if path.suffix in (".py", ".md", ".sh", ".toml", ".spec")
            and path != Path(__file__)
            and "__pycache__" not in path.parts
        ]
    offenders = [
        str(path.relative_to(ROOT))
        for path in files
        if "DESIGN.md" in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert not offenders, f"point these at docs/ instead: {offenders}"
