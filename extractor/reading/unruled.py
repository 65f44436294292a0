"""Unruled tables in a PDF: runs of lines whose characters fall into aligned columns.

Word processors wrap long cells onto several lines (预算编制科 / 学性), so a table row is built
around its *anchor* line — the one carrying figures — and the text-only lines around it join the
cells of the nearest anchor. Header lines (everything above the first anchor) are joined per
column top to bottom (年初预算数（万 / 元） → 年初预算数（万元）). Column boundaries come from the
gaps in the horizontal projection of all cell pieces in the run.
"""

from __future__ import annotations

from operator import itemgetter

from jixiao.patterns import column_kind

from ..document import Cell, Table
from ..numbers import is_figure
from .flattened import HEADER_WORD, HEADER_WORDS

COLUMN_GAP = 0.6  # × font size: a wider gap between characters separates cells (narrow columns sit close)
MIN_COLUMNS = 3
DIGIT_GAP = 0.35  # × font size: digits of one number are never this far apart (5 | 5 in narrow columns)
FIGURE_CHARS = set("0123456789.,%")
SHORT_PIECE = 12  # characters: a lone piece this short inside a table run is part of a wrapped cell
PROSE_MARKS = "。；;"
LABEL_SPREAD = 2.0  # × glyph height: centres of row labels this close stand in one label column
WRAPPED_PIECE = 4  # characters: a piece above a header line no longer than this may be a header cell's first line


def segments(chars: list[dict], size: float) -> list[list[dict]]:
    """A line's characters split into cell pieces at gaps wider than COLUMN_GAP (DIGIT_GAP between figures)."""
    out: list[list[dict]] = []
    digit_gap, column_gap = DIGIT_GAP * size, COLUMN_GAP * size
    piece: list[dict] = []
    last_x1, last_figure = 0.0, False
    for c in chars:
        t = c["text"]
        if t.isspace():
            continue
        figure = t in FIGURE_CHARS
        if piece and c["x0"] - last_x1 <= (digit_gap if last_figure and figure else column_gap):
            piece.append(c)
        else:
            piece = [c]
            out.append(piece)
        last_x1, last_figure = c["x1"], figure
    return out


def _text(seg: list[dict]) -> str:
    return "".join([c["text"] for c in seg])


def _box(seg: list[dict]) -> tuple[float, float, float, float]:
    return min(map(_x0, seg)), min(map(_top_of, seg)), max(map(_x1, seg)), max(map(_bottom, seg))


_x0, _top_of, _x1, _bottom = itemgetter("x0"), itemgetter("top"), itemgetter("x1"), itemgetter("bottom")


def _is_piece(segs: list[list[dict]]) -> bool:
    """A line that may belong to a table run: several cells, or one short piece of a wrapped cell."""
    if len(segs) >= 2:
        return not any(ch in _text(s) for s in segs for ch in PROSE_MARKS)
    return len(segs) == 1 and len(segs[0]) <= SHORT_PIECE and not any(ch in _text(segs[0]) for ch in PROSE_MARKS)


def find_unruled(page_number: int, raw_lines: list[dict], sizes: list[float]) -> tuple[list[Table], set[int]]:
    """Tables found among a page's text lines (each line's font size given), and the indexes of the lines they took."""
    segs = [segments(r["chars"], size) for r, size in zip(raw_lines, sizes)]
    tables, used = [], set()
    i = 0
    while i < len(raw_lines):
        if len(segs[i]) < MIN_COLUMNS or not _is_piece(segs[i]):
            i += 1
            continue
        start = i
        while start > 0 and _is_piece(segs[start - 1]) and len(segs[start - 1]) >= 2:
            start -= 1  # header lines of two cells above the first wide line
        end = i
        while end + 1 < len(raw_lines) and _is_piece(segs[end + 1]) and not _is_heading(segs[end + 1]):
            end += 1
        for run in _split_at_captions(list(range(start, end + 1)), segs):
            run = _trim_head(_trim_tail(run, segs), segs)
            table = _build(page_number, [segs[k] for k in run])
            if table is not None:
                tables.append(table)
                used.update(run)
        i = end + 1
    return tables, used


def _has_figure(line) -> bool:
    return any(is_figure(_text(s)) for s in line)


def _is_heading(line) -> bool:
    from ..reflow import HEADING_RE

    return len(line) == 1 and bool(HEADING_RE.match(_text(line[0])))


def _looks_like_header(line) -> bool:
    texts = [_text(s) for s in line]
    return len(texts) >= 2 and not _has_figure(line) and sum(1 for t in texts if _header_piece(t)) >= 2


