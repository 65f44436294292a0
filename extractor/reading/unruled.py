"""Unruled tables in a PDF: runs of lines whose characters fall into aligned columns, headed by a row
that names known columns. Their lines leave the running text and become a Table."""

from __future__ import annotations

from ..document import Cell, Table
from .flattened import HEADER_WORD

COLUMN_GAP = 1.5  # × font size: a wider gap between characters separates cells
MIN_COLUMNS = 3


def segments(chars: list[dict], size: float) -> list[list[dict]]:
    out: list[list[dict]] = []
    for c in chars:
        if c["text"].isspace():
            continue
        if out and c["x0"] - out[-1][-1]["x1"] <= COLUMN_GAP * size:
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _text(seg: list[dict]) -> str:
    return "".join(c["text"] for c in seg)


def _box(seg: list[dict]) -> tuple[float, float, float, float]:
    return (min(c["x0"] for c in seg), min(c["top"] for c in seg), max(c["x1"] for c in seg), max(c["bottom"] for c in seg))


def _is_header(segs: list[list[dict]]) -> bool:
    texts = [_text(s) for s in segs]
    known = sum(1 for t in texts if HEADER_WORD.match(t))
    return len(texts) >= MIN_COLUMNS and known >= 2 and known >= len(texts) - 1


def find_unruled(page_number: int, raw_lines: list[dict], size_of) -> tuple[list[Table], set[int]]:
    """Tables found among a page's text lines, and the indexes of the lines they took."""
    tables, used = [], set()
    i = 0
    while i < len(raw_lines):
        segs = segments(raw_lines[i]["chars"], size_of(raw_lines[i]))
        if not _is_header(segs):
            i += 1
            continue
        anchors = [(_box(s)[0], _box(s)[2]) for s in segs]
        rows = [(i, segs)]
        j = i + 1
        while j < len(raw_lines):
            row = segments(raw_lines[j]["chars"], size_of(raw_lines[j]))
            if len(row) >= 2 and all(_column(_box(s), anchors) is not None for s in row):
                rows.append((j, row))
            elif len(row) == 1 and rows[-1][0] == j - 1 and len(rows) > 1 and _within_first_column(row[0], anchors):
                rows.append((j, row))  # a name wrapped onto its own line
            else:
                break
            j += 1
        if len(rows) >= 2:
            tables.append(_table(page_number, rows, anchors))
            used.update(k for k, _ in rows)
        i = max(j, i + 1)
    return tables, used


def _within_first_column(seg: list[dict], anchors) -> bool:
    """A short piece that stays left of the second column: the rest of a wrapped row name,
    not a line of running text that happens to start at the table's left edge."""
    box = _box(seg)
    return len(seg) <= 12 and len(anchors) > 1 and box[2] < anchors[1][0]


def _column(box, anchors) -> int | None:
    """The column whose header span overlaps this cell most (cells may be wider than headers)."""
    best, best_overlap = None, 0.0
    for k, (a0, a1) in enumerate(anchors):
        lo, hi = max(box[0], a0 - 12), min(box[2], a1 + 12)
        if hi - lo > best_overlap:
            best, best_overlap = k, hi - lo
    return best


def _table(page_number: int, rows, anchors) -> Table:
    width = len(anchors)
    grid: list[list[Cell | None]] = []
    for _, segs in rows:
        placed: dict[int, list] = {}
        for s in segs:
            placed.setdefault(_column(_box(s), anchors), []).append(s)
        if len(segs) == 1 and grid and 0 in placed:  # wrapped name: join to the row above
            prev = grid[-1][0]
            if prev is not None:
                grid[-1][0] = Cell(prev.row, 0, prev.text + _text(segs[0]), prev.bbox)
                continue
        r = len(grid)
        grid.append([
            Cell(r, k, "".join(_text(s) for s in placed[k]), _box([c for s in placed[k] for c in s])) if k in placed else None
            for k in range(width)
        ])  # fmt: skip
    boxes = [c.bbox for row in grid for c in row if c]
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return Table(page_number, bbox, grid, ruled=False)
