"""One PDF page's objects → lines and tables, whichever engine parsed the page.

A reader (pdfplumber in pdf.py, pdfium in pdfium.py) hands over a `Sheet`: the page's characters
as pdfplumber-style dicts (text, x0, x1, top, bottom, size, upright) and its rules (line, rect and
curve dicts). From there on both engines share every step: fake-bold removal, ruled tables
(our copy of pdfplumber's table finder, ruled.py), unruled tables, and lines (pdfplumber's text map).
Each step is one linear pass over the page's characters, indexed by position once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter

from ..document import Box, Cell, Table
from ..reflow import Line, clean_glyphs
from .ruled import RuledTable, find_tables
from .textlines import text_lines
from .unruled import find_unruled

DEDUPE_TOLERANCE = 1  # pt: fake bold draws each glyph twice within this distance
WORD_GAP = 0.45  # × font size: a wider gap between characters counts as a space


class Sheet:
    """A page's characters and rules, as plain dicts in top-down coordinates."""

    def __init__(self, width: float, height: float, chars: list[dict], lines=(), rects=(), curves=()):
        self.width, self.height = float(width), float(height)
        self.bbox = (0.0, 0.0, self.width, self.height)
        self.chars, self.lines, self.rects, self.curves = chars, list(lines), list(rects), list(curves)

    @classmethod
    def of_plumber(cls, page) -> Sheet:
        """A pdfplumber page's objects (its own bbox origin kept, as pdfplumber reports coordinates)."""
        sheet = cls(page.width, page.height, page.chars, page.lines, page.rects, page.curves)
        sheet.bbox = tuple(float(v) for v in page.bbox)
        return sheet

    def find_tables(self) -> list[RuledTable]:
        """The ruled tables of the page's rules, as pdfplumber's default table finder finds them (ruled.py)."""
        return find_tables(self.lines, self.rects, self.curves)

    def text_lines(self, chars: list[dict]) -> list[dict]:
        """pdfplumber's text lines (`extract_text_lines(return_chars=True)`) of these characters: our
        one-pass copy of it (textlines.py), or pdfplumber's own when some glyph is rotated."""
        lines = text_lines(chars)
        if lines is not None:
            return lines
        from pdfplumber.utils import chars_to_textmap  # rare: pdfplumber is imported only here

        for c in chars:  # the keys pdfplumber's own characters have besides those the layout reads
            c.setdefault("doctop", c["top"])
            c.setdefault("width", c["x1"] - c["x0"])
            c.setdefault("height", c["bottom"] - c["top"])
            c.setdefault("object_type", "char")
        textmap = chars_to_textmap(chars, layout_bbox=self.bbox, layout_width=self.width, layout_height=self.height)
        return textmap.extract_text_lines(strip=True, return_chars=True)


def read_sheet(number: int, sheet: Sheet) -> tuple[list[Line], list[Table], int, int]:
    """A page's body lines and tables (captions set), its character count and unmapped-glyph count."""
    chars = first_of_duplicates(sheet.chars)
    texts = [c["text"] for c in chars]
    n_cid = sum(t.startswith("(cid:") for t in texts) if "(cid:" in "".join(texts) else 0
    found = sheet.find_tables() if sheet.rects or sheet.lines else []
    tables: list[Table] = []
    if found:  # only a page with ruled tables needs its characters indexed by position
        index = CharIndex(chars)
        tables = [_table(number, sheet, index, t) for t in found]
        taken = set()
        for t in found:
            taken.update(index.inside(tuple(t.bbox)))
        chars = [c for k, c in enumerate(chars) if k not in taken]
    raw_lines = sheet.text_lines(chars)
    sizes = [_size(raw) for raw in raw_lines]
    unruled, used = find_unruled(number, raw_lines, sizes)
    lines = [
        ln for k, raw in enumerate(raw_lines) if k not in used and (ln := _to_line(number, raw["chars"], sizes[k]))
    ]
    for t in tables + unruled:
        t.caption = _caption(lines, t)
    return lines, sorted(tables + unruled, key=lambda t: t.bbox[1] if t.bbox else 0), len(texts), n_cid


class CharIndex:
    """Characters sorted by the vertical centre of their box: the ones inside a box in one slice."""

    def __init__(self, chars: list[dict]):
        self.chars = chars
        centres = sorted([((c["top"] + c["bottom"]) / 2, k) for k, c in enumerate(chars)])
        self.ys = [y for y, _ in centres]
        self.order = [k for _, k in centres]
        self.xs = [(chars[k]["x0"] + chars[k]["x1"]) / 2 for k in self.order]  # horizontal centres, in that order

    def inside(self, bbox: Box) -> list[int]:
        """Indexes (in page order) of the characters whose centre lies in bbox, edges included."""
        lo, hi = bisect_left(self.ys, bbox[1]), bisect_right(self.ys, bbox[3])
        left, right = bbox[0], bbox[2]
        out = [k for k, x in zip(self.order[lo:hi], self.xs[lo:hi]) if left <= x <= right]
        out.sort()
        return out


