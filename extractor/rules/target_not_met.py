"""target-not-met: an indicator's actual falls short of its target.

Respects the direction (不少于/≥ targets must be reached, 不超过/≤ targets must not be exceeded),
units and 万/亿; a deadline given as a year (完成时限 2019年) is missed by a later year. A shortfall is a warning; it is an error when the report claims that all targets
were met or gives the indicator full marks. Targets of things where less is better (投诉, 事故,
成本, 时长 ...: in the indicator's name or its category, 产出成本) without an explicit direction are left alone.

Consistent::

    群众满意度，目标值≥90%，实际完成值95%。
    投诉办理时长，目标不超过5个工作日，实际完成4个工作日。

Inconsistent::

    培训人次，预计不少于500人次，实际完成420人次；各项指标均已完成。
"""

from __future__ import annotations

from jixiao.patterns import load

from ..model import ClaimKind, Kind
from .context import Context, make

ID = "target-not-met"
SEVERITY = "error"
SUMMARY_ZH = "指标的实际完成值未达到目标值。"  # what it checks (in English: the docstring's first paragraph)
BUDGET_EXECUTION = load("measures")["budget_execution"].regex
LESS_IS_BETTER = load("measures")["less_is_better"].regex
DEADLINE = load("measures")["deadline"].regex


def check(ctx: Context):
    yield from _verdicts(ctx)
    for actual in ctx.by_kind.get(Kind.ACTUAL, []):
        if actual.relation is None:
            continue
        target = ctx.fact(actual.relation.target)
        tq, aq = target.quantity, actual.quantity
        nothing = aq.value == 0 and not aq.base_unit  # 实际完成值为0: none of the target, in its unit
        if (
            (tq.base_unit != aq.base_unit and not nothing)
            or not aq.is_exact
            or BUDGET_EXECUTION.search(str(target.subject))
        ):
            continue  # 预算执行率 100% is scored by its own formula (partial credit), not a 绩效目标 to meet
        category = target.section if target.source == "table" else ""  # 产出指标 / 产出成本: the row's
        # a deadline given as a year (完成时限 2019年, done in 2020年): a later year misses it
        deadline = tq.base_unit == aq.base_unit == "年" and bool(DEADLINE.search(str(target.subject)))
        at_most = tq.direction == "≤" or deadline
        # ≥95%: a threshold set, not a figure rounded off (95% exactly); ≥1.5万人 may well be a rounded figure
        bound = tq.base_value if tq.direction and _exact_threshold(tq) else None
        if deadline:
            short = aq.value > tq.value  # years name the year, they are not rounded
        elif at_most:
            short = aq.lo > (tq.hi if bound is None else bound)
        else:
            if not tq.qualifier and LESS_IS_BETTER.search(f"{target.subject} {category}"):
                continue  # …成本… named, or its row under 产出成本
            short = aq.hi < (tq.lo if bound is None else bound)
        if not short:
            continue
        claims = ctx.claims_of(ClaimKind.ALL_TARGETS_MET) or [
            c for c in ctx.claims_of(ClaimKind.SECTION_TARGETS_MET) if c.covers(actual)
        ]
        severity = SEVERITY if claims else "warning"
        word_zh = "未按时完成" if deadline else "超过上限" if at_most else "未达到目标"
        said = f"“{claims[0].text}”" if claims else ""
        yield make(
            ctx,
            ID,
            severity,
            f"{target.subject}{word_zh}：目标{tq.text}，实际{aq.text}" + (f"；但报告称{said}" if claims else ""),
            f"{target.subject}: target {tq.text}, actual {aq.text}"
            + (f"; yet the report says {said}" if claims else ""),
            aq.text,
            tq.text,
            [target, actual],
            tuple(claims[:1]),
        )


def _verdicts(ctx: Context):
    """未完成 in the actual column, against a target: the report's own word that the indicator fell short."""
    for claim in ctx.claims_of(ClaimKind.TARGET_UNMET):
        target = ctx.fact(claim.fact)
        name = claim.lead or (str(target.subject) if target.subject else target.label)
        shown = claim.evidence.quote.removesuffix(claim.text).strip()  # the target as printed, with its sign
        yield make(
            ctx,
            ID,
            "warning",
            f"{name}未达到目标：目标{shown}，实际完成值为“{claim.text}”",
            f"{name}: target {shown}, the actual cell reads “{claim.text}” (not met)",
            target.quantity.text,
            claim.text,
            [target],
        )


def _exact_threshold(q) -> bool:
    """≥95% or ≥1000万元 is a threshold set; ≥1.5万人 or ≥1万人, a figure in 万 with decimals or one digit, may
    be a rounded one."""
    return q.base_value == q.value or (q.decimals == 0 and abs(q.value) >= 10)
