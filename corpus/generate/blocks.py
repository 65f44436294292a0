"""The block model: what a synthetic report is made of, independent of how it is rendered.

A report is a list of blocks: ``Heading``, ``Para`` and ``Table``.  Renderers
(``layout.render_pdf``, ``layout.render_txt``) turn the same list into a PDF or a text file.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence, Union


class _Merge:
    """Sentinel for a table cell that is covered by a neighbour (a merged cell)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: A cell value meaning "merged with the cell to the left" (horizontal span).
LEFT = _Merge("LEFT")
#: A cell value meaning "merged with the cell above" (vertical span); ``None`` means the same.
UP = None

Cell = Union[str, None, _Merge]


@dataclass(frozen=True)
class Heading:
    """A heading line.  level 0 is the report title (centred, large); 1 is 一、, 2 is （一）,
    3 and deeper are 1. / 1、 / <一> items.  The text carries its own numbering."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A body paragraph: one string, no line breaks; the renderer wraps it."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table.  ``rows`` are lists of cells; a cell may hold "\\n" for a forced line break
    inside the cell.  ``None`` (or ``UP``) merges a cell with the one above, ``LEFT`` with
    the one to the left.  ``header_rows`` rows are repeated when the table runs over a page.
    ``ruled`` draws a full grid; otherwise no lines.  ``caption`` is a centred line above.
    ``col_widths`` are relative weights (any positive numbers), scaled to the text width;
    default: equal columns.  ``align`` is the cell text alignment: left, center, right, justify.
    """

    rows: Sequence[Sequence[Cell]]
    header_rows: int = 1
    ruled: bool = True
    caption: Optional[str] = None
    col_widths: Optional[Sequence[float]] = None
    align: str = "center"

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def text_rows(self) -> list[list[str]]:
        """The rows padded to ``n_cols`` with merged cells as empty strings."""
        n = self.n_cols
        return [[c if isinstance(c, str) else "" for c in r] + [""] * (n - len(r))
                for r in self.rows]

    def spans(self) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Merged regions as ((col0, row0), (col1, row1)), inclusive, for reportlab's SPAN."""
        n = self.n_cols
        grid = [list(r) + [""] * (n - len(r)) for r in self.rows]
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell is LEFT and c > 0:
                    owner[(r, c)] = owner[(r, c - 1)]
                elif cell is None and r > 0:
                    owner[(r, c)] = owner[(r - 1, c)]
                else:
                    owner[(r, c)] = (r, c)
        extent: dict[tuple[int, int], tuple[int, int]] = {}
        for (r, c), (r0, c0) in owner.items():
            r1, c1 = extent.get((r0, c0), (r0, c0))
            extent[(r0, c0)] = (max(r1, r), max(c1, c))
        return [((c0, r0), (c1, r1)) for (r0, c0), (r1, c1) in sorted(extent.items())
                if (r1, c1) != (r0, c0)]


Block = Union[Heading, Para, Table]


def block_texts(blocks: Sequence[Block]) -> list[str]:
    """Every string the blocks carry, in reading order (table: caption, then cells)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Table):
            out += [b.caption or ""] + [c for r in b.text_rows() for c in r]
        else:
            out.append(b.text)
    return out
