"""Printing: landscape A4 or Letter, fitted to the page width, footers, page breaks.

Every sheet of the pack is at most as wide as a landscape Letter page (the narrower
of the two), so it prints at full size on either paper. Pages are laid out here rather
than left to the spreadsheet program, because a program only knows where a page is
full, not where a benefit's block or a table ends: :class:`Pager` starts a new page
before a block that would be cut in two and lets the caller repeat a table's header
at the top of the next page.
"""

from __future__ import annotations

from typing import Any

from benefitdesk.exchange.boardpack.data import BoardPackData
from benefitdesk.exchange.boardpack.looks import Sheet
from benefitdesk.present.formats import day

#: (XlsxWriter paper code, landscape width and height in points).
PAPERS = {"a4": (9, 842.0, 595.0), "letter": (1, 792.0, 612.0)}
MARGIN_SIDE = 0.4
MARGIN_TOP = 0.45
MARGIN_BOTTOM = 0.6
HEADER_MARGIN = 0.2
FOOTER_MARGIN = 0.25
#: Printable width of the narrower paper, in pixels (96 per inch).
PRINT_WIDTH_PX = (min(w for _, w, _ in PAPERS.values()) - 2 * MARGIN_SIDE * 72) * 96 / 72
#: Printable height of the shorter paper, in points, less a little for renderers that
#: space rows a touch wider than their nominal height.
BODY_POINTS = (min(h for _, _, h in PAPERS.values()) - (MARGIN_TOP + MARGIN_BOTTOM) * 72) * 0.96
DEFAULT_ROW = 14.0


def footer(data: BoardPackData) -> str:
    """The footer's left part on every sheet: whose pack, as of when."""
    return f"{data.name} · board pack as of {day(data.as_of)}"


def _footer_text(text: str) -> str:
    return text.replace("&", "&&")[:120]


def print_setup(
    sheet: Sheet,
    *,
    footer: str,
    paper: str,
    repeat: tuple[int, int] | None = None,
    area: tuple[int, int, int, int] | None = None,
    one_page: bool = False,
    gridlines: bool = False,
) -> None:
    """Landscape, fitted to the page width; the pack's name and date and the page
    number in the footer; ``repeat`` rows at the top of every page."""
    ws: Any = sheet.ws
    code, _, _ = PAPERS.get(paper, PAPERS["a4"])
    ws.set_landscape()
    ws.set_paper(code)
    ws.fit_to_pages(1, 1 if one_page else 0)
    ws.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=MARGIN_TOP, bottom=MARGIN_BOTTOM)
    ws.set_header("", {"margin": HEADER_MARGIN})
    ws.set_footer(f"&L&8{_footer_text(footer)}&C&8&A&R&8Page &P of &N", {"margin": FOOTER_MARGIN})
    if repeat is not None:
        ws.repeat_rows(*repeat)
    if area is not None:
        ws.print_area(*area)
    ws.hide_gridlines(1 if gridlines else 2)


class Pager:
    """Where the pages of one sheet break, so that blocks and table rows stay whole.

    Heights come from the sheet's row heights (every row the pack writes has one);
    ``repeated`` is the height of the rows printed again at the top of each page.
    """

    def __init__(self, sheet: Sheet, *, repeated: float = 0.0, body: float = BODY_POINTS):
        self.sheet = sheet
        self.repeated = repeated
        self.body = body
        self.start = 0
        self.breaks: list[int] = []

    def used(self, row: int) -> float:
        """Points taken on the current page by the rows above ``row``."""
        height = self.sheet.row_height
        taken = sum(height(r, DEFAULT_ROW) for r in range(self.start, row))
        return taken + (self.repeated if self.breaks else 0.0)

    def room(self, row: int) -> float:
        return self.body - self.used(row)

    def keep(self, row: int, height: float) -> bool:
        """Start a new page at ``row`` unless ``height`` more points fit on this one.

        Returns whether a page was started (the caller then repeats its header).
        """
        if row <= self.start or self.used(row) + height <= self.body:
            return False
        self.new_page(row)
        return True

    def new_page(self, row: int) -> None:
        self.breaks.append(row)
        self.start = row

    def finish(self) -> None:
        if self.breaks:
            self.sheet.ws.set_h_pagebreaks(self.breaks)
