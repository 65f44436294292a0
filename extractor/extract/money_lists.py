"""Where a list of money parts ends: past a ；(a sibling segment of more parts, or a list cut off), at a
spend after the sources of a fund, before a 合计 later in the sentence; and which side (budget, spend) money is."""

from __future__ import annotations

import regex

from jixiao.patterns.precompiled import compiled

from ..model import BUDGET_KINDS, MONEY_FIGURES, Kind
from .ratios import is_comparison_base, is_money_change

STOP_WORDS = compiled(r"以上|上述|合计|共计|总计|另|此外|累计|分别|目前|截至|截止|到位")


def money_side(f) -> str:
    """'budget' or 'spend' for money whose label says which; '' for money named only by its source."""
    return "spend" if f.kind == Kind.SPEND else "budget" if f.kind in BUDGET_KINDS else ""


def read_through(ex, total, parts: list, text: str, sentence_end: int) -> list:
    """Parts found past a ；are kept only when the list ends with the sentence: …；其他收入3.（cut off）
    goes on past what we can read, so only the first segment's parts stand. So does a list that falls short
    of its total while the paragraph goes on with more money (…；公务接待费122万元。公务用车…1012万元), unless
    that money opens an item of its own (一是…。二是…: the next item's)."""
    if parts[-1].segment == parts[0].segment:
        return parts
    first = [p for p in parts if p.segment == parts[0].segment]
    if regex.search(r"[；;]\s*\S", text[parts[-1].evidence.end : sentence_end]):
        return first
    if sum(p.quantity.base_value for p in parts) < total.quantity.base_value and any(
        f.paragraph == total.paragraph
        and f.sentence > parts[-1].sentence
        and f.item == parts[-1].item
        and f.kind in MONEY_FIGURES
        for f in ex.facts
        if f.source == "text" and not is_money_change(f) and not is_comparison_base(f)
    ):
        return first
    return parts


def funds_before_spend(total, parts: list) -> list:
    """Funds named by what they are (其中中央资金…、省级资金…) under a total that is neither budget nor spend: a
    spend after them (…，共支出X万元) is what was done with the money, not one more fund."""
    if not parts or money_side(total) or money_side(parts[0]):
        return parts
    spend = next((n for n, p in enumerate(parts) if money_side(p) == "spend"), len(parts))
    return parts[:spend]


def later_grand_total(facts, last_part, sentence_end: int) -> bool:
    """A 合计/总计 figure later in the same sentence: the parts may belong to it rather than to this total."""
    return any(last_part.evidence.end < f.evidence.start < sentence_end and GRAND_TOTAL.search(f.label) for f in facts)


GRAND_TOTAL = compiled(r"(?:合计|总计)(?:为|是)?[：:]?$")


def sibling_part(ex, f, total, parts, facts, text: str) -> bool:
    """After ；, a segment of more parts of the same breakdown: the parts so far fall short of the total, and
    the segment opens no breakdown of its own and holds this one level money figure, or only figures of the
    parts' own kinds (；市级资金100万元，区级资金60万元). Change figures beside them (较上年减少…) are no rivals."""
    if sum(p.quantity.base_value for p in parts) >= total.quantity.base_value:
        return False
    same_segment = [
        g
        for g in facts  # the sentence's facts
        if g.segment == f.segment and g.kind in MONEY_FIGURES and not is_money_change(g) and not is_comparison_base(g)
    ]
    seg = text[segment_start(ex, f) : f.evidence.start]
    if regex.search(r"其中|合计|共计|总计|\d[、.．]", seg):
        return False
    kinds = {p.kind for p in parts}
    return len(same_segment) == 1 or all(
        g.kind in kinds and not g.subject.prior and not STOP_WORDS.search(g.label) for g in same_segment
    )


def segment_start(ex, f) -> int:
    """Start of the segment a fact sits in: back to the previous ；。 or paragraph start."""
    text = ex.doc.text
    i = f.evidence.start
    while i > 0 and text[i - 1] not in "；;。！？\n":
        i -= 1
    return i
