"""A 自评表's blocks as an Excel workbook (.xlsx, openpyxl), set as an office would set it.

One sheet, ``自评表``: the title and headings in rows merged across the sheet, each table as a grid
with thin borders (merged cells kept: 一级/二级指标 down, 合计 and 项目名称 across; a table with
fewer columns than the sheet spreads its columns over merged pairs), the explanation paragraphs in
merged wrapped rows. Figures are numbers with the format that prints them as the report does
('0.00', '#,##0.00', '0.00%'); other cells are text. The indicator table's header row repeats on
every printed page (print titles); pages are broken by hand at known rows, so each row's page
is known without reading the PDF (``XlsxSheet.page_of_row``), and ``office_pdf`` checks it.

    sheet = write_xlsx(blocks, "out.xlsx", title="……")
    sheet.cell_of(mark) -> "自评表!D7"; sheet.page_of_row(7) -> 1
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Sequence, Union

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from .blocks import Block, Heading, Para, Table
from .office_docx import SANS, SERIF
from .office_zip import fix_zip_times

SHEET = "自评表"
FONT_SIZE = 10.5
#: Sheet width in Excel character units, shared out by the widest table's column weights.
SHEET_WIDTH = 115
#: Points per printed line in a cell, and per row of padding.
LINE_PT, PAD_PT = FONT_SIZE * 1.45, 6
#: Full-width characters that fit in one Excel width unit (measured with the bundled serif at 10.5 pt:
#: a unit is about 5.3 pt, a CJK character 10.5 pt), less a margin for cell padding.
CJK_PER_UNIT = 0.45
#: Printable height of a landscape A4 page in points with the margins below, less a safety margin.
PAGE_BODY_PT = 430
MARGINS_IN = {"left": 0.6, "right": 0.6, "top": 0.75, "bottom": 0.75, "header": 0.3, "footer": 0.3}
NUMBER = re.compile(r"^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)$")
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def number_cell(text: str):
    """(value, number format) when ``text`` is a number Excel can print exactly so, else None."""
    m = NUMBER.match(text)
    if not m:
        return None
    sign, whole, frac, pct = m.groups()
    digits = "0" * len(frac or "")
    fmt = ("#,##0" if "," in whole else "0") + (f".{digits}" if digits else "") + ("%" if pct else "")
    value = Decimal(sign + whole.replace(",", "") + (f".{frac}" if frac else ""))
    if pct:
        value /= 100
    return (int(value) if value == value.to_integral_value() and not pct else float(value)), fmt


def _width(text: str) -> float:
    """Display width in full-width characters."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def _lines(text: str, units: float) -> int:
    per_line = max(units * CJK_PER_UNIT, 1)
    return sum(max(1, math.ceil(_width(part) / per_line)) for part in text.split("\n"))


@dataclass
class XlsxSheet:
    """Where the blocks went: block → first row; (block, table row, table col) → cell; page breaks."""

    block_row: dict[int, int] = field(default_factory=dict)
    cells: dict[tuple[int, int, int], str] = field(default_factory=dict)
    breaks: list[int] = field(default_factory=list)  # a new page starts at each of these rows
    pages: int = 1

    def cell_of(self, block: int, key: tuple) -> str:
        if key[0] == 1:
            return f"{SHEET}!{self.cells[(block, key[1], key[2])]}"
        return f"{SHEET}!A{self.block_row[block]}"

    def row_of(self, block: int, key: tuple) -> int:
        return int(re.sub(r"\D", "", self.cell_of(block, key).split("!")[1]))

    def page_of_row(self, row: int) -> int:
        return 1 + sum(1 for b in self.breaks if b <= row)


