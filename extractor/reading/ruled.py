"""Ruled tables from a page's rules: our copy of pdfplumber's table finder (lines strategy, default settings).

pdfplumber (MIT-licensed) finds a ruled table in four steps, which this module reproduces:
`TableFinder(page, TableSettings.resolve(None)).tables`. The page's lines, rectangle sides and curve
segments become horizontal and vertical edges; edges within 3 pt across are snapped to their average and
edges within 3 pt along are joined; every crossing of a vertical and a horizontal edge (3 pt tolerance)
is a point; each point's smallest closed rectangle is a cell; cells that share a corner form a table.
It lives here so the pdfium path never imports pdfplumber (about 0.11 s and 10 MiB at every start).

The arithmetic is pdfplumber's, operation for operation and in its order (a snapped edge is moved by
`avg - x0`, a joined one keeps pdfplumber's running length), so the boxes are equal to the last bit;
where pdfplumber compares every pair (crossings, cells, tables), the edges and points are indexed by
position first. tests/test_ruled.py compares the two on every corpus page pdfium reads, and on drawn cases.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from ..document import Box
from .ruled_cells import cells_of, tables_of

PREFILTER_LENGTH = 1  # pt: shorter edges are dropped before snapping (edge_min_length_prefilter)
MIN_LENGTH = 3  # pt: shorter edges are dropped after joining (edge_min_length)
SNAP = 3  # pt: edges this close across are moved to their average position (snap_tolerance)
JOIN = 3  # pt: collinear edges this close end to end are one edge (join_tolerance)
CROSS = 3  # pt: a vertical and a horizontal edge this close cross (intersection_tolerance)


class Edge(NamedTuple):
    """A horizontal or vertical rule. `pos` is where it lies across (x of a vertical, top of a horizontal),
    `start` to `end` where it runs along; `far` is pdfplumber's other coordinate across (x1 of a vertical,
    bottom of a horizontal), kept because pdfplumber tells edges apart by their whole box; `length` is
    pdfplumber's height (vertical) or width (horizontal), which it updates apart from start and end."""

    pos: float
    start: float
    end: float
    far: float
    length: float


@dataclass(frozen=True)
class RuledTable:
    """A table's box and its rows of cell boxes, None where a merged cell leaves a gap (as pdfplumber's
    Table.rows: one column per distinct left edge)."""

    bbox: Box
    rows: list[list[Box | None]]


def find_tables(lines, rects, curves) -> list[RuledTable]:
    """The ruled tables of a page's line, rect and curve dicts (pdfplumber's shape, top-down coordinates),
    top to bottom, as pdfplumber's default TableFinder finds them."""
    verticals, horizontals = page_edges(lines, rects, curves)
    verticals = merged(verticals, vertical=True)
    horizontals = merged(horizontals, vertical=False)
    points = crossings(verticals, horizontals)
    return [RuledTable(_bbox(cells), _rows(cells)) for cells in tables_of(cells_of(points))]


def page_edges(lines, rects, curves) -> tuple[list[Edge], list[Edge]]:
    """The vertical and horizontal edges of the rules, in pdfplumber's order (lines, then each rect's top,
    bottom, left and right sides, then curve segments), those shorter than PREFILTER_LENGTH left out."""
    verticals: list[Edge] = []
    horizontals: list[Edge] = []
    for ln in lines:
        if ln["top"] == ln["bottom"]:
            horizontals.append(Edge(ln["top"], ln["x0"], ln["x1"], ln["bottom"], ln["width"]))
        else:  # pdfplumber calls every other line vertical, a slanted one too
            verticals.append(Edge(ln["x0"], ln["top"], ln["bottom"], ln["x1"], ln["height"]))
    for r in rects:
        horizontals.append(Edge(r["top"], r["x0"], r["x1"], r["top"], r["width"]))
        horizontals.append(Edge(r["top"] + r["height"], r["x0"], r["x1"], r["bottom"], r["width"]))
        verticals.append(Edge(r["x0"], r["top"], r["bottom"], r["x0"], r["height"]))
        verticals.append(Edge(r["x1"], r["top"], r["bottom"], r["x1"], r["height"]))
    for c in curves:
        for (xa, ya), (xb, yb) in zip(c["pts"], c["pts"][1:]):
            x0, x1, top, bottom = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
            if xa == xb:
                verticals.append(Edge(x0, top, bottom, x1, abs(ya - yb)))
            elif ya == yb:
                horizontals.append(Edge(top, x0, x1, bottom, abs(xa - xb)))
    keep = PREFILTER_LENGTH
    return [e for e in verticals if e.length >= keep], [e for e in horizontals if e.length >= keep]


