"""An Excel workbook an auditor can work in. `jixiao check -f xlsx`: sheets 汇总 (one row per file: pages,
findings by severity, 已检查 or 无法读取 with the reason), 问题 (the findings) and 数据 (the facts);
`jixiao extract -f xlsx`: 数据 (or 表格 with --tables). Headers in the chosen language (English names with
--lang en).

Figures are numbers (value, base value, low, high, stated, expected) whose number format prints them as the
report did: its decimals, its thousands separator, its unit as a literal (`0.00"万元"`); a percent is stored
as a fraction with a percent format (91.12% is 0.9112 shown as `0.00%`), so Excel counts it as Excel counts
percents. The exact printed string stays in a column of its own (原文 / 所述 / 应为). Text wraps, the header
row is frozen, filters are on, widths fit Chinese (a CJK character counts double), rows are coloured by
severity, and each finding links to its file (a path relative to the workbook) and page (`a.pdf#page=3`).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..marks import mark_workbook
from ..reading.errors import reason_name
from .names import HEADERS, KIND, SEVERITY, SHEETS, SOURCE, STATUS, location, say, subject_name
from .records import CELL_COLUMNS, decimal, distinct_evidence, figure, reason

FILLS = {"error": "FFC7CE", "warning": "FFE699", "info": "E7E6E6"}  # red, amber, grey
HEADER_FILL = "D9E1F2"
LINK_FONT = Font(color="0563C1", underline="single")
MAX_WIDTH = 50
MIN_WIDTH = 6
WIDTH_SAMPLE = 1000  # rows whose contents set a column's width
HUNDRED = Decimal(100)

SUMMARY_SHEET = ["file", "link", "pages", "error", "warning", "info", "status", "reason", "code"]
FINDINGS_SHEET = ["file", "page", "line", "place", "link", "rule", "severity", "message", "stated", "stated_value",
                   "expected", "expected_value", "quote", "evidence"]  # fmt: skip
FACTS_SHEET = ["file", "page", "line", "place", "link", "kind", "subject", "text", "value", "unit", "decimals", "qualifier",
                "base_value", "base_unit", "lo", "hi", "quote", "label", "section", "source", "cell", "id", "bbox"]  # fmt: skip


@dataclass(frozen=True)
class Number:
    value: Decimal
    format: str


@dataclass(frozen=True)
class Link:
    text: str
    target: str


def number(value: Decimal | None, decimals: int, unit: str, grouped: bool = False) -> Number | None:
    """A figure as a number cell printed as the report printed it; None for none or an open bound."""
    if value is None or not value.is_finite():
        return None
    digits = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals > 0 else "")
    if unit == "%":
        return Number(value / HUNDRED, digits + "%")
    return Number(value, f'{digits}"{unit}"' if unit else digits)


def _own_decimals(d: Decimal) -> int:
    return max(0, -d.as_tuple().exponent) if d.is_finite() else 0


def file_link(path: str, page, line, base: str, lang: str) -> Link:
    """A link to the file (relative to the workbook, as a URI reference: 水利局 报告#1.pdf is
    水利局%20报告%231.pdf; characters beyond ASCII stay as they are, as Excel writes them) and its page."""
    try:
        target = "".join(
            c if not c.isascii() else quote(c, safe="/")
            for c in os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
        )
    except ValueError:  # another drive than the workbook's
        target = Path(os.path.abspath(path)).as_uri()
    if page and not line and path.lower().endswith(".pdf"):
        target += f"#page={page}"
    text = location(page, line, "", lang) or os.path.basename(path)
    return Link(text, target)


def _figure_cell(text: str) -> Number | None:
    got = figure(text)
    return number(got[0], got[1], got[2], "," in text) if got else None


def _evidence_text(evidence: list[dict], lang: str) -> str:
    lines = []
    for e in distinct_evidence(evidence):
        where = location(e.get("page"), e.get("line"), e.get("place") or "", lang)
        line = f"{where}{' [' + e['cell'] + ']' if e.get('cell') else ''}: {e.get('quote', '')}"
        if line not in lines:
            lines.append(line)
    return "\n".join(lines)


def finding_row(f: dict, base: str, lang: str) -> dict:
    return {
        **{k: f.get(k) for k in ("file", "page", "line", "place", "rule", "message", "stated", "expected", "quote")},
        "link": file_link(f["file"], f.get("page"), f.get("line"), base, lang),
        "severity": say(SEVERITY, f["severity"], lang),
        "stated_value": _figure_cell(f.get("stated") or ""),
        "expected_value": _figure_cell(f.get("expected") or ""),
        "evidence": _evidence_text(f.get("evidence"), lang),
        "_fill": f["severity"],
    }


def fact_row(f: dict, base: str, lang: str) -> dict:
    row = {k: f.get(k) for k in FACTS_SHEET}
    row["link"] = file_link(f["file"], f.get("page"), f.get("line"), base, lang)
    row["kind"] = say(KIND, f.get("kind"), lang)
    row["subject"] = subject_name(f.get("subject"), lang)
    row["source"] = say(SOURCE, f.get("source"), lang)
    row["bbox"] = ", ".join(str(x) for x in f["bbox"]) if f.get("bbox") else None
    grouped = "," in (f.get("text") or "")
    row["value"] = number(decimal(f.get("value")), f.get("decimals") or 0, f.get("unit") or "", grouped)
    for key in ("base_value", "lo", "hi"):
        d = decimal(f.get(key))
        row[key] = number(d, _own_decimals(d), f.get("base_unit") or "") if d is not None else None
    if f.get("kind") == "unreadable":
        row["source"] = reason_name(f.get("source") or "", lang)
        row["_fill"] = "error"
    return row


def summary_row(r, base: str, lang: str) -> dict:
    counts = {s: sum(1 for f in r.findings if f["severity"] == s) for s in ("error", "warning", "info")}
    return {
        "file": r.path,
        "link": file_link(r.path, None, None, base, lang),
        "pages": r.pages or None,
        **(dict.fromkeys(counts) if r.error else counts),
        "status": say(STATUS, "unreadable" if r.error else "checked", lang),
        "reason": reason(r) if r.error else "\n".join(n.removeprefix(f"{r.path}: ") for n in r.notes),
        "code": r.error_code,
        "_fill": "error" if r.error else None,
    }


def findings_workbook(path: str, results, lang: str = "zh") -> None:
    """`jixiao check -f xlsx`: 汇总, 问题 and 数据."""
    base = os.path.dirname(os.path.abspath(path))
    write_workbook(
        path,
        {
            say(SHEETS, "summary", lang): (SUMMARY_SHEET, [summary_row(r, base, lang) for r in results]),
            say(SHEETS, "findings", lang): (FINDINGS_SHEET, (row for r in results for row in _finding_rows(r, base, lang))),
            say(SHEETS, "facts", lang): (FACTS_SHEET, (fact_row(f, base, lang) for r in results for f in r.facts)),
        },
        lang,
    )  # fmt: skip


def _finding_rows(r, base: str, lang: str) -> list[dict]:
    """A file's rows of 问题; an unreadable file's one row names its reason (its code is 汇总's 代码)."""
    rows = [finding_row(f, base, lang) for f in r.findings]
    for row in rows if r.error else []:
        row["rule"] = reason_name(r.error_code, lang)
    return rows


def records_workbook(path: str, records: list[dict], columns: list[str], sheet: str, lang: str = "zh") -> None:
    """`jixiao extract -f xlsx`: the facts (or the tables' cells) on one sheet."""
    base = os.path.dirname(os.path.abspath(path))
    if sheet == "facts":
        rows, columns = [fact_row(f, base, lang) for f in records], FACTS_SHEET
    else:
        rows, columns = [dict(r) for r in records], CELL_COLUMNS
    write_workbook(path, {say(SHEETS, sheet, lang): (columns, rows)}, lang)


def write_workbook(path: str, sheets: dict[str, tuple[list[str], Iterable[dict]]], lang: str) -> None:
    """Streamed (openpyxl's write-only mode): rows go to disk as they are written, so the workbook of a large
    batch costs no more memory than its first WIDTH_SAMPLE rows, which set the columns' widths."""
    wb = Workbook(write_only=True)
    mark_workbook(wb)  # a folder search leaves it out (search.py)
    styles = _Styles()
    for name, (columns, rows) in sheets.items():
        ws = wb.create_sheet(name)
        header = [say(HEADERS, c, lang) for c in columns]
        rows = iter(rows)
        sample = list(islice(rows, WIDTH_SAMPLE))
        widths = [_width(h) for h in header]
        for row in sample:
            for j, key in enumerate(columns):
                widths[j] = max(widths[j], _shown_width(_shown(row.get(key))))
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        ws.freeze_panes = "A2"
        ws.append([_header_cell(ws, h) for h in header])
        count = 0
        for row in chain(sample, rows):
            fill = row.get("_fill") if row.get("_fill") in FILLS else None
            ws.append([_put(WriteOnlyCell(ws), row.get(key), fill, styles) for key in columns])
            count += 1
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    wb.save(path)


def _header_cell(ws, text: str):
    cell = WriteOnlyCell(ws, value=text)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


class _Styles:
    """Each combination of cell style made once and copied onto its cells: openpyxl would otherwise hash the
    style objects again for every cell, which took most of the time of a large workbook."""

    def __init__(self) -> None:
        self.made: dict[tuple, object] = {}

    def apply(self, cell, wrap: bool, fill: str | None, link: bool, number_format: str | None) -> None:
        key = (wrap, fill, link, number_format)
        if key in self.made:
            cell._style = copy(self.made[key])
            return
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if fill:
            cell.fill = PatternFill("solid", fgColor=FILLS[fill])
        if link:
            cell.font = LINK_FONT
        if number_format:
            cell.number_format = number_format
        self.made[key] = copy(cell._style)


def _put(cell, value, fill: str | None, styles: _Styles):
    """One cell, styled."""
    if isinstance(value, Number):
        cell.value = value.value
        styles.apply(cell, False, fill, False, value.format)
    elif isinstance(value, Link):
        cell.value, cell.hyperlink = value.text, value.target
        styles.apply(cell, False, fill, True, None)
    else:
        cell.value = value if value != "" else None
        styles.apply(cell, isinstance(value, str), fill, False, None)
    return cell


def _shown(value) -> str:
    """What a cell shows: a number with its unit, a link's text, the text."""
    if isinstance(value, Number):
        unit = value.format.rsplit('"', 2)[-2] if '"' in value.format else ""
        return f"{value.value:f}" + unit
    if isinstance(value, Link):
        return value.text
    return "" if value is None else str(value)


def _shown_width(shown: str) -> int:
    return max((_width(line) for line in shown.splitlines()), default=0)


def _width(s: str) -> int:
    """Columns a string takes on screen: a CJK (wide or full-width) character counts double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