def first_of_duplicates(chars: list[dict]) -> list[dict]:
    """One of each set of identical glyphs drawn within DEDUPE_TOLERANCE of each other (fake bold).
    Linear time: glyphs are bucketed by text, then by row (pdfplumber's dedupe_chars sorts and groups)."""
    seen: dict[str, dict[int, list[tuple[float, float]]]] = {}
    kept: list[dict] = []
    keep, tol = kept.append, DEDUPE_TOLERANCE
    for c in chars:
        t, y = c["text"], c["top"]
        row = int(y // tol)
        if t not in seen:  # the first glyph of this text on the page
            seen[t] = {row: [(c["x0"], y)]}
        elif row in (rows := seen[t]):
            if _near(rows, row, c["x0"], y):
                continue
            rows[row].append((c["x0"], y))
        elif (row - 1 in rows or row + 1 in rows) and _near(rows, row, c["x0"], y):
            continue
        else:
            rows[row] = [(c["x0"], y)]
        keep(c)
    return kept


def _near(rows: dict[int, list[tuple[float, float]]], row: int, x: float, y: float) -> bool:
    """Whether a glyph kept in this row or the next ones lies within DEDUPE_TOLERANCE of (x, y)."""
    tol = DEDUPE_TOLERANCE
    for r in (row - 1, row, row + 1):
        for px, py in rows.get(r, ()):
            if -tol <= px - x <= tol and -tol <= py - y <= tol:
                return True
    return False


def _to_line(number: int, chars: list[dict], size: float) -> Line | None:
    line = clean_glyphs(number, list(map(_text, chars)), list(map(_box, chars)), size, WORD_GAP * size)
    if line is not None:  # floats, as a hand-made sheet may place glyphs at whole numbers
        line.x0, line.x1, line.top, line.bottom = float(line.x0), float(line.x1), float(line.top), float(line.bottom)
        line.lead_width = float(line.lead_width)
    return line


_text, _box = itemgetter("text"), itemgetter("x0", "top", "x1", "bottom")


def _size(raw: dict) -> float:
    """The median font size of a line's characters (as statistics.median: the two middles averaged)."""
    chars = raw["chars"]
    if not chars:
        return 10.0
    try:
        sizes = list(map(_font_size, chars))
    except KeyError:  # a character without a size counts as 10 pt
        sizes = [c.get("size", 10) for c in chars]
    n = len(sizes)
    if sizes.count(sizes[0]) == n:  # one size throughout: the usual line
        return float(sizes[0])
    sizes.sort()
    return float(sizes[n // 2]) if n % 2 else (float(sizes[n // 2 - 1]) + float(sizes[n // 2])) / 2


_font_size = itemgetter("size")


def _caption(lines: list[Line], table: Table) -> str:
    """The line just above a table (its title, or a 单位：万元 note)."""
    if not table.bbox:
        return ""
    above = [ln for ln in lines if ln.bottom <= table.bbox[1] + 1 and ln.bottom >= table.bbox[1] - 3 * ln.size]
    return max(above, key=lambda ln: ln.bottom).text if above else ""


def _cell_text(sheet: Sheet, index: CharIndex, bbox: Box) -> str:
    raw_lines = sheet.text_lines([index.chars[k] for k in index.inside(bbox)])
    texts = [ln.text for raw in raw_lines if (ln := _to_line(0, raw["chars"], _size(raw)))]
    joined = ""
    for t in texts:  # multi-line cells: join like paragraph lines
        sep = (
            " "
            if joined and joined[-1].isascii() and joined[-1].isalpha() and t[0].isascii() and t[0].isalpha()
            else ""
        )
        joined += sep + t
    return joined


def _table(number: int, sheet: Sheet, index: CharIndex, found: RuledTable) -> Table:
    cells: list[list[Cell | None]] = []
    for r, row in enumerate(found.rows):
        out: list[Cell | None] = []
        for c, bbox in enumerate(row):
            if bbox is None:
                out.append(None)
            else:
                b = tuple(float(x) for x in bbox)
                out.append(Cell(r, c, _cell_text(sheet, index, b), b))
        cells.append(out)
    return Table(number, tuple(float(x) for x in found.bbox), cells, ruled=True)
