"""Indicators' targets and their actuals in running text: each actual follows its target in the same segment
(目标值300户，实际完成296户) and both take the indicator's name. Under an indicator's category (数量指标：租机数量
8架，实际租机7架) the figure right after the name is the target when an actual of its unit follows; a target
adjusted before its actual is told (年中调整为270户) is not the one the actual is measured against."""

from __future__ import annotations

from dataclasses import replace

from jixiao.patterns.precompiled import compiled

from ..model import Kind, Relation, Subject
from .money_lists import segment_start

TARGET_WORDS_AFTER_NAME = compiled(r"(?:预计|预期|计划|目标值?|年度指标值|指标值)[^，,；;]*$")


def pair_targets(ex, facts, text: str) -> None:
    """Each actual follows its target in the same segment; both take the indicator's name."""
    target = None
    for k, f in enumerate(facts):
        if f.kind == Kind.TARGET and k and _after_its_actual(ex, facts[k - 1], f, text):
            target = None
            continue
        if f.kind == Kind.TARGET or _named_indicator_target(ex, facts, k, text):
            seg_start = segment_start(ex, f)
            name = text[seg_start : f.evidence.start]
            name = _indicator_name(TARGET_WORDS_AFTER_NAME.sub("", INDICATOR_OPENS.split(name)[-1])) or f.section
            target = replace(f, subject=Subject(name))
            ex.facts[f.id] = target
        elif (
            f.kind == Kind.ACTUAL
            and target is not None
            and ADJUSTED.search(text, target.evidence.end, f.evidence.start)
        ):
            target = None  # 年初任务300户，年中调整为270户，实际完成270户: measured against the adjusted figure
        elif f.kind == Kind.ACTUAL and target is not None and f.segment == target.segment:
            ex.facts[f.id] = replace(f, subject=target.subject, relation=Relation(target=target.id))
            target = None


INDICATOR_OPENS = compiled(r"(?:数量|质量|时效|成本)指标[:：]")
ADJUSTED = compiled(r"调整为|调整后|调减|调增|调高|调低|追加|核减")
# …数量指标：名称 right before the figure (时效 and 成本 targets are often ceilings: left to their own words)
NAMED_UNDER_CATEGORY = compiled(r"(?:数量|质量)指标[:：][\p{Han}（）()]{2,24}$")


def _named_indicator_target(ex, facts, k: int, text: str) -> bool:
    """数量指标：租机数量8架，实际租机7架: under an indicator's category, a figure right after the indicator's name
    with an actual of its unit next in the segment is the indicator's target."""
    f = facts[k]
    nxt = facts[k + 1] if k + 1 < len(facts) else None
    if f.kind not in (Kind.NUMBER, Kind.COUNT) or nxt is None or nxt.kind != Kind.ACTUAL:
        return False
    if nxt.segment != f.segment or nxt.quantity.base_unit != f.quantity.base_unit or not f.quantity.base_unit:
        return False
    if "其中" in text[f.evidence.end : nxt.evidence.start]:
        return False  # 6架，其中实际执行任务5架: a part of the figure, not its actual
    return bool(NAMED_UNDER_CATEGORY.search(text, segment_start(ex, f), f.evidence.start)) and not f.quantity.qualifier


COMPARED_WITH_PLAN = compiled(r"[，,]\s*(?:与|较|比)(?:年初)?(?:计划|目标|预期)(?:的|数|值)?\s*$")
ACHIEVED_KINDS = (Kind.NUMBER, Kind.COUNT, Kind.AMOUNT)


def _after_its_actual(ex, before, target, text: str) -> bool:
    """投保覆盖面积为29.91万亩，与计划的48.5万亩以上存在差距: the target told after what was achieved, compared with
    it at once; the figure before becomes the actual, named as it is. Whether the two were paired."""
    if before.kind not in ACHIEVED_KINDS or before.quantity.base_unit != target.quantity.base_unit:
        return False
    if before.quantity.qualifier or not COMPARED_WITH_PLAN.search(text, before.evidence.end, target.evidence.start):
        return False
    if FIGURE_BETWEEN.search(text, before.evidence.end, target.evidence.start):
        return False
    name = _indicator_name(text[segment_start(ex, before) : before.evidence.start]).removesuffix("达到")
    ex.facts[target.id] = replace(target, subject=Subject(name))
    ex.facts[before.id] = replace(before, kind=Kind.ACTUAL, subject=Subject(name), relation=Relation(target=target.id))
    return True


FIGURE_BETWEEN = compiled(r"\d")


def _indicator_name(words: str) -> str:
    """An indicator's name from the words before its figure (…投保覆盖面积为 → 投保覆盖面积)."""
    return words.strip(" ，,：:;；。").removesuffix("为").removesuffix("是")