def _header_piece(text: str) -> bool:
    """A header cell, or the first line of one wrapped in a narrow column (年度指标 of 年度指标值)."""
    return bool(HEADER_WORD.match(text) or _header_like(text)) or (
        len(text) >= 2 and any(w.startswith(text) for w in HEADER_WORDS.split("|"))
    )


def _split_at_captions(run: list[int], segs) -> list[list[int]]:
    """Two tables stacked with a caption between them: after figures, a lone line followed by a
    line of several cells without figures starts a new table (the lone caption goes to neither)."""
    out, cur, seen_figures = [], [], False
    for n, k in enumerate(run):
        nxt = run[n + 1] if n + 1 < len(run) else None
        if seen_figures and len(segs[k]) == 1 and nxt is not None and _looks_like_header(segs[nxt]):
            out.append(cur)
            cur, seen_figures = [], False
            continue
        cur.append(k)
        seen_figures = seen_figures or _has_figure(segs[k])
    out.append(cur)
    return [r for r in out if r]


def _trim_head(run: list[int], segs) -> list[int]:
    """A form's label rows above the column header (项目名称 | 某某项目, 主管部门 | 某某局 | 实施单位 | …) are
    not part of the header: the table starts above the header line only with lines that could be its
    wrapped cells (header words, or pieces of at most WRAPPED_PIECE characters)."""
    first = next((n for n, k in enumerate(run) if _has_figure(segs[k])), None)
    if first is None:
        return run
    header = next((n for n in range(first - 1, -1, -1) if _looks_like_header(segs[run[n]])), None)
    if header is None:
        return run
    start = header
    while start > 0 and all(_header_piece(t) or len(t) <= WRAPPED_PIECE for t in map(_text, segs[run[start - 1]])):
        start -= 1
    return run[start:]


def _trim_tail(run: list[int], segs) -> list[int]:
    """Lone lines after the last row of figures belong to it only when they sit right under it."""
    anchors = [k for k in run if _has_figure(segs[k]) and len(segs[k]) >= 2]  # a lone figure may be a page number
    if not anchors:
        return run
    last = anchors[-1]
    pitch = _pitch([segs[k] for k in run])
    keep = [k for k in run if k <= last or _top(segs[k]) - _top(segs[last]) <= 1.3 * pitch]
    # stop at the first line that is too far: what follows is running text again
    out = []
    for k in run:
        if k not in keep:
            break
        out.append(k)
    return out


