"""Numbered items whose numbering repeats a number: 1.…2.…3.…4.…4.…5.… holds six items though its
numbers stop at 5, the count its numbers declare. One repeat in a run that starts at 1 and goes on past it
is a slip of numbering, unless the two items read alike (a line printed twice, as a page break may do).
"""

from __future__ import annotations

from jixiao.patterns.precompiled import compiled

from ..document import Document
from ..model import Claim, ClaimKind, Evidence
from .counted_lists import MARKERS, ordinal

# 一、 at a line's start, not 三、四季度 or 二、三级指标 (two numerals in a row)
HEADING = compiled(r"(?P<n>[一二三四五六七八九十]{1,3})、(?=\p{Han})(?![一二三四五六七八九十])")
STYLES = (*MARKERS, HEADING)
OPENS = "\n。！？!?；;：: \t|｜"  # an item's number stands after these (a cell's edge too), or at the text's start
CLAUSE_OPENS = "，,"  # … and these, but for the bare 1. and 一、 styles
HEADING_STYLE = len(STYLES) - 1
BARE = {len(MARKERS) - 1, HEADING_STYLE}
MIN_ITEMS = 4  # a run this long, at least, before a repeat counts as a slip
SHOWN = 16  # characters of each item quoted


def repeated_numbers(doc: Document) -> list[Claim]:
    """Runs numbered 1, 2, …, k, k, k+1, … in one style: parts = (k, items in the run, its last number),
    lead = the last number as written."""
    out = []
    for style, pattern in enumerate(STYLES):
        marks = [m for m in pattern.finditer(doc.text) if _opens_item(doc.text, m.start(), style)]
        for run in _runs([(m.start(), m.end(), ordinal(m["n"])) for m in marks]):
            claim = _slip(doc, style, run)
            if claim:
                out.append(claim)
    return out


def _opens_item(text: str, at: int, style: int) -> bool:
    before = text[at - 1] if at else "\n"
    if style == HEADING_STYLE:
        return before == "\n"  # a heading opens its line
    return before in OPENS or (style not in BARE and before in CLAUSE_OPENS)


def _runs(marks: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Runs from 1 upwards, each number one more than the last or the same again."""
    runs: list[list[tuple[int, int, int]]] = []
    for mark in marks:
        last = runs[-1][-1][2] if runs else None
        if last is not None and mark[2] in (last, last + 1):
            runs[-1].append(mark)
        elif mark[2] == 1:
            runs.append([mark])
    return runs


def _slip(doc: Document, style: int, run: list[tuple[int, int, int]]) -> Claim | None:
    numbers = [n for _, _, n in run]
    repeats = [k for k in range(1, len(run)) if numbers[k] == numbers[k - 1]]
    if len(run) < MIN_ITEMS or len(repeats) != 1 or repeats[0] in (1, len(run) - 1):
        return None  # no repeat, several, 1 twice (a list begun again) or the last twice (the run may be cut)
    k = repeats[0]
    first, second = run[k - 1], run[k]
    a, b = doc.text[first[1] : second[0]], doc.text[second[1] : run[k + 1][0]]
    if a.strip() == b.strip():
        return None  # the same item twice: a line printed again, not a number given twice
    end = min(second[1] + SHOWN, run[k + 1][0])
    page, bbox = doc.locate(first[0], end)
    shown_first = doc.text[first[0] : min(first[1] + SHOWN, second[0])].split("\n")[0].strip()
    quote = shown_first + "…" + doc.text[second[0] : end].split("\n")[0].strip()
    evidence = Evidence(page, bbox, quote, first[0], end, doc.line_of(first[0]), place=doc.place_of(first[0]))
    marker, last = doc.text[first[0] : first[1]], STYLES[style].match(doc.text, run[-1][0])["n"]
    return Claim(ClaimKind.REPEATED_NUMBER, marker, evidence, parts=(numbers[k], len(run), numbers[-1]), lead=last)
