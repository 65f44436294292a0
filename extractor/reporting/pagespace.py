"""Evidence boxes back in PDF user space.

A `Document`'s boxes are pdfplumber's: points, origin at the top left, the page turned upright by its
/Rotate, shifted as pdfplumber shifts pages whose media box does not start at (0, 0). Annotations and
pdfium's renderer want PDF user space (origin bottom left, unrotated). `to_user_space` undoes pdfminer's
page matrix and pdfplumber's shift for the four rotations; the tests check it against pdfium's own
character boxes on rotated, cropped and shifted pages.
"""

from __future__ import annotations

Box = tuple[float, float, float, float]


def to_user_space(box: Box, mediabox: Box, rotation: int) -> Box:
    """(x0, top, x1, bottom) in the Document's page space → (left, bottom, right, top) in PDF user space.
    `mediabox` is the page's /MediaBox as written (any two opposite corners), `rotation` its /Rotate."""
    rotation %= 360
    x0, y0 = min(mediabox[0], mediabox[2]), min(mediabox[1], mediabox[3])
    x1, y1 = max(mediabox[0], mediabox[2]), max(mediabox[1], mediabox[3])
    upright = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)  # pdfplumber's media box
    height = upright[3] - upright[1]
    shift_x, shift_top = upright[0], height - upright[3]
    corners = []
    for x, top in ((box[0], box[1]), (box[2], box[3])):
        dx, dy = x - shift_x, height - (top - shift_top)  # pdfminer's device space, origin bottom left
        if rotation == 90:
            corners.append((x1 - dy, dx + y0))
        elif rotation == 180:
            corners.append((x1 - dx, y1 - dy))
        elif rotation == 270:
            corners.append((dy + x0, y1 - dx))
        else:
            corners.append((dx + x0, dy + y0))
    (ax, ay), (bx, by) = corners
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
