"""One total broken down twice (by source and by use): the figure each breakdown opens with is that total,
so both are given the total's kind and name and restated-value compares them."""

from __future__ import annotations

from dataclasses import replace

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..model import MONEY_FIGURES, Kind, Subject

LOOK_BACK = 24  # characters: the criterion's words stand just before its figure
DIGIT = compiled(r"\d")
NEARBY_LINES = 12  # the two breakdowns stand side by side in one form, a few lines apart


def name_twin_totals(ex) -> None:
    criteria = load("breakdowns")
    text = ex.doc.text
    found: dict[str, list] = {}
    for f in ex.facts:
        if f.source != "text" or not (f.kind == Kind.NUMBER or f.kind in MONEY_FIGURES):
            continue
        window = text[max(0, f.evidence.start - LOOK_BACK) : f.evidence.start].rsplit("\n", 1)[-1]
        before = DIGIT.split(window)[-1]  # the words since the last figure, on this line
        for key, pat in criteria.items():
            m = pat.regex.search(before)
            if m:
                found.setdefault(pat.value, []).append((key, f, m.group(0).strip("：: ")))
    for total_name, hits in found.items():
        if len({key for key, _, _ in hits}) < 2:
            continue  # one breakdown alone restates nothing
        for key, f, label in hits:
            if any(
                k != key and abs((g.evidence.line or 0) - (f.evidence.line or 0)) <= NEARBY_LINES for k, g, _ in hits
            ):
                ex.facts[f.id] = replace(f, kind=Kind.BUDGET, subject=Subject(total_name), label=label)