class _Writer:
    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = blocks
        self.wb = Workbook()
        self.ws = self.wb.active
        self.ws.title = SHEET
        self.n = max((b.n_cols for b in blocks if isinstance(b, Table)), default=4)
        widest = max((b for b in blocks if isinstance(b, Table)), key=lambda b: b.n_cols, default=None)
        weights = list(widest.col_widths or [1.0] * self.n) if widest else [1.0] * self.n
        self.units = [SHEET_WIDTH * w / sum(weights) for w in weights]
        self.row = 1
        self.heights: dict[int, float] = {}
        self.sheet = XlsxSheet()
        self.title_row = None
        self.inside: dict[int, int] = {}  # a row inside a merged column → the merge's first row

    def _font(self, bold=False, size=FONT_SIZE, family=SERIF) -> Font:
        return Font(name=family, size=size, bold=bold)

    def wide_row(self, text: str, *, size=FONT_SIZE, bold=False, family=SERIF, align="left") -> None:
        ws, r = self.ws, self.row
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=self.n)
        c = ws.cell(r, 1, text)
        c.font = self._font(bold, size, family)
        c.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        lines = _lines(text, sum(self.units) * FONT_SIZE / size)
        self.heights[r] = lines * size * 1.45 + PAD_PT
        self.row += 1

    def table(self, idx: int, b: Table) -> None:
        if b.caption:
            self.wide_row(b.caption, bold=True, family=SANS, align="center")
        spread = self._spread(b)
        rows = b.text_rows()
        top = self.row
        for r, row in enumerate(rows):
            lines = 1
            for c, text in enumerate(row):
                c0, c1 = spread[c]
                cell = self.ws.cell(top + r, c0 + 1)
                self.sheet.cells[(idx, r, c)] = cell.coordinate
                num = number_cell(text) if r >= b.header_rows else None
                if num:
                    cell.value, cell.number_format = num
                elif text:
                    cell.value = text
                header = r < b.header_rows
                cell.font = self._font(bold=header)
                cell.alignment = Alignment(
                    horizontal="center" if header or b.align == "center" else "left", vertical="center", wrap_text=True
                )
                lines = max(lines, _lines(text, sum(self.units[c0 : c1 + 1])) if text else 1)
            self.heights[top + r] = lines * LINE_PT + PAD_PT
            if header and self.title_row is None and b.n_cols == self.n and b.header_rows:
                self.title_row = (top, top + b.header_rows - 1)
        merges = [((spread[c0][0], r0), (spread[c1][1], r1)) for (c0, r0), (c1, r1) in b.spans()]
        merges += [
            ((a, r), (z, r))
            for r in range(len(rows))
            for a, z in spread
            if z > a
            if not any(m[0][0] <= a and z <= m[1][0] and m[0][1] <= r <= m[1][1] for m in merges)
        ]
        for (c0, r0), (c1, r1) in merges:
            if r1 > r0:
                for r in range(top + r0 + 1, top + r1 + 1):
                    self.inside[r] = min(self.inside.get(r, r), top + r0)
            self.ws.merge_cells(start_row=top + r0, start_column=c0 + 1, end_row=top + r1, end_column=c1 + 1)
        for r in range(top, top + len(rows)):  # a 自评表 workbook is always a grid
            for c in range(1, self.n + 1):
                self.ws.cell(r, c).border = GRID
        self.row = top + len(rows) + 1  # a blank row after the table
        self.heights[self.row - 1] = LINE_PT

    def _spread(self, b: Table) -> list[tuple[int, int]]:
        """Sheet columns (first, last) for each of a table's columns: the table's column boundaries
        (by its own weights) put on the nearest sheet column boundaries, each column at least one wide."""
        k, n = b.n_cols, self.n
        weights = list(b.col_widths or [1.0] * k)
        sheet = [sum(self.units[:j]) / sum(self.units) for j in range(n + 1)]
        bounds = [0]
        for i in range(1, k):
            want = sum(weights[:i]) / sum(weights)
            options = range(bounds[-1] + 1, n - (k - i) + 1)
            bounds.append(min(options, key=lambda j: abs(sheet[j] - want)))
        bounds.append(n)
        return [(bounds[i], bounds[i + 1] - 1) for i in range(k)]

    def write(self) -> XlsxSheet:
        for idx, b in enumerate(self.blocks):
            self.sheet.block_row[idx] = self.row
            if isinstance(b, Heading):
                if b.level <= 0:
                    self.wide_row(b.text, size=16, bold=True, family=SANS, align="center")
                else:
                    self.wide_row(b.text, bold=True, family=SANS)
            elif isinstance(b, Para):
                self.wide_row("\u3000\u3000" + b.text)
            elif isinstance(b, Table):
                self.table(idx, b)
            else:
                raise TypeError(f"not a block: {b!r}")
        for i, u in enumerate(self.units, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = round(u, 2)
        for r, h in self.heights.items():
            self.ws.row_dimensions[r].height = round(h, 1)
        self._print_setup()
        return self.sheet

    def _print_setup(self) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        for k, v in MARGINS_IN.items():
            setattr(ws.page_margins, k, v)
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        ws.oddFooter.center.font = f"{SERIF},Regular"
        ws.oddFooter.center.size = 9
        repeat = 0.0
        if self.title_row:
            a, z = self.title_row
            ws.print_title_rows = f"{a}:{z}"
            repeat = sum(self.heights[r] for r in range(a, z + 1))
        breaks, start, r = [], 1, 1
        while r < self.row:
            used = sum(self.heights.get(x, LINE_PT) for x in range(start, r + 1)) + (repeat if breaks else 0)
            if used > PAGE_BODY_PT and r > start:
                # a page breaks before a merged 一级/二级指标 group rather than inside it, when it can
                first = self.inside.get(r, r)
                r = first if first > start else r
                breaks.append(r)
                start = r
            r += 1
        for r in breaks:
            ws.row_breaks.append(Break(id=r - 1))
        self.sheet.breaks = breaks
        self.sheet.pages = len(breaks) + 1


def write_xlsx(blocks: Sequence[Block], path: Union[str, Path], title: str = "") -> XlsxSheet:
    """Write ``blocks`` as a one-sheet .xlsx at ``path`` (byte-identical on rerun)."""
    w = _Writer(blocks)
    sheet = w.write()
    props = w.wb.properties
    props.title, props.creator = title, ""
    props.created = props.modified = datetime(2024, 1, 1)
    w.wb.save(str(path))
    fix_zip_times(Path(path))
    return sheet
