"""out-of-range: a value outside what it can be.

A score above its maximum, a score rate above 100%, a coverage, share, pass or repair rate above
100%, a negative amount of money. An execution rate above 100% is possible (spending beyond a budget
that grew during the year) and nothing in the report contradicts it, so it is a note (info). So is a bare
占比 above 100% that names no whole (超录X万元，占比130%: maybe used ÷ available, a ratio of two figures). Monthly rates inside a written-out formula are left to
the formula rules.

Consistent::

    管理效能指标50分……管理效能得分46分。漏洞修复率96%。

Inconsistent::

    管理效能指标50分……管理效能得分52分。漏洞修复率106%。
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.patterns import load

from ..model import TOTAL_SCORE, ClaimKind, Kind
from .context import Context, iv, make, where

ID = "out-of-range"
SEVERITY = "error"
SUMMARY_ZH = "数值超出它可能的范围。"  # what it checks (in English: the docstring's first paragraph)
HUNDRED = Decimal(100)
BOUNDED_RATE = load("measures")["bounded_rate"].regex
LABEL_VERB = load("measures")["label_verb"].regex
BARE_SHARE = load("measures")["bare_share"].regex


def check(ctx: Context):
    yield from _scores_above_max(ctx)
    rates = ctx.by_kind.get(Kind.SCORE_RATE, []) + ctx.by_kind.get(Kind.RATE, [])
    achieved = [f for f in ctx.by_kind.get(Kind.ACTUAL, []) if f.quantity.base_unit == "%"]  # 满意度 102.2% in a table
    for f in rates + achieved:
        if f.glued:
            continue  # 880%^80%8: cells run together, the figure's own digits cannot be told (table-not-read)
        if f.quantity.lo > HUNDRED and (f.kind == Kind.SCORE_RATE or BOUNDED_RATE.search(f.label + str(f.subject))):
            name = LABEL_VERB.sub("", f.label) or str(f.subject)
            if f.kind != Kind.SCORE_RATE and BARE_SHARE.match(f.label.strip()):
                yield _unbounded_share(ctx, f, name)
                continue
            if (floor := _comparator_read_as_two(f)) is not None:
                yield _garbled_comparator(ctx, f, name, floor)
                continue
            yield make(
                ctx,
                ID,
                SEVERITY,
                f"{name}{f.quantity.text}超过100%，不可能",
                f"{name} {f.quantity.text} exceeds 100%, which is impossible",
                f.quantity.text,
                "≤ 100%",
                [f],
            )
    for f in ctx.by_kind.get(Kind.EXECUTION_RATE, []):
        if f.quantity.lo > HUNDRED and f.quantity.is_exact:
            yield make(
                ctx,
                ID,
                "info",
                f"执行率{f.quantity.text}超过100%：支出超出预算（年中追加预算时可能如此），请核实",
                f"execution rate {f.quantity.text} is above 100%: spending beyond the budget (possible when the "
                "budget grew during the year); please verify",
                f.quantity.text,
                "≤ 100%",
                [f],
            )
    for kind in (
        Kind.BUDGET_INITIAL,
        Kind.BUDGET_ADJUSTED,
        Kind.BUDGET,
        Kind.SPEND,
    ):  # a balance (收支差额) may be negative
        for f in ctx.by_kind.get(kind, []):
            if f.quantity.hi < 0:
                yield make(
                    ctx,
                    ID,
                    SEVERITY,
                    f"金额为负数：{f.quantity.text}",
                    f"negative amount: {f.quantity.text}",
                    f.quantity.text,
                    f"≥ 0{f.quantity.unit}",
                    [f],
                )


def _unbounded_share(ctx: Context, f, name: str):
    """占比130% naming no whole: a ratio of two figures (used ÷ available) may exceed 100%; a note."""
    return make(
        ctx,
        ID,
        "info",
        f"{name}{f.quantity.text}超过100%：未说明占何整体，若为两数之比（如已使用÷可用）则可能如此，请核实",
        f"{name} {f.quantity.text} is above 100%: no whole is named, so it may be a ratio of two figures "
        "(such as used ÷ available); please verify",
        f.quantity.text,
        "≤ 100%",
        [f],
    )


def _scores_above_max(ctx: Context):
    for score in ctx.by_kind.get(Kind.SCORE, []):
        if not score.subject or score.subject == TOTAL_SCORE:
            continue
        maxima = [m for m in ctx.same_subject(Kind.SCORE_MAX, score.subject, score) if not m.inferred]
        values = {(m.quantity.lo, m.quantity.hi) for m in maxima}
        if len(values) != 1:
            continue
        top = maxima[0]
        whole = top.quantity.decimals == 0 and top.quantity.is_exact  # an item worth 20分 is worth 20 exactly
        if iv(score).lo > (top.quantity.base_value if whole else iv(top).hi):
            yield make(
                ctx,
                ID,
                SEVERITY,
                f"{score.subject}得分{score.quantity.text}超过其分值{top.quantity.text}（{where(top)}）",
                f"{score.subject} score {score.quantity.text} exceeds its maximum {top.quantity.text}",
                score.quantity.text,
                f"≤ {top.quantity.text}",
                [score, top],
            )
    total = [f for f in ctx.by_kind.get(Kind.SCORE, []) if f.subject == TOTAL_SCORE]
    scale = ctx.claims_of(ClaimKind.HUNDRED_POINT_SCALE)
    for f in total:
        if f.quantity.lo > HUNDRED and scale:
            yield make(
                ctx,
                ID,
                SEVERITY,
                f"总分{f.quantity.text}超过“{scale[0].text}”满分100分",
                f"total {f.quantity.text} exceeds the 100 points of the stated scale “{scale[0].text}”",
                f.quantity.text,
                "≤ 100分",
                [f],
                (scale[0],),
            )


def _comparator_read_as_two(f) -> int | None:
    """290% for a rate that cannot pass 100%: a text layer that maps the glyph ≥ to 2 prints ≥90% so. The
    floor (90) when the figure reads as 2 before a whole percent of at most 100, else None."""
    q = f.quantity
    digits = str(int(q.value)) if q.decimals == 0 else ""
    if len(digits) < 3 or digits[0] != "2" or digits[1] == "0" or not 0 < int(digits[1:]) <= 100:
        return None
    return int(digits[1:])


def _garbled_comparator(ctx: Context, f, name: str, floor: int):
    """A note, not an error: the figure is impossible as printed, but most likely a target ≥floor% misread."""
    return make(
        ctx,
        ID,
        "info",
        f"{name}{f.quantity.text}超过100%；若其中的“2”是误读的“≥”，即≥{floor}%（表格文字层常把“≥”读作“2”），请核对原件",
        f"{name} {f.quantity.text} exceeds 100%; if its 2 is a misread ≥, it is ≥{floor}% (text layers often read "
        "the glyph ≥ as 2): check the original",
        f.quantity.text,
        "≤ 100%",
        [f],
    )
