"""A change measured from a base the sentence states: 本年X万元，较上年Y万元增加C万元 — this year's level is the
base plus the change (minus, for a decrease): X = Y ± C. The level must open the comparison's clause pair (its
figure, then at once ，较/比/与 the base), so the change is the level's own; a sum fact with signs records it
(sum-mismatch tells a level that does not follow).

With a rate in place of the change (本年X万元，较上年Y万元增长r%), the rate is measured from the two levels:
r = (X − Y) ÷ Y, (Y − X) ÷ Y for a fall; a change-rate fact records it (rate-mismatch tells a rate that does
not follow).
"""

from __future__ import annotations

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..model import MONEY_FIGURES, Kind, Relation
from .ratios import DECREASE, RATE_AFTER_CHANGE, is_change_base, is_comparison_base, is_money_change

COMPARISON_OPENS = compiled(r"^[，,]?\s*(?:较|比|与|同)")
PRIOR_LEVEL_CLAUSE = load("changes")["prior_level_clause"].regex
BARE_CHANGE = compiled(
    r"^[，,]?\s*(?:同比|比上年|较上年)?(?:增加|减少|增长|下降|上升|降低|增收|减收|增支|减支|节约|增减额?|变动额?)(?:了|为|额为?)?\s*$"
)
NEUTRAL_CHANGE = compiled(r"增减|增\s*[（(]\s*减\s*[)）]|升降|变动")


def link_stated_changes(ex, sentences: dict[int, list]) -> None:
    """Level, stated base and change in one sentence (facts in text order)."""
    text = ex.doc.text
    rated = {f.evidence.start for f in ex.facts if f.kind == Kind.CHANGE_RATE}  # rates told with their change
    for facts in sentences.values():
        _rates_of_levels(ex, facts, text, rated)
        money = [f for f in facts if f.kind in MONEY_FIGURES]
        for k in range(2, len(money)):
            level, base, change = money[k - 2], money[k - 1], money[k]
            if not is_money_change(change) or not _compared(level, base, text):
                continue
            if not BARE_CHANGE.match(text[base.evidence.end : change.evidence.start]):
                continue  # …上年为Y万元，主要是人员经费增加C万元: a part's change, not the level's
            if change.quantity.base_unit != level.quantity.base_unit or change.quantity.qualifier:
                continue
            sign = _direction(change.label, level, base, change.quantity.value)
            ex.add_about(Kind.SUM, level, relation=Relation(total=level.id, parts=(base.id, change.id),
                                                           signs=(1, sign), stated_change=True))  # fmt: skip


def _rates_of_levels(ex, facts: list, text: str, rated: set[int]) -> None:
    """本年X万元，较上年Y万元增长r%: the level, at once its base, at once the rate, no other figure between."""
    for level, base, rate in zip(facts, facts[1:], facts[2:]):
        if rate.quantity.base_unit != "%" or not rate.quantity.is_exact or rate.quantity.qualifier:
            continue
        if rate.evidence.start in rated or level.kind not in MONEY_FIGURES or not _compared(level, base, text):
            continue
        words = text[base.evidence.end : rate.evidence.start]
        if not RATE_AFTER_CHANGE.match(words):
            continue
        sign = _direction(words, level, base, rate.quantity.value)
        ex.add_about(Kind.CHANGE_RATE, rate, quantity=rate.quantity,
                     relation=Relation(total=level.id, parts=(base.id,), signs=(sign,), stated_change=True))  # fmt: skip


def _direction(words: str, level, base, value) -> int:
    """+1 a rise, -1 a fall, as the words say; a change told either way (增减额, 增减率) is a size whose
    direction is the levels' own, or, printed with its sign, the change itself."""
    if NEUTRAL_CHANGE.search(words):
        return 1 if value < 0 or level.quantity.value >= base.quantity.value else -1
    return -1 if DECREASE.search(words) else 1


def _compared(level, base, text: str) -> bool:
    """This year's level compared at once with the base it is measured from (本年X万元，较上年Y万元), or with
    last year's level in a clause of its own (本年X万元，上年为Y万元), both in one unit and stated exactly as
    printed (no 约, 逾)."""
    own_clause = PRIOR_LEVEL_CLAUSE.fullmatch(text[level.evidence.end : base.evidence.start])
    if not (own_clause or is_change_base(base, text)) or is_money_change(level) or is_comparison_base(level, text):
        return False
    if level.subject.prior or level.quantity.base_unit != base.quantity.base_unit:
        return False
    if level.quantity.qualifier or base.quantity.qualifier:
        return False
    return bool(own_clause or COMPARISON_OPENS.match(text[level.evidence.end : base.evidence.start]))
