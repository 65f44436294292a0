"""Excel (.xlsx) 自评表 → Document through openpyxl: each visible sheet a page and a table.

Every cell is read as it prints (numformat.py: a number with the decimals, percent and separators of its
cell's number format; a formula as the value Excel or WPS last saved for it) and placed by its address,
Sheet1!C5. A merged range's text stands in its top-left cell and the cells it covers are None, as in a
ruled PDF table, so the same table rules run. Rows at the top holding one text each (the form's title, 单位：
万元) are lines of the text and the table's caption; cells holding prose (a 自评结论 in a merged cell) are
also lines of the text. Hidden sheets, rows and columns are not printed, so not read.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

from ..document import Cell, Page, Table
from ..limits import Limits, check, report_pages
from .errors import ReadError
from .numformat import format_number
from .placed import PlacedText, join_cell_lines


def read_xlsx(path: Path, limits: Limits | None = None):
    with warnings.catch_warnings(), path.open("rb") as fh:  # a file, not a name: openpyxl checks the suffix
        warnings.simplefilter("ignore")  # openpyxl warns of the extensions it drops (data validation, slicers)
        book = openpyxl.load_workbook(fh, data_only=True)
    sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    return workbook_document(path, len(sheets), ((ws.title, _grid(ws, str(path), limits)) for ws in sheets), limits)


def workbook_document(path: Path, count: int, grids: Iterable[tuple[str, Grid]], limits: Limits | None):
    """A workbook's `count` visible sheets, given as (title, grid) one after another, as a Document."""
    report_pages(count)
    text, pages, tables = PlacedText(), [], []
    for number, (title, grid) in enumerate(grids, start=1):
        pages.append(Page(number, name=title))
        if not grid:
            continue
        rows, lines = _title_rows(grid)
        for cell_lines, place in lines:
            for line in cell_lines:
                text.add(line, number, place)
        for row in rows:
            for cell, cell_lines in row:
                if cell is not None:
                    text.add_prose(cell_lines, number, cell.place)
        if rows:
            cells = [[c for c, _ in row] for row in rows]
            caption = " ".join(lines[-1][0]) if lines else ""
            tables.append(Table(number, None, _renumbered(cells), ruled=True, caption=caption))
        check(str(path), limits, "chars_per_file", text.builder.length)
    if not text.builder.length and not tables:
        raise ReadError(str(path), "empty", (f"{count} 个可见工作表均无文字", f"{count} visible sheets without text"))
    return text.builder.build(str(path), "xlsx", pages, tables, places=text.places)


def sheet_place(title: str, row: int, col: int) -> str:
    """A cell's address as Excel writes it: 自评表!C5, 'Sheet 1'!C5."""
    name = title if all(ch.isalnum() or ch == "_" for ch in title) else "'" + title.replace("'", "''") + "'"
    return f"{name}!{get_column_letter(col)}{row}"


def cell_lines(cell) -> list[str]:
    """A cell's text as printed, line by line (a text typed with Alt+Enter keeps its lines)."""
    value = cell.value
    if value is None:
        return []
    if isinstance(value, bool):
        return ["TRUE" if value else "FALSE"]
    if isinstance(value, (int, float)):
        return [format_number(value, cell.number_format)]
    if isinstance(value, dt.datetime):
        return [value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")]
    if isinstance(value, (dt.date, dt.time)):
        return [value.isoformat()]
    return str(value).replace("\r\n", "\n").split("\n")


Grid = list[list[tuple[Cell | None, list[str]]]]


def _grid(ws, path: str, limits: Limits | None) -> Grid:
    """The sheet's printed rectangle: each position a Cell (or None where a merged range continues) with
    its lines; only the cells the file holds are visited (a sheet may address a million rows)."""
    covered, texts = set(), {}
    for (r, c), cell in ws._cells.items():  # the cells the file holds (openpyxl's own dict of them)
        if isinstance(cell, MergedCell):  # openpyxl puts one in every cell a merged range covers
            covered.add((r, c))
            continue
        lines = cell_lines(cell)
        if any(line.strip() for line in lines):
            texts[(r, c)] = lines
    hidden_rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    hidden_cols = {c for d in ws.column_dimensions.values() if d.hidden for c in range(d.min or 0, (d.max or 0) + 1)}
    return build_grid(ws.title, texts, covered, (hidden_rows, hidden_cols), path, limits)


def build_grid(
    title: str, texts: dict, covered: set, hidden: tuple[set, set], path: str, limits: Limits | None
) -> Grid:
    """A sheet's grid from the lines of the cells holding text, by (row, column), the positions a merged
    range covers, and the hidden (rows, columns): the rectangle from the first text to the last."""
    if not texts:
        return []
    rows = range(min(r for r, _ in texts), max(r for r, _ in texts) + 1)
    cols = range(min(c for _, c in texts), max(c for _, c in texts) + 1)
    # the grid is built whole: bounded even when a library caller gives no limits
    check(
        path,
        limits or Limits(),
        "chars_per_file",
        len(rows) * len(cols),
        (f"个单元格，工作表 {title}", f"grid cells on sheet {title}"),
    )
    rows = [r for r in rows if r not in hidden[0]]
    cols = [c for c in cols if c not in hidden[1]]
    grid: Grid = []
    for r in rows:
        row = []
        for c in cols:
            if (r, c) in covered:
                row.append((None, []))
                continue
            lines = texts.get((r, c), [])
            row.append((Cell(0, 0, join_cell_lines(lines), None, place=sheet_place(title, r, c)), lines))
        grid.append(row)
    return grid


def _title_rows(grid: Grid) -> tuple[Grid, list[tuple[list[str], str]]]:
    """The rows from the first that holds two texts on, and the texts (lines, place) of the rows above it."""
    lines = []
    for k, row in enumerate(grid):
        filled = [(cell, ls) for cell, ls in row if cell is not None and cell.text]
        if len(filled) >= 2:
            return grid[k:], lines
        lines.extend((ls, cell.place) for cell, ls in filled)
    return [], lines


def _renumbered(cells: list[list[Cell | None]]) -> list[list[Cell | None]]:
    return [
        [Cell(r, c, cell.text, None, place=cell.place) if cell is not None else None for c, cell in enumerate(row)]
        for r, row in enumerate(cells)
    ]
