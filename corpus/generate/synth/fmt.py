"""Printing numbers as reports do: thousands separators, 万元/元/亿元, decimals, Chinese numerals."""
from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CN_DIGITS = "零一二三四五六七八九"


def q(x, d: int, rounding=ROUND_HALF_UP) -> Decimal:
    """``x`` rounded to ``d`` decimals."""
    return Decimal(x).quantize(Decimal(1).scaleb(-d), rounding=rounding)


def trunc(x, d: int) -> Decimal:
    return q(x, d, ROUND_DOWN)


def num(x, d: int = 2, sep: bool = False, rounding=ROUND_HALF_UP) -> str:
    """``x`` printed with ``d`` decimals, with thousands separators if ``sep``."""
    v = q(x, d, rounding)
    return f"{v:,.{d}f}" if sep else f"{v:.{d}f}"


def plain(printed: str) -> str:
    """The label form of a printed number: no separators, no qualifier."""
    return printed.replace(",", "").replace("，", "")


def cn(n: int) -> str:
    """A Chinese numeral for 0 < n < 100 (十二, 二十三); 两 for 2 is left to callers."""
    assert 0 < n < 100
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def count(n: int, arabic: bool) -> str:
    return str(n) if arabic else cn(n)


def pct_of(num: Decimal, den: Decimal) -> Decimal:
    """Exact num/den·100."""
    return num * 100 / den


def strip_zeros(printed: str) -> str:
    """"47.50" → "47.5", "48.00" → "48" (the way many reports print scores)."""
    if "." not in printed:
        return printed
    s = printed.rstrip("0").rstrip(".")
    return s
