"""Path objects of a pdfium page as pdfplumber's line, rect and curve dicts (pdfium.py walks the page)."""

from __future__ import annotations

import ctypes

import pypdfium2.raw as raw


def compose(a, b):
    """The matrix `a` then `b` (PDF row-vector convention: [a b c d e f])."""
    return (
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    )  # fmt: skip


def transform(m, p):
    x, y = p
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def subpaths(obj):
    """A path object's subpaths: (points in object space, closed, has curves)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths = []
    for s in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, s)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([[], False, False])
        sub = subpaths[-1]
        sub[0].append((x.value, y.value))
        sub[2] = sub[2] or kind == raw.FPDF_SEGMENT_BEZIERTO
        if raw.FPDFPathSegment_GetClose(seg):
            sub[1] = True
    return subpaths


def classify_path(pts: list[tuple[float, float]], closed: bool, bezier: bool, height: float, out) -> None:
    """As pdfminer does: a single segment is a line, four axis-aligned sides a rect, anything else a curve."""
    lines, rects, curves = out
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    box = {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys)}
    box.update(doctop=box["top"], width=box["x1"] - box["x0"], height=box["bottom"] - box["top"], pts=pts)
    if not bezier and len(pts) == 2:
        lines.append({"object_type": "line", **box})
    elif not bezier and _is_rect(pts, closed):
        rects.append({"object_type": "rect", "y0": height - box["bottom"], "y1": height - box["top"], **box})
    elif len(pts) >= 2:
        curves.append({"object_type": "curve", **box})


def _is_rect(pts: list[tuple[float, float]], closed: bool) -> bool:
    corners = pts[:4] if len(pts) == 4 or (len(pts) == 5 and pts[4] == pts[0]) else None
    if not corners or not (closed or len(pts) == 5):
        return False
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
