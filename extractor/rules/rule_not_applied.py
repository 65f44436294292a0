"""rule-not-applied: a computation ignores a rule the report states for it.

A cap (超过100%的按100%计算) or a floor (低于0的按0计算) stated beside a written-out formula
is applied to its operands; when the stated result fits only the unadjusted operands, the
finding gives what the rule yields. Where the report states a scoring rule such as
得分=分值×执行率, each table row with a maximum, a rate and a score is scored by it (a rate
above 100% counts as 100%).

Consistent::

    平均执行率=∑每月执行率÷n（每月执行率超过100%的，按100%计算）。计算如下：(100%+100%+96.4%)/3=98.80%

Inconsistent::

    平均执行率=∑每月执行率÷n（每月执行率超过100%的，按100%计算）。计算如下：(120%+105%+96.4%)/3=107.13%   (the cap gives 98.80%)
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.formula_readings import UNRULED, read_formula
from ..model import TOTAL_SCORE, ClaimKind, Kind
from .context import Context, iv, make, num

ID = "rule-not-applied"
SEVERITY = "error"
SUMMARY_ZH = "计算未执行报告为它所述的规则。"  # what it checks (in English: the docstring's first paragraph)


def check(ctx: Context):
    yield from _stated_caps(ctx)
    yield from _scored_by_rate(ctx)


def _stated_caps(ctx: Context):
    """A result that fits only the terms the stated rule would move (the rule not applied). A result that
    fits neither reading is an arithmetic slip: formula-mismatch tells it, naming both."""
    for f in ctx.by_kind.get(Kind.FORMULA, []):
        reading = read_formula(f)
        if reading.verdict != UNRULED:
            continue
        rule, hit = f.rule, reading.capped
        unit = "%" if f.quantity.base_unit == "%" else ""
        with_rule = f"{num(reading.shown)}{unit}"  # the printed figures under the rule
        yield make(
            ctx,
            ID,
            SEVERITY,
            f"计算未执行所述规则“{rule.text}”：{len(hit)}项超出界限，按规则应为{with_rule}，文中为{f.quantity.text}",
            f"the stated rule “{rule.text}” was not applied to {len(hit)} {'term' if len(hit) == 1 else 'terms'}: it gives {with_rule}, the text says {f.quantity.text}",
            f.quantity.text,
            with_rule,
            [f],
        )


HUNDRED = Decimal(100)


def _scored_by_rate(ctx: Context):
    stated = next(iter(ctx.claims_of(ClaimKind.SCORING_RULE)), None)
    if stated is None:
        return
    for facts in ctx.by_sentence.values():
        by_kind = {}
        for f in facts:
            by_kind.setdefault(f.kind, f)
        top, score = by_kind.get(Kind.SCORE_MAX), by_kind.get(Kind.SCORE)
        rate = by_kind.get(Kind.EXECUTION_RATE) or by_kind.get(Kind.RATE)
        if not (top and score and rate) or not rate.quantity.is_exact or score.subject == TOTAL_SCORE:
            continue
        expected = iv(top) * iv(rate).cap(HUNDRED).scale(Decimal("0.01"))
        if expected.meets(iv(score)):
            continue
        yield make(
            ctx,
            ID,
            SEVERITY,
            f"{score.subject}得分{score.quantity.text}不符合所述规则“{stated.text}”：{top.quantity.text} × {rate.quantity.text} = {num(expected.mid)}分",
            f"{score.subject} score {score.quantity.text} breaks the stated rule “{stated.text}”: {top.quantity.text} × {rate.quantity.text} = {num(expected.mid)}分",
            score.quantity.text,
            f"{num(expected.mid)}分",
            [top, rate, score],
            (stated,),
        )
