"""Rounding-aware interval arithmetic for the generator's own checks.

A printed figure with d decimals stands for v ± ½·10⁻ᵈ (XBRL Calculations 1.1).  Every injected
error is asserted to lie outside what the printed figures allow (``conflict``) and every trap
inside it (``agree``), so a label never claims an error that rounding could explain.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, getcontext

getcontext().prec = 40


def _clean(s: str) -> str:
    return str(s).replace(",", "").replace("，", "").strip()


@dataclass(frozen=True)
class Iv:
    lo: Decimal
    hi: Decimal

    def __add__(self, o: "Iv") -> "Iv":
        o = ivx(o)
        return Iv(self.lo + o.lo, self.hi + o.hi)

    __radd__ = __add__

    def __sub__(self, o: "Iv") -> "Iv":
        o = ivx(o)
        return Iv(self.lo - o.hi, self.hi - o.lo)

    def __mul__(self, o) -> "Iv":
        o = ivx(o)
        ps = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        return Iv(min(ps), max(ps))

    __rmul__ = __mul__

    def __truediv__(self, o) -> "Iv":
        o = ivx(o)
        assert o.lo > 0, "divisor interval must be positive"
        ps = [self.lo / o.lo, self.lo / o.hi, self.hi / o.lo, self.hi / o.hi]
        return Iv(min(ps), max(ps))

    def meets(self, o) -> bool:
        o = ivx(o)
        return self.lo <= o.hi and o.lo <= self.hi

    def contains(self, x) -> bool:
        return self.lo <= Decimal(x) <= self.hi


def iv(printed: str) -> Iv:
    """The interval a printed number stands for ("1,234.5" → [1234.45, 1234.55])."""
    s = _clean(printed)
    v = Decimal(s)
    d = len(s.split(".")[1]) if "." in s else 0
    h = Decimal(5) / (Decimal(10) ** (d + 1))
    return Iv(v - h, v + h)


def exact(x) -> Iv:
    """An exact quantity (a count, a divisor, the 100 in a percentage)."""
    v = Decimal(_clean(str(x)))
    return Iv(v, v)


def ivx(x) -> Iv:
    return x if isinstance(x, Iv) else exact(x)


def mean(terms: list, n=None) -> Iv:
    total = sum((iv(t) if isinstance(t, str) else ivx(t) for t in terms), exact(0))
    return total / exact(n if n is not None else len(terms))


def pct(num: Iv, den: Iv) -> Iv:
    return num / den * exact(100)


def agree(a, b, what: str) -> None:
    a, b = (iv(x) if isinstance(x, str) else x for x in (a, b))
    if not a.meets(b):
        raise AssertionError(f"trap is not consistent: {what}: {a} vs {b}")


def conflict(a, b, what: str) -> None:
    a, b = (iv(x) if isinstance(x, str) else x for x in (a, b))
    if a.meets(b):
        raise AssertionError(f"error is explainable by rounding: {what}: {a} vs {b}")
