"""How a stated rate may have been rounded off from the figures it is computed from, besides the usual
rounding to its own decimals: cut off (86.77% for 86.776%), a habit of some offices, or rounded twice
(33.0479% → 33.05% → 33.1%), first to one more decimal. Either makes a mismatch no wrong figure: cut off, a
warning that says so; rounded twice, a note."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..interval import Interval
from .context import num


def unless_rounded_off(rate, got: Interval, severity: str) -> tuple[str, str, str]:
    """`severity` for a rate that `got` does not give, unless it fits cut off (a warning) or rounded twice
    (info); with the note that says which, in Chinese and English."""
    q = rate.quantity
    if q.value >= 0 and got.meets(Interval(q.value, q.value + Decimal(1).scaleb(-q.decimals))):
        return "warning", "（舍去尾数而非四舍五入时相符）", " (it fits if the rate was cut off, not rounded)"
    if finer := _rounded_twice(q.value, q.decimals, got):
        return "info", f"（先多保留一位小数为{finer}%再四舍五入时相符）", f" (it fits rounded twice: {finer}% first)"
    return severity, "", ""


def _rounded_twice(stated: Decimal, decimals: int, got: Interval) -> str:
    """The rate at one more decimal from which rounding again gives the stated one, or ''."""
    if not (got.lo.is_finite() and got.hi.is_finite()):
        return ""  # 超过60万元: a bound, no figure to round
    finer, coarse = Decimal(1).scaleb(-(decimals + 1)), Decimal(1).scaleb(-decimals)
    for v in (got.lo, (got.lo + got.hi) / 2, got.hi):
        if (once := v.quantize(finer, ROUND_HALF_UP)).quantize(coarse, ROUND_HALF_UP) == stated:
            return f"{once:f}"
    return ""


def percent(numerator, denominator):
    """numerator ÷ denominator in percent, on intervals."""
    return (numerator / denominator).scale(Decimal(100))


def exact(f) -> Interval:
    """A figure taken as printed, without its rounding: the point the expected value is shown at."""
    return Interval.exact(f.quantity.base_value)


def expected_rate(stated, point: Interval, span: Interval) -> str:
    """The expected rate at the stated rate's precision (90% beside a stated 95%, not the interval's midpoint
    90.02%); the range the printed figures allow when that point rounds to the stated figure."""
    if point.lo.is_infinite():
        return f"{span.describe()}%"
    shown = num(point.lo, stated.quantity.decimals)
    return f"{span.describe()}%" if shown == num(stated.quantity.value, stated.quantity.decimals) else f"{shown}%"
