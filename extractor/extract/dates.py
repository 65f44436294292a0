"""Calendar dates as the report writes them (2023年6月30日, 2023年6月, 至12月31日): claims with their
parts, for the rule that finds dates that cannot exist (rules/impossible_date.py). Chinese numerals
(二〇二三年六月) are not read."""

from __future__ import annotations

from jixiao.patterns import load

from ..document import Document
from ..model import Claim, ClaimKind, Evidence


def find_dates(doc: Document) -> list[Claim]:
    """Every date of the text: year, month and day (0 where not written) in `parts`."""
    words = load("claims")
    out = []
    for m in words["date"].regex.finditer(doc.text):
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
        out.append(Claim(ClaimKind.DATE, m.group(0), _evidence(doc, m.start(), m.end()), parts[0], parts=parts))
    for m in words["month_day"].regex.finditer(doc.text):
        parts = (0, int(m.group(1)), int(m.group(2)))
        out.append(Claim(ClaimKind.DATE, m.group(0), _evidence(doc, m.start(), m.end()), parts=parts))
    return sorted(out, key=lambda c: c.evidence.start)


def _evidence(doc: Document, start: int, end: int) -> Evidence:
    page, bbox = doc.locate(start, end)
    return Evidence(page, bbox, doc.text[start:end], start, end, doc.line_of(start), place=doc.place_of(start))