def _pitch(lines) -> float:
    tops = sorted(_top(line) for line in lines)
    gaps = sorted(b - a for a, b in zip(tops, tops[1:]) if b > a)
    return gaps[len(gaps) // 2] if gaps else 12.0


def _header_columns(header_lines) -> list[tuple[float, float]]:
    """Column centres from the header's pieces (年度指标 above 值 is one column); pieces of one
    line are always different columns."""
    pieces = sorted(
        ((_box(s)[0] + _box(s)[2]) / 2, _box(s)[3] - _box(s)[1], n) for n, line in enumerate(header_lines) for s in line
    )
    centres: list[list[tuple[float, int]]] = []
    for mid, height, line_no in pieces:
        last = centres[-1] if centres else None
        if last and mid - last[-1][0] <= 0.8 * height and all(ln != line_no for _, ln in last):
            last.append((mid, line_no))
        else:
            centres.append([(mid, line_no)])
    return [(sum(m for m, _ in c) / len(c),) * 2 for c in centres]


def _label_columns(header_lines, body_lines) -> list[tuple[float, float]]:
    """Columns of row labels left of everything the header names (a funds block whose header row
    names only the figures: 年度资金总额 | 1,686.63 | …, under 年初预算数 | …): one per cluster of
    label centres, in order."""
    left = min((_box(s)[0] for line in header_lines for s in line), default=None)
    if left is None:
        return []
    pieces = sorted(
        ((_box(s)[0] + _box(s)[2]) / 2, _box(s)[3] - _box(s)[1])
        for line in body_lines
        for s in line
        if _box(s)[2] < left and not is_figure(_text(s))
    )
    clusters: list[list[float]] = []
    for mid, height in pieces:
        if clusters and mid - clusters[-1][-1] <= LABEL_SPREAD * height:
            clusters[-1].append(mid)
        else:
            clusters.append([mid])
    return [(sum(c) / len(c),) * 2 for c in clusters]


def _col_of(seg, cols) -> int:
    """The column whose centre is nearest the piece's centre (wrapped cells are centred too)."""
    x0, _, x1, _ = _box(seg)
    mid = (x0 + x1) / 2
    return min(
        range(len(cols)),
        key=lambda k: 0 if cols[k][0] <= mid <= cols[k][1] else min(abs(mid - cols[k][0]), abs(mid - cols[k][1])),
    )


def _build(page_number: int, lines: list[list[list[dict]]]) -> Table | None:
    anchors = [k for k, line in enumerate(lines) if _has_figure(line)]
    if not anchors or anchors[0] == 0:
        return None  # no header above the figures
    first_row = _header_end(lines, anchors[0])
    cols = _header_columns(lines[:first_row])  # a header names each column once, at its centre
    cols = _label_columns(lines[:first_row], lines[first_row:]) + cols
    if len(cols) < MIN_COLUMNS:
        return None
    header = _merge(lines[:first_row], cols)
    known = sum(1 for h in header if h and HEADER_WORD.match(h) or _header_like(h))
    if known < 2:
        return None
    anchors = _join_split_rows(lines, anchors, cols)
    rows: dict[int, list[list]] = {a: [[] for _ in cols] for a in anchors}
    tops = [_top(line) for line in lines]
    for k in range(first_row, len(lines)):  # every line joins the row of its nearest anchor
        owner = min(anchors, key=lambda a: (abs(tops[a] - tops[k]), a))
        for seg in lines[k]:
            rows[owner][_col_of(seg, cols)].append(seg)
    grid: list[list[Cell | None]] = [[Cell(0, c, h, None) if h else None for c, h in enumerate(header)]]
    for r, a in enumerate(anchors, start=1):
        cells: list[Cell | None] = []
        for c, pieces in enumerate(rows[a]):
            if not pieces:
                cells.append(None)
                continue
            pieces.sort(key=lambda sg: (_box(sg)[1], _box(sg)[0]))
            chars = [ch for sg in pieces for ch in sg]
            cells.append(Cell(r, c, "".join(_text(sg) for sg in pieces), _box(chars)))
        grid.append(cells)
    boxes = [c.bbox for row in grid for c in row if c and c.bbox]
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return Table(page_number, bbox, grid, ruled=False)


def _figure_columns(line, cols) -> set[int]:
    return {_col_of(sg, cols) for sg in line if is_figure(_text(sg))}


def _join_split_rows(lines, anchors: list[int], cols) -> list[int]:
    """A row whose figures wrap (≥2.66 / 万亩 … 10 10 on the next line) has two lines of figures in
    different columns, close together: keep the first as the row's anchor."""
    tops = [_top(line) for line in lines]
    heights = sorted(_box(sg)[3] - _box(sg)[1] for line in lines for sg in line)
    glyph = heights[len(heights) // 2] if heights else 10.0
    gaps = sorted(b - a for a, b in zip(tops, tops[1:]) if b - a > 0.3 * glyph)  # not two pieces of one line
    tight = gaps[0] if gaps else glyph
    kept = [anchors[0]]
    row_columns = _figure_columns(lines[anchors[0]], cols)
    for prev, a in zip(anchors, anchors[1:]):
        close = tops[a] - tops[prev] <= 1.6 * tight
        columns = _figure_columns(lines[a], cols)
        if close and (not (columns & row_columns) or len(lines[a]) == 1):
            row_columns |= columns  # the same row: its figures wrapped onto the next line (≥2.66 / 万亩,
            continue  # or 99.9 / 4 in a narrow cell)
        kept.append(a)
        row_columns = columns
    return kept


def _header_end(lines, first_anchor: int) -> int:
    """Where the header stops: at the widest vertical gap above the first row of figures (the lines
    after it are the first row's wrapped cells, such as 预算编制科 above 预算编制准确率 ≥90% …)."""
    tops = [_top(line) for line in lines[: first_anchor + 1]]
    gaps = [(tops[k + 1] - tops[k], k + 1) for k in range(len(tops) - 1)]
    if not gaps:
        return first_anchor
    widest, at = max(gaps)
    usual = sorted(g for g, _ in gaps)[len(gaps) // 2]
    return at if widest > 1.5 * usual and at > 0 else first_anchor


def _top(line) -> float:
    return min([c["top"] for s in line for c in s])


def _merge(lines, cols) -> list[str]:
    """Header text per column, its wrapped pieces joined top to bottom."""
    parts: list[list[tuple[float, str]]] = [[] for _ in cols]
    for line in lines:
        for s in line:
            parts[_col_of(s, cols)].append((_box(s)[1], _text(s)))
    return ["".join(t for _, t in sorted(p)) for p in parts]


def _header_like(text: str) -> bool:
    return bool(text) and column_kind(text) is not None
