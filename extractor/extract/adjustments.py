"""A budget adjusted during the year, in one sentence: 年初预算120万元，年中追加30万元，调整后预算150万元.
The adjusted budget is the initial one plus what was added (追加, 调增) and minus what was cut (调减, 核减):
a SUM whose parts carry signs, marked `adjusts` (the text may leave other adjustments unstated, so a
mismatch is a warning that says so). A change from last year (比上年增加) is no adjustment."""

from __future__ import annotations

from jixiao.patterns import load

from ..model import Kind, Relation


def link_adjustments(ex, sentences: dict[int, list]) -> None:
    words = load("changes")
    adjustment, decrease = words["budget_adjustment"].regex, words["adjustment_decrease"].regex
    for facts in sentences.values():
        facts = sorted(facts, key=lambda f: f.evidence.start)
        initial = next((f for f in facts if f.kind == Kind.BUDGET_INITIAL), None)
        if initial is None:
            continue
        later = [f for f in facts if f.evidence.start > initial.evidence.start]
        adjusted = next((f for f in later if f.kind == Kind.BUDGET_ADJUSTED), None)
        if adjusted is None:
            continue
        between = [f for f in later if f.evidence.start < adjusted.evidence.start]
        steps = [f for f in between if adjustment.search(f.label)]
        unit = initial.quantity.base_unit
        if not steps or len(steps) < len(between) or any(f.quantity.base_unit != unit for f in [*steps, adjusted]):
            continue  # another figure between them (a 其中 part, a change from last year): not a plain adjustment
        signs = (1, *(-1 if decrease.search(f.label) else 1 for f in steps))
        ex.add_about(
            Kind.SUM,
            adjusted,
            relation=Relation(total=adjusted.id, parts=(initial.id, *(f.id for f in steps)), signs=signs, adjusts=True),
        )
