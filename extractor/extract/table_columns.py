"""A table's columns (their kinds and units, read from the header and the caption) and how a cell reads
under its column: its quantity, the precision its column prints, whether it fits the column at all."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from jixiao.patterns import column_kind, load
from jixiao.patterns.precompiled import compiled

from ..document import Table
from ..interval import Interval
from ..model import MONEY_KINDS, PERCENT_KINDS, POINT_KINDS, Kind
from ..numbers import is_figure, parse_quantity
from .labels import ACCEPTED_UNITS

UNIT_NOTE = load("tables")["unit_note"].regex
HEADER_UNIT = load("tables")["header_unit"].regex
LEADING_UNIT = load("tables")["leading_unit"].regex
MONEY_HEADER = compiled(r"资金|金额|预算|经费")
BARE_NUMBER = compiled(r"[≥≤≧≦<>]?\s*-?[\d,]+(?:\.\d+)?")  # a cell without its column's unit


@dataclass
class Column:
    name: str
    kind: str | None
    unit: str  # applied to bare numbers in the column


def _unit_for(header: str, kind: str | None, table_unit: str) -> str:
    m = HEADER_UNIT.search(header)
    if m:
        return "%" if m.group(1) in ("%", "％") else m.group(1)
    if kind in PERCENT_KINDS:
        return "%"
    if kind in POINT_KINDS:
        return "%" if kind == Kind.WEIGHT and table_unit == "%" else "分"
    if kind in MONEY_KINDS:
        return table_unit if table_unit and table_unit != "%" else ""
    return ""


def columns_of(table: Table, header_rows: int) -> list[Column]:
    width = max(len(r) for r in table.cells)
    names = []
    for c in range(width):
        parts = [table.cells[r][c].text for r in range(header_rows) if c < len(table.cells[r]) and table.cells[r][c]]
        names.append("/".join(dict.fromkeys(p for p in parts if p)))
    note = UNIT_NOTE.search(table.caption + " " + " ".join(names))
    table_unit = note.group(1) if note else ""
    if not table_unit:  # 项目资金（万元） over a block of budget columns
        money_header = next(
            (HEADER_UNIT.search(n) for n in names if MONEY_HEADER.search(n) and HEADER_UNIT.search(n)),
            None,
        )
        table_unit = money_header.group(1) if money_header else ""
    if not table_unit:  # ... or that header's （万元） wrapped onto the first row's name
        wrapped = next((m for row in table.cells[header_rows : header_rows + 1] for c in row
                        if c and (m := LEADING_UNIT.match(c.text))), None)  # fmt: skip
        table_unit = wrapped.group(1) if wrapped else ""
    return [Column(n, column_kind(n), _unit_for(n, column_kind(n), table_unit)) for n in names]


def count_header_rows(table: Table) -> int:
    """One header row, or two when the second also names columns and holds no figure."""
    if len(table.cells) > 2:
        second = [c.text for c in table.cells[1] if c and c.text]
        if second and not any(is_figure(t) for t in second) and any(column_kind(t) for t in second):
            return 2
    return 1


@lru_cache(maxsize=4096)  # a cell is read for its column's precision, its row's scale and its fact
def cell_quantity(text: str, unit: str):
    t = text.strip().replace("＝", "").replace("=", "")
    if unit and BARE_NUMBER.fullmatch(t):
        t += unit
    return parse_quantity(t)


def misfit(row, cols: list[Column]) -> bool:
    """Whether a cell of the row holds a figure its column cannot (a % under a money column)."""
    for c, col in enumerate(cols):
        cell = row[c] if c < len(row) else None
        accepted = ACCEPTED_UNITS.get(col.kind) if col.kind else None
        if accepted is not None and cell is not None and cell.text:
            q = cell_quantity(cell.text, col.unit)
            if q is not None and q.base_unit not in accepted | {""}:
                return True
    return False


def mostly_text(table: Table, header_rows: int, col: int) -> bool:
    """A column whose cells are names, whatever its header says (a garbled header of an unruled 自评表)."""
    texts = [row[col].text for row in table.cells[header_rows:] if col < len(row) and row[col] and row[col].text]
    return bool(texts) and sum(1 for t in texts if not is_figure(t) and t not in ("—", "-", "/")) > len(texts) / 2


def column_precision(table: Table, header_rows: int, cols: list[Column]) -> dict[int, int]:
    """The decimals a column of points prints (the most any of its cells shows). Points are awarded
    to that precision, so a whole 25 beside 9.16 is 25.00; rates and money may drop trailing zeros."""
    out: dict[int, int] = {}
    for row in table.cells[header_rows:]:
        for c, cell in enumerate(row):
            if cell and c < len(cols) and cols[c].kind in POINT_KINDS:
                q = cell_quantity(cell.text, cols[c].unit)
                if q is not None and not q.qualifier:
                    out[c] = max(out.get(c, 0), q.decimals)
    return out


def at_column_precision(q, decimals: int):
    """A whole 25 in a column of 9.16 and 89.16 is 25.00: the column fixes the precision."""
    if q.qualifier or q.decimals >= decimals:
        return q
    iv = Interval.rounded(q.value, decimals).scale(q.base_value / q.value if q.value else Decimal(1))
    return replace(q, lo=iv.lo, hi=iv.hi)
