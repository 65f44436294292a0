"""Characters → text lines, as pdfplumber's `extract_text_lines(strip=True, return_chars=True)` gives them
with its default settings (no layout), in one pass over the characters sorted once.

pdfplumber builds a WordExtractor, a WordMap and a TextMap for every call; the page flow and every table
cell call it, and that was a third of reading. The steps are the same here: characters clustered into
lines by their tops (clusters chain values within Y_TOLERANCE), sorted by x0, split into words at blanks
and gaps wider than X_TOLERANCE; words clustered into lines again by their tops, in order; the lines'
text searched with pdfplumber's pattern. Rotated glyphs (not upright) are left to pdfplumber itself.
"""

from __future__ import annotations

import re
from itertools import groupby
from operator import itemgetter

X_TOLERANCE = 3  # pt: pdfplumber's default gap between characters of one word
Y_TOLERANCE = 3  # pt: pdfplumber's default spread of the tops of one line
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
LINE_PATTERN = re.compile(r" *([^\n]+?) *(\n|$)")

_top, _x0 = itemgetter("top"), itemgetter("x0")


def text_lines(chars: list[dict]) -> list[dict] | None:
    """Text lines of upright characters as {"text", "chars"}; None when some glyph is rotated."""
    if not chars:
        return []
    if not all(c.get("upright", True) for c in chars):
        return None
    words = [w for line in _clusters(chars, _top) for w in _words(sorted(line, key=_x0))]
    tuples: list[tuple[str, dict | None]] = []
    for k, line in enumerate(_clusters_in_order(words, itemgetter(0))):
        if k:
            tuples.append(("\n", None))
        for j, (_, word) in enumerate(line):
            if j:
                tuples.append((" ", None))
            tuples.extend((letter, c) for c in word for letter in LIGATURES.get(c["text"], c["text"]))
    text = "".join(t for t, _ in tuples)
    out = []
    for m in LINE_PATTERN.finditer(text):
        if m.group(1).strip():
            out.append({"text": m.group(1), "chars": [c for _, c in tuples[m.start(1) : m.end(1)] if c is not None]})
    return out


def _cluster_index(values, tolerance: float = Y_TOLERANCE) -> dict[float, int]:
    """pdfplumber's make_cluster_dict: sorted distinct values, a new cluster after each gap > tolerance."""
    index: dict[float, int] = {}
    last, n = None, -1
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            n += 1
        index[v] = n
        last = v
    return index


def _clusters(objs: list, key) -> list[list]:
    """Objects grouped by cluster of key, clusters in order, objects in input order within each."""
    index = _cluster_index(map(key, objs))
    ordered = sorted(objs, key=lambda o: index[key(o)])
    return [list(g) for _, g in groupby(ordered, key=lambda o: index[key(o)])]


def _clusters_in_order(objs: list, key) -> list[list]:
    """As pdfplumber with preserve_order: runs of consecutive objects of the same cluster."""
    index = _cluster_index(map(key, objs))
    return [list(g) for _, g in groupby(objs, key=lambda o: index[key(o)])]


def _words(line: list[dict]):
    """(top, chars) per word: blanks end a word, as does a glyph left of the last one's start, more than
    X_TOLERANCE right of its end, or more than Y_TOLERANCE above or below it."""
    word: list[dict] = []
    for c in line:
        if c["text"].isspace():
            if word:
                yield min(map(_top, word)), word
            word = []
            continue
        if word:
            p = word[-1]
            if c["x0"] < p["x0"] or c["x0"] > p["x1"] + X_TOLERANCE or abs(c["top"] - p["top"]) > Y_TOLERANCE:
                yield min(map(_top, word)), word
                word = []
        word.append(c)
    if word:
        yield min(map(_top, word)), word
