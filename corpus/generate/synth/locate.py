"""Find the PDF page of every labelled figure.

pdfplumber returns a page's characters in content-stream order, which for our renderer is the
block order (paragraph lines top to bottom, table cells row by row).  Running headers and
footers are dropped by position; the body text of all pages, whitespace removed, is one stream,
and each figure's needle is searched forward from the previous one.
"""
from __future__ import annotations

import bisect
from pathlib import Path

import pdfplumber

from .build import Mark, squeeze

#: Points of tolerance around the text frame when telling body text from header and footer.
FRAME_SLACK = 3.0


def body_stream(path: Path, margins: tuple[float, float, float, float]) -> tuple[str, list[int]]:
    """(squeezed body text of all pages, start offset of each page in it)."""
    top, _, bottom, _ = margins
    parts, starts, n = [], [], 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            lo, hi = top - FRAME_SLACK, page.height - bottom + FRAME_SLACK
            text = squeeze("".join(c["text"] for c in page.chars
                                   if c["top"] >= lo and c["bottom"] <= hi))
            starts.append(n)
            parts.append(text)
            n += len(text)
    return "".join(parts), starts


def locate(path: Path, margins, marks: list[Mark]) -> list[Mark]:
    """Set ``page`` on each mark; return the marks that could not be found."""
    stream, starts = body_stream(path, margins)
    last, lost = -1, []
    for m in sorted(marks, key=lambda m: (m.block, m.key)):
        # the figure must start after the previous one; needles of one table row overlap
        i = stream.find(m.needle, max(0, last + 1 - len(m.needle) + m.num_len))
        if i < 0:
            lost.append(m)
            continue
        last = i + len(m.needle) - m.num_len
        m.page = bisect.bisect_right(starts, last)
        check_values(stream, last, m, str(path))
    return lost


def check_values(text: str, at: int, m: Mark, where: str) -> None:
    """Every finding's and trap's ``value`` must be the figure exactly as printed: the squeezed
    text from where the number starts (units and separators included)."""
    for lab in m.tok.findings + m.tok.traps:
        v = squeeze(lab["value"])
        if not text.startswith(v, at):
            raise AssertionError(f"{where}: label value {lab['value']!r} is not what is printed there: "
                                 f"{text[at:at + len(v) + 4]!r}")
