"""Rounding-aware interval arithmetic on Decimal.

A printed value with d decimals stands for v ± ½·10⁻ᵈ (XBRL Calculations 1.1). Two statements
conflict only when their intervals do not meet. Infinite bounds model 逾/不少于 (no upper bound)
and 不超过 (no lower bound). No float ever enters this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache

INF = Decimal("Infinity")
NEG_INF = Decimal("-Infinity")
ZERO = Decimal(0)


@lru_cache(maxsize=64)  # a handful of precisions, asked for by every printed figure
def half_unit(decimals: int) -> Decimal:
    """½·10⁻ᵈ: the rounding half-width of a value printed with `decimals` decimals."""
    return Decimal(5).scaleb(-decimals - 1)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def exact(cls, v: Decimal) -> Interval:
        return cls(v, v)

    @classmethod
    def rounded(cls, v: Decimal, decimals: int) -> Interval:
        h = half_unit(decimals)
        return cls(v - h, v + h)

    def meets(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    @property
    def mid(self) -> Decimal:
        if self.lo.is_infinite() or self.hi.is_infinite():
            return self.lo if not self.lo.is_infinite() else self.hi
        return (self.lo + self.hi) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, k: Decimal) -> Interval:
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def __mul__(self, other: Interval) -> Interval:
        products = [_mul(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= ZERO <= other.hi:
            return Interval(NEG_INF, INF)
        with localcontext() as ctx:
            ctx.prec = 34
            quotients = [_div(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(quotients), max(quotients))

    def cap(self, ceiling: Decimal) -> Interval:
        return Interval(min(self.lo, ceiling), min(self.hi, ceiling))

    def floor_at(self, floor: Decimal) -> Interval:
        return Interval(max(self.lo, floor), max(self.hi, floor))

    def describe(self, places: int = 2) -> str:
        """`[a, b]` rounded outward for display; a point shows as one number."""
        lo, hi = _fmt(self.lo, places), _fmt(self.hi, places)
        return lo if lo == hi else f"[{lo}, {hi}]"


def interval_sum(items) -> Interval:
    total = Interval(ZERO, ZERO)
    for it in items:
        total = total + it
    return total


def _mul(a: Decimal, b: Decimal) -> Decimal:
    if (a.is_infinite() and b == 0) or (b.is_infinite() and a == 0):
        return ZERO
    return a * b


def _div(a: Decimal, b: Decimal) -> Decimal:
    if b.is_infinite():
        return ZERO if not a.is_infinite() else a.copy_sign(a * b.copy_sign(Decimal(1)))
    return a / b


def _fmt(v: Decimal, places: int) -> str:
    if v.is_infinite():
        return "∞" if v > 0 else "-∞"
    q = Decimal(1).scaleb(-places)
    s = f"{v.quantize(q):f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s
