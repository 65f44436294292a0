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

_top, _x0, _text, _upright = itemgetter("top"), itemgetter("x0"), itemgetter("text"), itemgetter("upright")
_LIGATURE_SET = frozenset(LIGATURES)


def text_lines(chars: list[dict]) -> list[dict] | None:
    """Text lines of upright characters as {"text", "chars"}; None when some glyph is rotated."""
    if not chars:
        return []
    try:
        upright = all(map(_upright, chars))
    except KeyError:  # a character that does not say is upright
        upright = all(c.get("upright", True) for c in chars)
    if not upright:
        return None
    words: list[tuple[float, list[dict], str]] = []
    for line in _clusters(chars):
        line.sort(key=_x0)
        words.extend(_words(line))
    out: list[dict] = []
    for line in _clusters_in_order(words):
        text = " ".join([w[2] for w in line])
        line_chars = [c for w in line for c in w[1]]
        if len(text) == len(line_chars) + len(line) - 1 and _LIGATURE_SET.isdisjoint(text) and _plain(line):
            out.append({"text": text, "chars": line_chars})  # one letter a glyph: the pattern takes it whole
        else:
            out.extend(_matched(line))
    return out


def _plain(line) -> bool:
    """No glyph of these words has an empty text (with the lengths summed, each then has one letter)."""
    return all("" not in map(_text, word) for _, word, _ in line)


def _matched(line) -> list[dict]:
    """The words' text searched with pdfplumber's pattern, each match with the glyphs of its letters."""
    tuples: list[tuple[str, dict | None]] = []
    for j, (_, word, _) in enumerate(line):
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


def _clusters(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped by cluster of their tops, clusters in order, characters in input order within each."""
    tops = list(map(_top, chars))
    index = _cluster_index(tops)
    count = max(index.values()) + 1
    if count == 1:  # one line (a table cell's, say)
        return [list(chars)]
    groups: list[list[dict]] = [[] for _ in range(count)]
    for c, top in zip(chars, tops):
        groups[index[top]].append(c)
    return groups


def _clusters_in_order(words: list[tuple]) -> list[list[tuple]]:
    """As pdfplumber with preserve_order: runs of consecutive words whose tops are in the same cluster."""
    index = _cluster_index([w[0] for w in words])
    return [list(g) for _, g in groupby(words, key=lambda w: index[w[0]])]


def _words(line: list[dict]) -> list[tuple[float, list[dict], str]]:
    """(top, chars, text) per word: blanks end a word, as does a glyph left of the last one's start, more
    than X_TOLERANCE right of its end, or more than Y_TOLERANCE above or below it."""
    out: list[tuple[float, list[dict], str]] = []
    word: list[dict] = []
    texts: list[str] = []
    x0 = reach = top = 0.0
    for c in line:
        t = c["text"]
        if t.isspace():
            if word:
                out.append((min(map(_top, word)), word, "".join(texts)))
                word, texts = [], []
            continue
        cx0, ctop = c["x0"], c["top"]
        if word and (cx0 < x0 or cx0 > reach or abs(ctop - top) > Y_TOLERANCE):
            out.append((min(map(_top, word)), word, "".join(texts)))
            word, texts = [], []
        word.append(c)
        texts.append(t)
        x0, reach, top = cx0, c["x1"] + X_TOLERANCE, ctop
    if word:
        out.append((min(map(_top, word)), word, "".join(texts)))
    return out
