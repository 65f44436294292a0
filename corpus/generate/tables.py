"""A ``Table`` block as a reportlab flowable that splits across pages as Word does.

reportlab's Table will not split inside a run of vertically merged cells, so a 自评表
whose 一级指标 cell spans twenty rows jumps whole to the next page.  ``BlockTable`` splits
between any two rows instead: the header rows are repeated on the next page, and a merged
cell cut by the page break continues there as an empty merged cell (its text stays on the
first page, as in Word).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from reportlab.platypus import Flowable
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from .blocks import LEFT, Cell, Table
from .textflow import TextFlow, TextStyle

#: Cell padding in points (left/right, top/bottom).
PAD_X, PAD_Y = 4, 3


class BlockTable(Flowable):
    """Flowable for a ``Table`` block; ``cell`` / ``head`` are the body and header styles."""

    def __init__(self, block: Table, width: float, cell: TextStyle, head: TextStyle) -> None:
        super().__init__()
        self.block = block
        self.table_width = width
        self.cell_style = replace(cell, align=block.align)
        self.head_style = head
        self.hAlign = "CENTER"
        self._table = self._build()

    def _build(self) -> RLTable:
        b = self.block
        data = [[TextFlow(txt, self.head_style if r < b.header_rows else self.cell_style)
                 for txt in row] for r, row in enumerate(b.text_rows())]
        weights = list(b.col_widths or [1.0] * b.n_cols)
        col_widths = [self.table_width * w / sum(weights) for w in weights]
        cmds: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                             ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
                             ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
                             ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y)]
        if b.ruled:
            cmds.append(("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)))
        cmds += [("SPAN", a, c) for a, c in b.spans()]
        return RLTable(data, colWidths=col_widths, style=TableStyle(cmds), hAlign="CENTER")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self._table.wrap(availWidth, availHeight)
        return self.width, self.height

    def row_heights(self) -> list[float]:
        self._table.wrap(self.table_width, 1e6)
        return list(self._table._rowHeights)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        heights = self.row_heights()
        if sum(heights) <= availHeight:
            return [self]
        hr = self.block.header_rows
        k, used = 0, 0.0
        while k < len(heights) and used + heights[k] <= availHeight:
            used += heights[k]
            k += 1
        if k <= hr:                       # not even one body row fits: next page
            return []
        rows = [list(r) for r in self.block.rows]
        rest = [list(r) for r in rows[:hr]] + [list(r) for r in rows[k:]]
        rest[hr] = _restart_spans(rest[hr])
        return [self._part(rows[:k]), self._part(rest)]

    def _part(self, rows: Sequence[Sequence[Cell]]) -> "BlockTable":
        return BlockTable(replace(self.block, rows=rows, caption=None), self.table_width,
                          self.cell_style, self.head_style)

    def draw(self) -> None:
        self._table.drawOn(self.canv, 0, 0)


def _restart_spans(row: list[Cell]) -> list[Cell]:
    """First body row after a page break: cells merged with the row above start afresh
    as empty cells (LEFT cells keep following their left neighbour)."""
    return [("" if c is None else c) for c in row]


__all__ = ["BlockTable", "LEFT"]
