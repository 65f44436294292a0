"""A budget adjusted during the year, in one sentence: 年初预算120万元，年中追加30万元，调整后预算150万元 (and a
count so adjusted: 实施项目共15个，年初批复8个项目，年中增加7个项目).
The adjusted budget is the initial one plus what was added (追加, 调增) and minus what was cut (调减, 核减):
a SUM whose parts carry signs, marked `adjusts` (the text may leave other adjustments unstated, so a
mismatch is a warning that says so). A change from last year (比上年增加) is no adjustment."""

from __future__ import annotations

from jixiao.patterns import load
from jixiao.patterns.precompiled import compiled

from ..model import Kind, Relation
from .segments import bracket_depth

COUNT_TOTAL = compiled(r"(?:共|共计|合计|总计)\p{Han}{0,6}$")  # 实施项目共15个, 共实施项目12个
NOUN = compiled(r"\p{Han}{2,6}")  # what is counted, right after the counter: 8个项目


def link_adjustments(ex, sentences: dict[int, list]) -> None:
    words = load("changes")
    adjustment, decrease = words["budget_adjustment"].regex, words["adjustment_decrease"].regex
    for facts in sentences.values():
        facts = sorted(facts, key=lambda f: f.evidence.start)
        _count_adjustments(ex, facts, adjustment, decrease)
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
        signs = (1, *_signs(steps, decrease))
        ex.add_about(
            Kind.SUM,
            adjusted,
            relation=Relation(total=adjusted.id, parts=(initial.id, *(f.id for f in steps)), signs=signs, adjusts=True),
        )


def _count_adjustments(ex, facts: list, adjustment, decrease) -> None:
    """实施项目共15个，年初批复8个项目……，年中增加8个项目: the total count is the initial one ± what the year
    added or cut, each counting the same thing (the noun after the counter, named in the total's label)."""
    if not any(f.kind == Kind.COUNT and "年初" in f.label for f in facts):
        return  # no initial count (the bracket depths below are costly to read for every sentence)
    text = ex.doc.text
    counts = [f for f in facts if f.kind == Kind.COUNT and bracket_depth(text, f.evidence.start) == 0]
    total = next((f for f in counts if COUNT_TOTAL.search(f.label)), None)
    initial = next((f for f in counts if "年初" in f.label and f is not total), None)
    if total is None or initial is None:
        return
    noun = NOUN.match(text, initial.evidence.end)
    if noun is None or noun.group(0)[:2] not in total.label:
        return
    steps = [
        f
        for f in counts
        if f.evidence.start > initial.evidence.start
        and adjustment.search(f.label)
        and text.startswith(noun.group(0)[:2], f.evidence.end)
    ]
    if not steps or any(f.quantity.base_unit != total.quantity.base_unit for f in [initial, *steps]):
        return
    signs = (1, *_signs(steps, decrease))
    ex.add_about(
        Kind.SUM,
        total,
        relation=Relation(total=total.id, parts=(initial.id, *(f.id for f in steps)), signs=signs, adjusts=True),
    )


def _signs(steps: list, decrease) -> list[int]:
    """-1 for a cut (调减, 核减) printed as it is, +1 for an addition, or a cut printed with its minus
    (调减-120万元: the sign says it once)."""
    return [-1 if decrease.search(f.label) and f.quantity.value >= 0 else 1 for f in steps]
