"""A scanned page set level before recognition, and what was read on it put back where the page shows it.

The recogniser reads best on level rows, so a page scanned a little askew is turned about its centre first
(skew_angle). Lines, paragraphs and tables are found in that level frame; once the Document is built, every
box read from the page is turned back (turn_back), so a highlight or a crop lands on the printed figure of
the page as it is, not a line above or below it at the far edge of a tilted page.
"""

from __future__ import annotations

import math
from dataclasses import replace

INK_LEVEL = 160  # gray levels below this are ink
MAX_SKEW = 3.0  # degrees: the search range


def skew_angle(gray) -> float:
    """Degrees to rotate the page by (counter-clockwise) so that its text rows lie level: the angle whose
    row profile of ink is sharpest, searched coarse (0.25°) on a quarter-size image, then fine (0.05°)."""
    import numpy as np

    def sharpness(img, angle: float) -> float:
        rows = np.asarray(img.rotate(angle, fillcolor=0), dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    def ink(scale: int):
        small = gray.reduce(scale)
        return small.point(lambda v: 255 if v < INK_LEVEL else 0)

    coarse = ink(4)
    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.25), key=lambda a: sharpness(coarse, float(a)))
    fine = ink(2)
    best = max(np.arange(best - 0.25, best + 0.26, 0.05), key=lambda a: sharpness(fine, float(a)))
    return round(float(best), 2) if abs(best) >= 0.05 else 0.0


def unturn(box, turn):
    """A box of the level frame → the box (bounding its turned corners) on the page as scanned; `turn` is
    (degrees the image was rotated counter-clockwise, centre x, centre y), in points, top-down."""
    angle, cx, cy = turn
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    x0, top, x1, bottom = box
    xs, ys = [], []
    for x, y in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * cos - dy * sin)
        ys.append(cy + dx * sin + dy * cos)
    return (min(xs), min(ys), max(xs), max(ys))


def turn_back(doc, turns: dict) -> None:
    """Every box of the pages in `turns` (page → turn) put back on the page as scanned: the characters', the
    table cells' and the recognised characters' (their confidences are looked up by box)."""
    turns = {page: turn for page, turn in turns.items() if turn and turn[0]}
    if not turns:
        return
    boxes = doc.char_box
    for i, page in enumerate(doc.char_page):
        if page in turns:
            boxes[4 * i : 4 * i + 4] = type(boxes)("f", unturn(boxes[4 * i : 4 * i + 4], turns[page]))
    for table in doc.tables:
        for row in table.cells:
            for k, cell in enumerate(row):
                turn = cell and cell.bbox and turns.get(cell.page or table.page)
                if turn:
                    row[k] = replace(cell, bbox=unturn(cell.bbox, turn))
        if table.bbox and table.page in turns:
            table.bbox = unturn(table.bbox, turns[table.page])
    for page, turn in turns.items():
        if page in doc.recognised:
            doc.recognised[page] = [(unturn(box, turn), conf) for box, conf in doc.recognised[page]]
