"""formula-mismatch: arithmetic written out in the text does not give the result written after it.

Evaluates the expression on the intervals its printed operands stand for; reports a wrong sum or
quotient, and a mean whose divisor is not the number of its terms.

Consistent::

    平均执行率=(98.5%+99.1%+100%)/3=99.20%

Inconsistent::

    平均执行率=(98.5%+99.1%+100%)/3=98.20%      (the terms give 99.20%)
    平均执行率=(98.5%+99.1%+100%)/4=74.40%      (4 is not the number of terms, 3)
"""

from __future__ import annotations

from ..extract.formulas import fits_stated_rule, mean_shape, render, stated, value_of
from ..model import Kind
from .context import Context, make, num

ID = "formula-mismatch"
SEVERITY = "error"
SUMMARY_ZH = "文中写出的算式算不出其后所写的结果。"  # what it checks (in English: the docstring's first paragraph)


def check(ctx: Context):
    for f in ctx.by_kind.get(Kind.FORMULA, []):
        shape = mean_shape(f.tree)
        if shape:
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
        got = value_of(f)
        if got.meets(stated(f)) or fits_stated_rule(f):
            continue
        got = value_of(f, point=True)
        expr = render(f.tree, [q.text for q in f.operands])
        yield make(
            ctx,
            ID,
            SEVERITY,
            f"算式结果不符：{expr} = {num(got.mid)}{_unit(f)}，文中写作{f.quantity.text}",
            f"arithmetic does not hold: {expr} = {num(got.mid)}{_unit(f)}, the text says {f.quantity.text}",
            f.quantity.text,
            f"{num(got.mid)}{_unit(f)}",
            [f],
        )


def _unit(f) -> str:
    return "%" if f.quantity.base_unit == "%" else ""
