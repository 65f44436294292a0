"""formula-mismatch: arithmetic written out in the text does not give the result written after it.

Evaluates the expression on the intervals its printed operands stand for; reports a wrong sum or
quotient, and a mean whose divisor is not the number of its terms. A rule the report states for the
terms (超过100%的按100%计算) is applied, and a term printed as the rule's value is exact; a result that
fits neither the capped nor the uncapped terms is one finding naming both (one that fits only the
uncapped terms is rule-not-applied's). A term printed coarser than its siblings (100% among 96.39%)
is judged at the list's precision: a warning saying what it must stand for.

Consistent::

    平均执行率=(98.5%+99.1%+100%)/3=99.20%

Inconsistent::

    平均执行率=(98.5%+99.1%+100%)/3=98.20%      (the terms give 99.20%)
    平均执行率=(98.5%+99.1%+100%)/4=74.40%      (4 is not the number of terms, 3)
"""

from __future__ import annotations

from ..extract.formula_readings import LOOSE, WRONG, read_formula
from ..extract.formulas import mean_shape, render
from ..model import Kind
from .context import Context, make, num

ID = "formula-mismatch"
SEVERITY = "error"
SUMMARY_ZH = "文中写出的算式算不出其后所写的结果。"  # what it checks (in English: the docstring's first paragraph)


def check(ctx: Context):
    for f in ctx.by_kind.get(Kind.FORMULA, []):
        yield from _divisor(ctx, f)
        reading = read_formula(f)
        if reading.verdict == WRONG:
            yield _wrong(ctx, f, reading)
        elif reading.verdict == LOOSE:
            yield _loose(ctx, f, reading)


def _divisor(ctx: Context, f):
    shape = mean_shape(f.tree)
    if not shape:
        return
    terms, divisor_index = shape
    divisor = f.operands[divisor_index]
    if divisor.decimals == 0 and divisor.value != terms and not divisor.qualifier:
        yield make(
            ctx,
            ID,
            "warning",
            f"平均值的除数{divisor.text}与所列项数{terms}不符",
            f"the mean divides by {divisor.text} but lists {terms} terms",
            f"{divisor.text}项",  # the divisor claims a number of terms
            f"{terms}项",
            [f],
        )


def _wrong(ctx: Context, f, reading):
    """Wrong however its terms are read: under the report's own rule (and without it, when it moves a term)."""
    expr, got, unit = render(f.tree, [q.text for q in f.operands]), num(reading.shown), _unit(f)
    lead_zh = lead_en = ""
    if reading.capped:  # the rule moves terms, and the result fits neither reading
        lead_zh, lead_en = f"按所述规则“{f.rule.text}”，", f"under the stated rule “{f.rule.text}”, "
        note_zh = f"（不按规则为{num(reading.unruled)}{unit}）"
        note_en = f" ({num(reading.unruled)}{unit} without it)"
    elif reading.exact_by_rule:  # 100% under 超过100%的按100%计 is 100% exactly
        terms = "、".join(dict.fromkeys(q.text for q in reading.exact_by_rule))
        note_zh = f"（按所述规则“{f.rule.text}”，{terms}为确数）"
        note_en = f" ({terms} exact under the stated rule “{f.rule.text}”)"
    else:
        note_zh = note_en = ""
    return make(
        ctx,
        ID,
        SEVERITY,
        f"算式结果不符：{lead_zh}{expr} = {got}{unit}{note_zh}，文中写作{f.quantity.text}",
        f"arithmetic does not hold: {lead_en}{expr} = {got}{unit}{note_en}, the text says {f.quantity.text}",
        f.quantity.text,
        f"{got}{unit}",
        [f],
    )


def _loose(ctx: Context, f, reading):
    """Holds only if a term printed coarser than its siblings (100% among 96.39%) is a rounded figure."""
    expr, got, unit = render(f.tree, [q.text for q in f.operands]), num(reading.shown), _unit(f)
    loose = "、".join(dict.fromkeys(q.text for q in reading.coarse))
    if reading.needed:
        a, b = (f"{num(v, reading.decimals)}{unit}" for v in reading.needed)
        only_zh, only_en = (
            f"只有当{loose}代表{a}至{b}之间的数时才相符",
            f"it fits only if {loose} stands for {a} to {b}",
        )
    else:
        only_zh, only_en = f"只有当{loose}是四舍五入后的数时才可能相符", f"it fits only if {loose} is rounded"
    return make(
        ctx,
        ID,
        "warning",
        f"算式结果不符：{expr} = {got}{unit}（按其余数字的{reading.decimals}位小数计），文中写作{f.quantity.text}；{only_zh}",
        f"arithmetic does not hold: {expr} = {got}{unit} at the other terms' {reading.decimals} decimals, "
        f"the text says {f.quantity.text}; {only_en}",
        f.quantity.text,
        f"{got}{unit}",
        [f],
    )


def _unit(f) -> str:
    return "%" if f.quantity.base_unit == "%" else ""
