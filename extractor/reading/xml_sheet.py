"""An Excel 2003 XML spreadsheet (SpreadsheetML: what many finance systems export, often named .xls) →
Document, read as an .xlsx is (excel.py): each visible worksheet a page and a table, a cell placed by its
address (Sheet1!C5), a merged range's text in its top-left cell, a number shown with its style's number
format. Hidden worksheets, rows and columns are not printed, so not read. A document type declaration is
refused: a table export has none, and entities are how an XML file is made to expand without bound.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..limits import Limits, check
from .errors import ReadError
from .excel import Grid, build_grid, workbook_document
from .numformat import format_number
from .xmlparts import parse_xml

SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
X = "{urn:schemas-microsoft-com:office:excel}"
NAMED_FORMATS = {  # the format names SpreadsheetML may give instead of a format code
    "General": "General", "General Number": "General", "Fixed": "0.00", "Standard": "#,##0.00",
    "Percent": "0.00%", "Scientific": "0.00E+00",
}  # fmt: skip
HIDDEN_SHEET = {"SheetHidden", "SheetVeryHidden"}
MAX_ROWS, MAX_COLS = 1_048_576, 16_384  # a worksheet's size in Excel: a position beyond is a damaged file


def read_xml_sheet(path: Path, limits: Limits | None = None):
    root = parse_xml(path.read_bytes(), str(path), "office_damaged")
    try:
        return _document(path, root, limits)
    except ValueError as e:  # an index, span or merge that is not a whole number
        raise ReadError(str(path), "office_damaged", f"XML spreadsheet: {e}") from None


def _document(path: Path, root, limits: Limits | None):
    formats = _formats(root)
    sheets = [
        ws for ws in root.iter(f"{SS}Worksheet") if ws.findtext(f"{X}WorksheetOptions/{X}Visible") not in HIDDEN_SHEET
    ]
    titles = [_attr(ws, "Name") or f"Sheet{k}" for k, ws in enumerate(sheets, start=1)]
    grids = ((title, _grid(ws, title, formats, str(path), limits)) for title, ws in zip(titles, sheets))
    return workbook_document(path, len(sheets), grids, limits)


def _attr(element, name: str) -> str | None:
    return element.get(f"{SS}{name}", element.get(name))


def _index(element, last: int, most: int) -> int:
    """A row's, column's or cell's position: its own ss:Index (from 1, at most `most`), else the one after
    the last."""
    index = _whole(_attr(element, "Index")) or last + 1
    if not 1 <= index <= most:
        raise ValueError(f"index {index} outside a sheet's 1–{most}")
    return index


def _count(element, name: str, most: int) -> int:
    """How many more columns or rows an element spans (0 to `most`: a sheet ends)."""
    count = _whole(_attr(element, name)) or 0
    if not 0 <= count <= most:
        raise ValueError(f"{name} {count} outside a sheet")
    return count


def _whole(value: str | None) -> int | None:
    """A whole number written in ASCII digits (int() would take ٣ and 1_0 too)."""
    if value is None or not value.strip():
        return None
    if not value.strip().lstrip("-").isascii() or not value.strip().lstrip("-").isdigit():
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _formats(root) -> dict[str, str]:
    """Style ID → number format code."""
    out = {}
    for style in root.iter(f"{SS}Style"):
        number = style.find(f"{SS}NumberFormat")
        code = _attr(number, "Format") if number is not None else None
        if code:
            out[_attr(style, "ID") or ""] = NAMED_FORMATS.get(code, code)
    return out


def _grid(ws, title: str, formats: dict[str, str], path: str, limits: Limits | None) -> Grid:
    table = ws.find(f"{SS}Table")
    if table is None:
        return []
    texts: dict[tuple[int, int], list[str]] = {}
    covered: set[tuple[int, int]] = set()
    hidden_rows, hidden_cols = set(), set()
    col = 0
    for column in table.iter(f"{SS}Column"):
        col = _index(column, col, MAX_COLS)
        span = _count(column, "Span", MAX_COLS - col)
        if _attr(column, "Hidden") == "1":
            hidden_cols.update(range(col, col + span + 1))
        col += span
    r = 0
    for row in table.iter(f"{SS}Row"):
        r = _index(row, r, MAX_ROWS)
        span = _count(row, "Span", MAX_ROWS - r)  # the same row again, span times (empty rows, mostly)
        if _attr(row, "Hidden") == "1":
            hidden_rows.update(range(r, r + span + 1))
        c = 0
        for cell in row.iter(f"{SS}Cell"):
            c = _index(cell, c, MAX_COLS)
            across, down = _count(cell, "MergeAcross", MAX_COLS - c), _count(cell, "MergeDown", MAX_ROWS - r)
            # what a merge covers is counted before it is built: a hostile one may claim a billion cells
            check(
                path,
                limits or Limits(),
                "chars_per_file",
                len(covered) + (across + 1) * (down + 1),
                ("个合并单元格", "merged cells"),
            )
            covered.update((r + i, c + j) for i in range(down + 1) for j in range(across + 1) if i or j)
            lines = _lines(cell, formats)
            if any(line.strip() for line in lines):
                texts[(r, c)] = lines
            c += across
        r += span
    return build_grid(title, texts, covered - set(texts), (hidden_rows, hidden_cols), path, limits)


def _lines(cell, formats: dict[str, str]) -> list[str]:
    """A cell's text as printed, line by line."""
    data = cell.find(f"{SS}Data")
    if data is None:
        return []
    kind, raw = _attr(data, "Type"), "".join(data.itertext())
    if kind == "Number":
        try:
            value = float(raw)
        except ValueError:
            return [raw]
        number = int(value) if value.is_integer() and not any(ch in raw for ch in ".eE") else value
        return [format_number(number, formats.get(_attr(cell, "StyleID") or ""))]
    if kind == "Boolean":
        return ["TRUE" if raw.strip() == "1" else "FALSE"]
    if kind == "DateTime":
        try:
            moment = dt.datetime.fromisoformat(raw.strip()[:19])
        except ValueError:
            return [raw]
        return [moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(" ")]
    return raw.replace("\r\n", "\n").split("\n")
