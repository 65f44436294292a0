"""Tables as the reader sees them: a table continued on the next page joined to its start, its
repeated header dropped."""

from __future__ import annotations

from dataclasses import replace

from ..document import Cell, Document, Table

BOTTOM_SHARE = 0.55  # a table ending below this share of its page may continue
TOP_SHARE = 0.35  # a table starting above this share of its page may be a continuation


def _texts(row) -> list[str]:
    return [c.text if c else "" for c in row]


def _height(doc: Document, page: int) -> float:
    return doc.pages[page - 1].height if 0 < page <= len(doc.pages) else 0.0


def continues(doc: Document, first: Table, second: Table) -> bool:
    if second.page != first.page + 1 or not first.cells or not second.cells:
        return False
    if len(first.cells[0]) != len(second.cells[0]):
        return False
    if first.bbox and second.bbox:
        h1, h2 = _height(doc, first.page), _height(doc, second.page)
        if h1 and first.bbox[3] < h1 * BOTTOM_SHARE:
            return False
        if h2 and second.bbox[1] > h2 * TOP_SHARE:
            return False
    return not second.caption or _texts(second.cells[0]) == _texts(first.cells[0])


def _with_page(row, page: int):
    """The row's cells, each knowing its page (a cell that already does is kept: cells are frozen)."""
    return [(c if c.page else Cell(c.row, c.col, c.text, c.bbox, page, c.place)) if c else None for c in row]


def logical_tables(doc: Document) -> list[Table]:
    out: list[Table] = []
    for t in doc.tables:
        prev = out[-1] if out else None
        last_page = max((c.page for row in prev.cells for c in row if c), default=prev.page) if prev else 0
        probe = replace(t, page=t.page) if prev else None
        if prev and continues(doc, replace(prev, page=last_page, bbox=_last_bbox(doc, prev)), probe):
            rows = t.cells[1:] if _texts(t.cells[0]) == _texts(prev.cells[0]) else t.cells
            n = len(prev.cells)
            joined = prev.cells + [
                [Cell(n + i, c.col, c.text, c.bbox, c.page or t.page, c.place) if c else None for c in r]
                for i, r in enumerate(rows)
            ]
            out[-1] = replace(prev, cells=joined, partial=prev.partial or t.partial)
        else:
            out.append(replace(t, cells=[_with_page(r, t.page) for r in t.cells]))
    return out


def _last_bbox(doc: Document, t: Table):
    """The box of the part of `t` on its last page (joined tables keep the first part's bbox)."""
    cells = [c for row in t.cells for c in row if c and c.bbox]
    if not cells:
        return t.bbox
    last = max(c.page for c in cells)
    boxes = [c.bbox for c in cells if c.page == last]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


__all__ = ["logical_tables", "continues", "Cell"]
