"""jixiao.interval: rounding intervals, meeting, arithmetic, cap. Decimals only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.interval import INF, NEG_INF, Interval, half_unit, interval_sum


def iv(lo, hi=None) -> Interval:
    """Interval from strings: iv("1", "2"), iv("5") for a point; "inf" and "-inf" allowed."""
    d = lambda s: {"inf": INF, "-inf": NEG_INF}.get(s) or Decimal(s)  # noqa: E731
    return Interval(d(lo), d(lo if hi is None else hi))


THIRD = "0.3333333333333333333333333333333333"  # 34 significant digits: the division context

CASES = [
    # name, computed, expected
    ("rounded-two-decimals", lambda: Interval.rounded(Decimal("99.84"), 2), iv("99.835", "99.845")),
    ("rounded-integer", lambda: Interval.rounded(Decimal("1435"), 0), iv("1434.5", "1435.5")),
    ("rounded-negative", lambda: Interval.rounded(Decimal("-3.5"), 1), iv("-3.55", "-3.45")),
    (
        "rounded-keeps-decimal-not-trailing-zeros",
        lambda: Interval.rounded(Decimal("100.00"), 2),
        iv("99.995", "100.005"),
    ),
    ("add", lambda: iv("1", "2") + iv("3", "4"), iv("4", "6")),
    ("sub-crosses-bounds", lambda: iv("1", "2") - iv("3", "4"), iv("-3", "-1")),
    ("mul-sign-change", lambda: iv("-1", "2") * iv("3", "4"), iv("-4", "8")),
    ("mul-zero-times-infinity-is-zero", lambda: iv("0", "1") * iv("2", "inf"), iv("0", "inf")),
    ("div", lambda: iv("1", "2") / iv("4", "8"), iv("0.125", "0.5")),
    ("div-by-interval-containing-zero", lambda: iv("1", "2") / iv("-1", "1"), iv("-inf", "inf")),
    ("div-by-interval-touching-zero", lambda: iv("1", "2") / iv("0", "2"), iv("-inf", "inf")),
    ("div-by-zero-point", lambda: iv("1") / iv("0"), iv("-inf", "inf")),
    ("div-third-at-34-digits", lambda: iv("1") / iv("3"), iv(THIRD)),
    ("div-by-unbounded", lambda: iv("1", "2") / iv("3", "inf"), iv("0", "0.6666666666666666666666666666666667")),
    ("div-unbounded-numerator", lambda: iv("1", "inf") / iv("2", "4"), iv("0.25", "inf")),
    ("scale-negative-flips", lambda: iv("1", "2").scale(Decimal(-10)), iv("-20", "-10")),
    ("cap-cuts-top", lambda: iv("99", "101").cap(Decimal(100)), iv("99", "100")),
    ("cap-above-collapses", lambda: iv("101", "102").cap(Decimal(100)), iv("100", "100")),
    ("cap-unbounded", lambda: iv("1", "inf").cap(Decimal(100)), iv("1", "100")),
    ("floor-at", lambda: iv("-1", "5").floor_at(Decimal(0)), iv("0", "5")),
    ("sum", lambda: interval_sum([iv("1", "2"), iv("3", "4"), iv("0.5")]), iv("4.5", "6.5")),
    ("sum-empty", lambda: interval_sum([]), iv("0")),
]


@pytest.mark.parametrize("compute, expected", [pytest.param(c, e, id=n) for n, c, e in CASES])
def test_interval_arithmetic(compute, expected):
    got = compute()
    assert isinstance(got.lo, Decimal) and isinstance(got.hi, Decimal)
    assert (got.lo, got.hi) == (expected.lo, expected.hi)


MEETS = [
    ("touching", iv("1", "2"), iv("2", "3"), True),
    ("apart", iv("1", "2"), iv("2.001", "3"), False),
    ("inside", iv("1", "10"), iv("4", "5"), True),
    ("adjacent-roundings-touch", Interval.rounded(Decimal("99.84"), 2), Interval.rounded(Decimal("99.85"), 2), True),
    ("roundings-apart", Interval.rounded(Decimal("99.84"), 2), Interval.rounded(Decimal("99.86"), 2), False),
    ("at-least-meets-higher", iv("18500", "inf"), iv("20000"), True),
    ("at-least-misses-lower", iv("18500", "inf"), iv("18000"), False),
    ("at-most-misses-higher", iv("0", "5.5"), iv("6"), False),
    ("unbounded-both", iv("-inf", "inf"), iv("123"), True),
]


@pytest.mark.parametrize("a, b, meets", [pytest.param(a, b, m, id=n) for n, a, b, m in MEETS])
def test_meets_is_symmetric(a, b, meets):
    assert a.meets(b) is meets
    assert b.meets(a) is meets


def test_execution_rate_from_printed_figures():
    """支出2,275.13万元 / 预算2,300.00万元: a printed 98.92% is consistent, 98.95% is not."""
    spend, budget = Interval.rounded(Decimal("2275.13"), 2), Interval.rounded(Decimal("2300.00"), 2)
    rate = spend / budget * Interval.exact(Decimal(100))
    assert rate.meets(Interval.rounded(Decimal("98.92"), 2))
    assert not rate.meets(Interval.rounded(Decimal("98.95"), 2))


@pytest.mark.parametrize(
    "interval, shown",
    [(iv("5"), "5"), (iv("1", "2.5"), "[1, 2.5]"), (iv("18500", "inf"), "[18500, ∞]"), (iv("-inf", "0"), "[-∞, 0]")],
)
def test_describe(interval, shown):
    assert interval.describe() == shown


@pytest.mark.parametrize("decimals, half", [(0, "0.5"), (1, "0.05"), (2, "0.005"), (4, "0.00005")])
def test_half_unit(decimals, half):
    assert half_unit(decimals) == Decimal(half)


def test_mid_of_unbounded_is_its_finite_end():
    assert iv("3", "inf").mid == Decimal(3)
    assert iv("2", "4").mid == Decimal(3)
