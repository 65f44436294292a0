"""Crossing points → cells → tables, as pdfplumber's intersections_to_cells and cells_to_tables (ruled.py
finds the points). pdfplumber scans every later point for each point and every remaining cell for each
cell; here points are indexed by column and row, and cells by corner, with the same outcome.
"""

from __future__ import annotations

from ..document import Box

Point = tuple[float, float]
Points = dict[Point, tuple[set, set]]  # each point's vertical and horizontal edges (ruled.crossings)


def cells_of(points: Points) -> list[Box]:
    """Each point's smallest cell, in (x, top) order of the points; a point without one has none."""
    order = sorted(points)
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    for p in order:  # a column's points top to bottom, a row's left to right
        columns.setdefault(p[0], []).append(p)
        rows.setdefault(p[1], []).append(p)
    down = {p: k for column in columns.values() for k, p in enumerate(column)}
    across = {p: k for row in rows.values() for k, p in enumerate(row)}
    cells = []
    for p in order:
        below = columns[p[0]][down[p] + 1 :]
        right = rows[p[1]][across[p] + 1 :]
        cell = _smallest_cell(points, p, below, right)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(points: Points, p: Point, below, right) -> Box | None:
    """pdfplumber's find_smallest_cell: the first point below p on an edge through p (top to bottom), with
    the first point right of p on an edge through p (left to right), whose far corner is a point sharing
    an edge with each of them."""
    verticals, horizontals = points[p]
    rights = [r for r in right if not horizontals.isdisjoint(points[r][1])]
    if not rights:
        return None
    for b in below:
        b_verticals, b_horizontals = points[b]
        if verticals.isdisjoint(b_verticals):
            continue
        for r in rights:
            corner = points.get((r[0], b[1]))
            if corner and not corner[0].isdisjoint(points[r][0]) and not corner[1].isdisjoint(b_horizontals):
                return (p[0], p[1], r[0], b[1])
    return None


def _corners(cell: Box) -> tuple[Point, ...]:
    x0, top, x1, bottom = cell
    return ((x0, top), (x0, bottom), (x1, top), (x1, bottom))


def tables_of(cells: list[Box]) -> list[list[Box]]:
    """Cells that touch at a corner, directly or through others, as one table (pdfplumber's cells_to_tables
    grows each table this way until it stops growing); tables of one cell dropped, the rest in order of
    their top-left cell (top, then left)."""
    by_corner: dict[Point, list[int]] = {}
    for k, cell in enumerate(cells):
        for corner in _corners(cell):
            by_corner.setdefault(corner, []).append(k)
    seen = [False] * len(cells)
    tables = []
    for first in range(len(cells)):
        if seen[first]:
            continue
        seen[first] = True
        table, todo = [], [first]
        while todo:
            k = todo.pop()
            table.append(cells[k])
            for corner in _corners(cells[k]):
                for other in by_corner[corner]:
                    if not seen[other]:
                        seen[other] = True
                        todo.append(other)
        tables.append(table)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]