def merged(edges: list[Edge], vertical: bool) -> list[Edge]:
    """Edges of one direction snapped, joined and filtered (pdfplumber's merge_edges, then edge_min_length)."""
    snapped = _snapped(edges)
    snapped.sort(key=lambda e: (e.pos, e.start))  # stable: pdfplumber groups by position, then sorts
    out: list[Edge] = []
    for e in snapped:
        last = out[-1] if out else None
        if last is None or e.pos != last.pos or e.start > last.end + JOIN:
            out.append(e)  # a new position, or a gap wider than JOIN along
        elif e.end > last.end:
            length = last.length + (e.end - last.end) if vertical else e.end - last.start
            out[-1] = last._replace(end=e.end, length=length)
    return [e for e in out if e.length >= MIN_LENGTH]


def _snapped(edges: list[Edge]) -> list[Edge]:
    """pdfplumber's snap_objects: positions clustered (sorted distinct values, a new cluster after a gap
    > SNAP), each edge moved by (cluster average − its position); clusters in order, edges in page order."""
    values = sorted({e.pos for e in edges})
    cluster_of: dict[float, int] = {}
    n = -1
    for k, v in enumerate(values):
        if k == 0 or v > values[k - 1] + SNAP:
            n += 1
        cluster_of[v] = n
    clusters: list[list[Edge]] = [[] for _ in range(n + 1)]
    for e in edges:
        clusters[cluster_of[e.pos]].append(e)
    out = []
    for cluster in clusters:
        avg = sum(e.pos for e in cluster) / len(cluster)
        for e in cluster:
            d = avg - e.pos
            out.append(e._replace(pos=e.pos + d, far=e.far + d))
    return out


def crossings(verticals: list[Edge], horizontals: list[Edge]) -> dict[tuple[float, float], tuple[set, set]]:
    """Each point (x, top) where a vertical and a horizontal edge cross within CROSS, with the edges
    (their indexes) through it: pdfplumber's edges_to_intersections. The horizontals are sorted by top
    once, so each vertical looks only at those within its reach; the tests are pdfplumber's, as written.
    An index stands for the edge's box, by which pdfplumber matches edges: after joining, no two edges of
    one direction share a box."""
    horizontals = sorted(horizontals, key=lambda e: (e.pos, e.start))
    reach_down = [h.pos + CROSS for h in horizontals]  # nondecreasing, as float addition is monotone
    reach_up = [h.pos - CROSS for h in horizontals]
    points: dict[tuple[float, float], tuple[set, set]] = {}
    for i, v in enumerate(verticals):
        for j in range(bisect_left(reach_down, v.start), bisect_right(reach_up, v.end)):
            h = horizontals[j]
            if v.start <= h.pos + CROSS and v.end >= h.pos - CROSS and h.start - CROSS <= v.pos <= h.end + CROSS:
                vs, hs = points.setdefault((v.pos, h.pos), (set(), set()))
                vs.add(i)
                hs.add(j)
    return points


def _bbox(cells: list[Box]) -> Box:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


def _rows(cells: list[Box]) -> list[list[Box | None]]:
    """pdfplumber's Table.rows: cells grouped by top, one column per distinct left edge."""
    lefts = sorted({c[0] for c in cells})
    by_top: dict[float, dict[float, Box]] = {}
    for c in sorted(cells, key=lambda c: (c[1], c[0])):
        by_top.setdefault(c[1], {})[c[0]] = c
    return [[row.get(x) for x in lefts] for row in by_top.values()]
